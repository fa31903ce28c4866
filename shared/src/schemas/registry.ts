import { z } from 'zod';
import { MAX_FILES_PER_UPLOAD } from './files';
import { emailSchema, innSchema, isoDateSchema, objectIdSchema, ogrnSchema, phoneSchema } from './common';
import { MEMBER_KINDS, MEMBER_STATUSES, type MemberKind, type MemberStatus } from '../enums';

// The registry entry of a member (seeds 001, 003 "Модуль РЕЕСТР"): one schema for staff edits, for the
// member's "report a change" and for CSV import, so the same value is valid (or not) everywhere.

const text = (max = 500) => z.string().trim().min(1, 'Заполните поле').max(max, `Не длиннее ${max} символов`);
const money = z.coerce.number('Укажите сумму').min(0, 'Сумма не может быть отрицательной').max(1e13, 'Слишком большая сумма');
const years = z.coerce.number('Укажите число лет').min(0, 'Стаж не может быть отрицательным').max(80, 'Стаж — не больше 80 лет');

export const addressSchema = text(500);

/**
 * Contact phones: one or several numbers, separated by commas or semicolons ("номера контактных телефонов"),
 * each checked like any phone, kept as one normalised line "a, b" (one field, so forms and CSV stay simple).
 */
export const phonesSchema = z
  .string()
  .trim()
  .transform((v) => v.split(/\s*[,;]\s*/).filter(Boolean))
  .pipe(z.array(phoneSchema).min(1, 'Укажите телефон').max(5, 'Не больше 5 телефонов'))
  .transform((list) => list.join(', '));

export const passportSchema = z.object({
  series: z.string().trim().regex(/^\d{4}$/, 'Серия паспорта — 4 цифры'),
  number: z.string().trim().regex(/^\d{6}$/, 'Номер паспорта — 6 цифр'),
  issuedBy: text(300).optional(),
  issuedAt: isoDateSchema.optional(),
});

export const insuranceSchema = z
  .object({
    number: text(100),
    insurer: text(300),
    sum: money,
    from: isoDateSchema,
    to: isoDateSchema,
  })
  .refine((p) => p.from <= p.to, { message: 'Начало периода страхования позже его конца', path: ['to'] });

export const educationSchema = z.object({
  diplomaNumber: text(100),
  institution: text(300),
  specialisation: text(300),
  year: z.coerce.number().int().min(1950, 'Год — с 1950').max(2100).optional(),
});

export const employmentSchema = z.object({
  organisation: text(300),
  /** ИНН of the employer (a cadastral engineer reports the legal entity it works for, seed 001). */
  organisationInn: innSchema.optional(),
  position: text(200),
  totalExperienceYears: years.optional(),
  professionalExperienceYears: years.optional(),
});

export const responsibilitySchema = z.object({
  /** Уровень ответственности по КФ ВВ (1–5) и КФ ОДО (1–5), ГрК ст. 55.16. */
  levelVv: z.coerce.number().int().min(1, 'Уровень — от 1 до 5').max(5, 'Уровень — от 1 до 5').optional(),
  levelOdo: z.coerce.number().int().min(1, 'Уровень — от 1 до 5').max(5, 'Уровень — от 1 до 5').optional(),
  contributionVv: money.optional(),
  contributionOdo: money.optional(),
});

export const rightToWorkSchema = z.preprocess(
  (v) => (v === 'true' || v === 'да' ? true : v === 'false' || v === 'нет' ? false : v),
  z.boolean('Укажите: да или нет'),
);

export const disciplinaryMeasureSchema = z.object({
  date: isoDateSchema,
  measure: text(300),
  reason: text(1000).optional(),
});

/**
 * Groups of the card in the order of the seeds ("Информация о члене"); each has its own "last confirmed" date.
 * The i18n keys are `group.<key>`; `closed` is the closed part (staff and the member only).
 */
export const REGISTRY_GROUPS = ['general', 'addresses', 'contacts', 'closed', 'insurance', 'education', 'employment', 'responsibility', 'discipline'] as const;
export type RegistryGroup = (typeof REGISTRY_GROUPS)[number];

interface FieldSpec {
  schema: z.ZodType;
  group: RegistryGroup;
  /** The closed part: never in the public registry, its search or its errors. */
  closed: boolean;
}

/**
 * Registry fields that can change, each with its validation. Keys are the paths reported in a change and
 * recorded in history.
 */
export const REGISTRY_FIELDS = {
  name: { schema: text(500), group: 'general', closed: false },
  shortName: { schema: text(300), group: 'general', closed: false },
  kind: { schema: z.enum(MEMBER_KINDS, 'Выберите вид'), group: 'general', closed: false },
  inn: { schema: innSchema, group: 'general', closed: false },
  ogrn: { schema: ogrnSchema, group: 'general', closed: false },
  status: { schema: z.enum(MEMBER_STATUSES, 'Выберите статус'), group: 'general', closed: false },
  regNumber: { schema: text(50), group: 'general', closed: false },
  regDate: { schema: isoDateSchema, group: 'general', closed: false },
  legalAddress: { schema: addressSchema, group: 'addresses', closed: false },
  postalAddress: { schema: addressSchema, group: 'contacts', closed: false },
  phone: { schema: phonesSchema, group: 'contacts', closed: false },
  email: { schema: emailSchema, group: 'contacts', closed: false },
  'closed.passport': { schema: passportSchema, group: 'closed', closed: true },
  'closed.residence': { schema: addressSchema, group: 'closed', closed: true },
  'closed.birthDate': { schema: isoDateSchema, group: 'closed', closed: true },
  'closed.birthPlace': { schema: text(300), group: 'closed', closed: true },
  insurance: { schema: z.array(insuranceSchema).max(20), group: 'insurance', closed: false },
  education: { schema: z.array(educationSchema).max(20), group: 'education', closed: false },
  employment: { schema: z.array(employmentSchema).max(20), group: 'employment', closed: false },
  responsibility: { schema: responsibilitySchema, group: 'responsibility', closed: false },
  rightToWork: { schema: rightToWorkSchema, group: 'responsibility', closed: false },
  disciplinaryMeasures: { schema: z.array(disciplinaryMeasureSchema).max(100), group: 'discipline', closed: false },
} as const satisfies Record<string, FieldSpec>;

export type RegistryField = keyof typeof REGISTRY_FIELDS;

/** The Russian name of each field, for lines the server writes (the client words them from its dictionaries). */
export const REGISTRY_FIELD_LABELS_RU: Record<RegistryField, string> = {
  name: 'Наименование / ФИО', shortName: 'Сокращённое наименование', kind: 'Вид члена', inn: 'ИНН', ogrn: 'ОГРН / ОГРНИП',
  status: 'Статус', regNumber: 'Регистрационный номер', regDate: 'Дата регистрации в реестре', legalAddress: 'Юридический адрес',
  postalAddress: 'Почтовый адрес', phone: 'Телефон', email: 'E-mail', 'closed.passport': 'Паспорт', 'closed.residence': 'Место жительства',
  'closed.birthDate': 'Дата рождения', 'closed.birthPlace': 'Место рождения', insurance: 'Договоры страхования', education: 'Образование',
  employment: 'Трудовая деятельность', responsibility: 'Уровни ответственности и взносы в КФ', rightToWork: 'Наличие права',
  disciplinaryMeasures: 'Меры дисциплинарного воздействия',
};
export const REGISTRY_FIELD_NAMES = Object.keys(REGISTRY_FIELDS) as RegistryField[];

/** The fields of each group, in card order. */
export const REGISTRY_GROUP_FIELDS = Object.fromEntries(
  REGISTRY_GROUPS.map((g) => [g, REGISTRY_FIELD_NAMES.filter((f) => REGISTRY_FIELDS[f].group === g)]),
) as Record<RegistryGroup, RegistryField[]>;

/**
 * Fields a member may report as changed. The registry number and date, status, INN, right to work and
 * disciplinary measures are the SRO's own decisions, never a member's report.
 */
export const MEMBER_REPORTABLE_FIELDS: RegistryField[] = REGISTRY_FIELD_NAMES.filter((f) => !['status', 'regNumber', 'regDate', 'inn', 'rightToWork', 'disciplinaryMeasures'].includes(f));

const changeSchema = z.object({
  field: z.enum(REGISTRY_FIELD_NAMES as [RegistryField, ...RegistryField[]], 'Выберите, какие сведения изменились'),
  newValue: z.unknown(),
  comment: z.string().trim().max(1000).optional(),
});

/** Validates each change's new value with its field's schema; issues point at `changes.N.newValue`. */
export const registryChangesSchema = z
  .array(changeSchema)
  .min(1, 'Укажите, какие сведения изменились')
  .max(30)
  .superRefine((changes, ctx) => {
    const seen = new Set<string>();
    changes.forEach((change, i) => {
      if (seen.has(change.field)) ctx.addIssue({ code: 'custom', message: 'Это поле уже указано выше', path: [i, 'field'] });
      seen.add(change.field);
      const result = REGISTRY_FIELDS[change.field].schema.safeParse(change.newValue);
      if (!result.success) {
        for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [i, 'newValue', ...issue.path] });
      } else {
        change.newValue = result.data;
      }
    });
  });

export type RegistryChange = { field: RegistryField; newValue: unknown; comment?: string };

/** A scanned supporting document of a reported change: the uploaded file (POST /api/files) and its comment. */
export const changeDocumentSchema = z.object({
  fileId: objectIdSchema,
  comment: z.string().trim().max(500, 'Комментарий — не длиннее 500 символов').optional(),
});

/**
 * The `form` of a `registry_change` thread ("Сообщить об изменениях"): what changed with the new values,
 * and the scans with a comment each. The files themselves travel as the thread's `attachments`.
 */
export const registryChangeFormSchema = z
  .object({
    changes: registryChangesSchema,
    documents: z.array(changeDocumentSchema).max(MAX_FILES_PER_UPLOAD, `Не больше ${MAX_FILES_PER_UPLOAD} документов`).default([]),
  })
  .superRefine((form, ctx) => {
    form.changes.forEach((c, i) => {
      if (!MEMBER_REPORTABLE_FIELDS.includes(c.field)) ctx.addIssue({ code: 'custom', message: 'Эти сведения меняет только СРО', path: ['changes', i, 'field'] });
    });
  });
export type RegistryChangeForm = z.infer<typeof registryChangeFormSchema>;

/** Staff edit: `{changes: [...]}` — the same shape as a member's report, any field. */
export const registryPatchSchema = z.object({ changes: registryChangesSchema });

export const rejectChangeSchema = z.object({ reason: z.string().trim().min(3, 'Укажите причину отказа').max(2000) });

// ---- Queries -------------------------------------------------------------------------------------------

const cursorSchema = z.string().regex(/^[0-9a-f]{24}$/i, 'Некорректный курсор');

/** Public registry: GET /api/registry. */
export const registryQuerySchema = z.object({
  q: z.string().trim().max(100, 'Запрос — не длиннее 100 символов').optional(),
  status: z.enum(MEMBER_STATUSES, 'Неизвестный статус').optional(),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type RegistryQuery = z.infer<typeof registryQuerySchema>;

/** Staff list: GET /api/admin/members. */
export const adminMembersQuerySchema = registryQuerySchema.extend({
  kind: z.enum(MEMBER_KINDS, 'Неизвестный вид').optional(),
});
export type AdminMembersQuery = z.infer<typeof adminMembersQuerySchema>;

// ---- Payloads ------------------------------------------------------------------------------------------

/** A row of the public registry (and of the staff list): the open part's headline. */
export interface RegistryItemDto {
  id: string;
  kind: MemberKind;
  name: string;
  shortName?: string;
  inn: string;
  ogrn?: string;
  regNumber?: string;
  regDate?: string;
  status: MemberStatus;
}

/** GET /api/registry/:id — the open part, published (seed 001): never passport, residence, birth. */
export interface RegistryOpenCardDto extends RegistryItemDto {
  legalAddress?: string;
  postalAddress?: string;
  phone?: string;
  email?: string;
  insurance: { number: string; insurer: string; sum: number; from: string; to: string }[];
  education: { institution: string; specialisation: string; year?: number }[];
  employment: { organisation: string; position: string }[];
  responsibility: z.infer<typeof responsibilitySchema> | null;
  rightToWork: boolean | null;
  disciplinaryMeasures: { date: string; measure: string }[];
}

export interface ClosedPartDto {
  passport?: z.infer<typeof passportSchema>;
  residence?: string;
  birthDate?: string;
  birthPlace?: string;
}

/** The full card (the member's own, staff's): every field by its registry path, plus the seeds' grouping. */
export interface MemberCardDto extends Omit<RegistryOpenCardDto, 'education' | 'employment'> {
  education: z.infer<typeof educationSchema>[];
  employment: z.infer<typeof employmentSchema>[];
  closed: ClosedPartDto;
  /** Each group with the fields it shows and the date it was last confirmed (changed or checked by the SRO). */
  groups: { key: RegistryGroup; fields: RegistryField[]; confirmedAt: string | null }[];
  confirmedAt: Partial<Record<RegistryGroup, string>>;
  updatedAt?: string;
}

export interface HistoryChangeDto {
  /** The registry path (a key of REGISTRY_FIELDS). */
  field: string;
  old: unknown;
  new: unknown;
}

export interface HistoryEntryDto {
  at: string;
  actorName?: string;
  source: 'staff' | 'member_report' | 'import';
  threadId?: string;
  changes: HistoryChangeDto[];
}

/** GET /api/registry-changes/:threadId — a reported change against the registry: old → new per field. */
export interface RegistryChangeDiffDto {
  threadId: string;
  status: 'pending' | 'applied' | 'rejected';
  changes: { field: RegistryField; old: unknown; new: unknown; comment?: string; same: boolean }[];
  documents: { fileId: string; comment?: string }[];
}

export interface ImportRowError {
  /** Line number in the file: the header is line 1. */
  row: number;
  field: string;
  message: string;
}

export interface ImportReportDto {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  invited: number;
  errors: ImportRowError[];
  /** Errors beyond the first 5 000 are counted, not listed. */
  errorsNotShown: number;
  /** Rows with at least one error (a row may have several): what "с ошибками" counts. */
  errorRows: number;
  unknownColumns: string[];
  encoding: 'utf-8' | 'windows-1251';
  delimiter: ';' | ',';
  /** Dry run: what would change, per row (first 200). */
  preview: { row: number; inn: string; action: 'create' | 'update'; fields?: string[] }[];
}

export interface ImportJobDto {
  jobId: string;
  status: 'running' | 'done' | 'failed';
  dryRun: boolean;
  total: number;
  processed: number;
  report: ImportReportDto | null;
  error?: string;
}
