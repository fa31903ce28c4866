import { z } from 'zod';
import { emailSchema, innSchema, isoDateSchema, ogrnSchema, phoneSchema } from './common';
import { MEMBER_KINDS, MEMBER_STATUSES } from '../enums';

// The registry entry of a member (seeds 001, 003 "Модуль РЕЕСТР"): one schema for staff edits, for the
// member's "report a change" and for CSV import, so the same value is valid (or not) everywhere.

const text = (max = 500) => z.string().trim().min(1, 'Заполните поле').max(max);
const money = z.coerce.number('Укажите сумму').min(0, 'Сумма не может быть отрицательной');

export const addressSchema = text(500);

export const passportSchema = z.object({
  series: z.string().trim().regex(/^\d{4}$/, 'Серия паспорта — 4 цифры'),
  number: z.string().trim().regex(/^\d{6}$/, 'Номер паспорта — 6 цифр'),
  issuedBy: text(300).optional(),
  issuedAt: isoDateSchema.optional(),
});

export const insuranceSchema = z.object({
  number: text(100),
  insurer: text(300),
  sum: money,
  from: isoDateSchema,
  to: isoDateSchema,
});

export const educationSchema = z.object({
  diplomaNumber: text(100),
  institution: text(300),
  specialisation: text(300),
  year: z.coerce.number().int().min(1950).max(2100).optional(),
});

export const employmentSchema = z.object({
  organisation: text(300),
  position: text(200),
  totalExperienceYears: z.coerce.number().min(0).max(80).optional(),
  professionalExperienceYears: z.coerce.number().min(0).max(80).optional(),
});

export const responsibilitySchema = z.object({
  /** Уровень ответственности по КФ ВВ (1–5) и КФ ОДО (1–5). */
  levelVv: z.coerce.number().int().min(1).max(5).optional(),
  levelOdo: z.coerce.number().int().min(1).max(5).optional(),
  contributionVv: money.optional(),
  contributionOdo: money.optional(),
});

export const disciplinaryMeasureSchema = z.object({
  date: isoDateSchema,
  measure: text(300),
  reason: text(1000).optional(),
});

/**
 * Registry fields that can change, each with its validation. Keys are the paths reported in a change and
 * recorded in history. `closed` marks the closed part: never in the public registry.
 */
export const REGISTRY_FIELDS = {
  name: { schema: text(500), group: 'general', closed: false },
  shortName: { schema: text(300), group: 'general', closed: false },
  kind: { schema: z.enum(MEMBER_KINDS, 'Выберите вид'), group: 'general', closed: false },
  inn: { schema: innSchema, group: 'general', closed: false },
  ogrn: { schema: ogrnSchema, group: 'general', closed: false },
  status: { schema: z.enum(MEMBER_STATUSES), group: 'general', closed: false },
  regNumber: { schema: text(50), group: 'general', closed: false },
  regDate: { schema: isoDateSchema, group: 'general', closed: false },
  legalAddress: { schema: addressSchema, group: 'addresses', closed: false },
  postalAddress: { schema: addressSchema, group: 'contacts', closed: false },
  phone: { schema: phoneSchema, group: 'contacts', closed: false },
  email: { schema: emailSchema, group: 'contacts', closed: false },
  'closed.passport': { schema: passportSchema, group: 'closed', closed: true },
  'closed.residence': { schema: addressSchema, group: 'closed', closed: true },
  'closed.birthDate': { schema: isoDateSchema, group: 'closed', closed: true },
  'closed.birthPlace': { schema: text(300), group: 'closed', closed: true },
  insurance: { schema: z.array(insuranceSchema).max(20), group: 'insurance', closed: false },
  education: { schema: z.array(educationSchema).max(20), group: 'education', closed: false },
  employment: { schema: z.array(employmentSchema).max(20), group: 'employment', closed: false },
  responsibility: { schema: responsibilitySchema, group: 'responsibility', closed: false },
  rightToWork: { schema: z.boolean(), group: 'responsibility', closed: false },
  disciplinaryMeasures: { schema: z.array(disciplinaryMeasureSchema).max(100), group: 'discipline', closed: false },
} as const;

export type RegistryField = keyof typeof REGISTRY_FIELDS;
export const REGISTRY_FIELD_NAMES = Object.keys(REGISTRY_FIELDS) as RegistryField[];

/** Fields a member may report as changed (the registry number, date and status are the SRO's). */
export const MEMBER_REPORTABLE_FIELDS: RegistryField[] = REGISTRY_FIELD_NAMES.filter((f) => !['status', 'regNumber', 'regDate', 'inn'].includes(f));

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
    changes.forEach((change, i) => {
      const result = REGISTRY_FIELDS[change.field].schema.safeParse(change.newValue);
      if (!result.success) {
        for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [i, 'newValue', ...issue.path] });
      } else {
        change.newValue = result.data;
      }
    });
  });

export type RegistryChange = { field: RegistryField; newValue: unknown; comment?: string };

/** Staff edit: `{changes: [...]}` — the same shape as a member's report. */
export const registryPatchSchema = z.object({ changes: registryChangesSchema });

export const rejectChangeSchema = z.object({ reason: z.string().trim().min(3, 'Укажите причину отказа').max(2000) });

export interface HistoryEntryDto {
  at: string;
  actorName?: string;
  source: 'staff' | 'member_report' | 'import';
  threadId?: string;
  changes: { field: string; old: unknown; new: unknown }[];
}
