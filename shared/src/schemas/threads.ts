import { z } from 'zod';
import { isoDateSchema, objectIdSchema } from './common';
import { registryChangeFormSchema } from './registry';
import { pepConfirmSchema } from './signatures';
import { MAX_FILES_PER_UPLOAD } from './files';
import type { MessageKind, ThreadKind, ThreadStatus } from '../enums';
import { THREAD_KINDS, THREAD_STATUSES } from '../enums';

// Threads and messages (API.md "Threads"). A thread's `form` is typed per kind.

export const MAX_MESSAGE_LENGTH = 20_000;

export const registryExtractFormSchema = z.object({
  copies: z.coerce.number('Укажите число копий').int().min(1, 'От 1 до 10 копий').max(10, 'От 1 до 10 копий'),
  delivery: z.enum(['electronic', 'paper_pickup'], 'Выберите способ получения'),
});

export const ACCOUNTING_DOC_TYPES = ['invoice', 'reconciliation_act', 'closing_documents', 'other'] as const;

export const periodSchema = z
  .object({ from: isoDateSchema, to: isoDateSchema })
  .refine((p) => p.from <= p.to, { message: 'Начало периода позже его конца', path: ['to'] });

export const accountingDocumentsFormSchema = z
  .object({
    docType: z.enum(ACCOUNTING_DOC_TYPES, 'Выберите вид документа'),
    period: periodSchema.optional(),
  })
  .refine((f) => f.docType !== 'reconciliation_act' || f.period, {
    message: 'Для акта сверки укажите период',
    path: ['period'],
  });

export const generalFormSchema = z.object({ topic: z.string().trim().max(200).optional() });

export const annualReportFormSchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  /** Sent from the report page: which section, and each file with its detached signature. */
  sectionKey: z.string().max(40).optional(),
  sectionTitle: z.string().max(300).optional(),
  files: z.array(z.object({ fileId: objectIdSchema, signatureFileId: objectIdSchema.optional() })).max(20).optional(),
});

/** A question about an inspection: the inspection it is about (its card's «Вопрос об этой проверке»). */
export const inspectionQuestionFormSchema = z.object({
  inspectionId: objectIdSchema.optional(),
  about: z.string().trim().max(300).optional(),
});

export const specialistsFormSchema = z.object({
  specialist: z.string().trim().max(300).optional(),
});

export const NOTICE_TYPES = ['debt', 'inspection_plan', 'insurance_expiry', 'event', 'other'] as const;
export const noticeFormSchema = z.object({ noticeType: z.enum(NOTICE_TYPES).default('other') });

export const complaintFormSchema = z.object({
  complainant: z.string().trim().max(300).optional(),
});

const emptyFormSchema = z.object({}).strip();

/**
 * ОДО control (issue 11): the member reports a new contract counted in its КФ ОДО obligations, or a contract's
 * completion or termination; staff apply it to the member's contracts in one action. Every field is optional
 * for a draft; a report that is sent names what it is about (checked below).
 */
export const ODO_REPORTS = ['new_contract', 'completion'] as const;
const kopecks = z.number('Сумма — целое число копеек').int('Сумма — целое число копеек').min(0, 'Сумма не может быть отрицательной').max(1e15);
export const odoControlFormSchema = z
  .object({
    report: z.enum(ODO_REPORTS, 'Выберите: новый договор или исполнение договора').optional(),
    number: z.string().trim().max(100).optional(),
    customer: z.string().trim().max(500).optional(),
    subject: z.string().trim().max(2000).optional(),
    price: kopecks.optional(),
    signedAt: z.iso.date('Дата — в формате ГГГГ-ММ-ДД').optional(),
    completedAmount: kopecks.optional(),
    outcome: z.enum(['completed', 'terminated', 'in_progress'], 'Исполнен, расторгнут или исполняется').optional(),
  })
  .superRefine((f, ctx) => {
    if (f.report === 'new_contract') {
      if (!f.number) ctx.addIssue({ code: 'custom', path: ['number'], message: 'Укажите номер договора' });
      if (!f.customer) ctx.addIssue({ code: 'custom', path: ['customer'], message: 'Укажите заказчика' });
      if (f.price === undefined) ctx.addIssue({ code: 'custom', path: ['price'], message: 'Укажите цену договора' });
      if (!f.signedAt) ctx.addIssue({ code: 'custom', path: ['signedAt'], message: 'Укажите дату заключения' });
    }
    if (f.report === 'completion' && !f.number) ctx.addIssue({ code: 'custom', path: ['number'], message: 'Укажите номер договора' });
    if (f.price !== undefined && f.completedAmount !== undefined && f.completedAmount > f.price) ctx.addIssue({ code: 'custom', path: ['completedAmount'], message: 'Исполнено не может быть больше цены договора' });
  });
export type OdoControlForm = z.infer<typeof odoControlFormSchema>;

/** The form schema of each kind; one place, used by the server, the client's forms and docs. */
export const THREAD_FORM_SCHEMAS = {
  registry_extract: registryExtractFormSchema,
  accounting_documents: accountingDocumentsFormSchema,
  registry_change: registryChangeFormSchema,
  annual_report: annualReportFormSchema,
  odo_control: odoControlFormSchema,
  inspection: inspectionQuestionFormSchema,
  responsibility_level: emptyFormSchema,
  right_to_work: emptyFormSchema,
  specialists: specialistsFormSchema,
  general: generalFormSchema,
  notice: noticeFormSchema,
  complaint: complaintFormSchema,
} satisfies Record<ThreadKind, z.ZodType>;

export const clientMsgIdSchema = z.string().trim().min(8).max(100);
export const messageBodySchema = z.string().max(MAX_MESSAGE_LENGTH, 'Сообщение слишком длинное');
export const attachmentsSchema = z
  .array(objectIdSchema)
  .max(MAX_FILES_PER_UPLOAD, `Не больше ${MAX_FILES_PER_UPLOAD} файлов в сообщении`);

/** Body of POST /api/threads before the kind-specific form is checked (see parseCreateThread). */
export const createThreadBaseSchema = z.object({
  kind: z.enum(THREAD_KINDS, 'Неизвестный вид обращения'),
  subject: z.string().trim().max(300).optional(),
  form: z.record(z.string(), z.unknown()).optional(),
  body: messageBodySchema.optional(),
  attachments: attachmentsSchema.optional(),
  clientMsgId: clientMsgIdSchema.optional(),
  draft: z.boolean().optional(),
  /** Staff only: the member a notice or complaint is addressed to. */
  memberId: objectIdSchema.optional(),
  /** The ПЭП of the submission: the password again or the e-mailed code (without it: signed by the session). */
  confirm: pepConfirmSchema.optional(),
});

export type CreateThreadInput = z.infer<typeof createThreadBaseSchema> & { form: Record<string, unknown> };

/** Validates the envelope, then the form against its kind's schema; issues keep `form.` paths. */
export function parseCreateThread(input: unknown): z.ZodSafeParseResult<CreateThreadInput> {
  const base = createThreadBaseSchema.safeParse(input);
  if (!base.success) return base as z.ZodSafeParseResult<CreateThreadInput>;
  const formSchema = THREAD_FORM_SCHEMAS[base.data.kind] as z.ZodType<Record<string, unknown>>;
  const form = formSchema.safeParse(base.data.form ?? {});
  if (!form.success) {
    const issues = form.error.issues.map((issue) => ({ ...issue, path: ['form', ...issue.path] }));
    return { success: false, error: new z.ZodError(issues) } as z.ZodSafeParseResult<CreateThreadInput>;
  }
  // A general request says what it is about: a topic, a text or a file (drafts may still be empty).
  const generalTopic = base.data.kind === 'general' ? (form.data as { topic?: string }).topic?.trim() : 'n/a';
  if (!base.data.draft && !generalTopic && !base.data.body?.trim() && !base.data.attachments?.length) {
    return { success: false, error: new z.ZodError([{ code: 'custom', path: ['body'], message: 'Укажите тему, напишите текст обращения или приложите файл', input: base.data.body }]) } as z.ZodSafeParseResult<CreateThreadInput>;
  }
  return { success: true, data: { ...base.data, form: form.data } };
}

export const linkThreadSchema = z.object({ threadId: objectIdSchema });

export const updateThreadSchema = z.object({
  status: z.enum(THREAD_STATUSES).optional(),
  assigneeId: objectIdSchema.nullable().optional(),
  /** Compare-and-set for assignment: applied only if the current assignee is this one (null = unassigned). */
  expectedAssigneeId: objectIdSchema.nullable().optional(),
  dueAt: z.iso.datetime({ offset: true }).nullable().optional(),
  /** Required when staff reject: the member reads it in the status line. */
  reason: z.string().trim().min(3, 'Причина — не короче 3 символов').max(2000).optional(),
  /** Sending a draft signs it (see createThreadBaseSchema.confirm). */
  confirm: pepConfirmSchema.optional(),
});
export type UpdateThreadInput = z.infer<typeof updateThreadSchema>;

export const sendMessageSchema = z.object({
  threadId: objectIdSchema,
  body: messageBodySchema,
  attachments: attachmentsSchema.optional(),
  clientMsgId: clientMsgIdSchema,
  internal: z.boolean().optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

export const readThreadSchema = z.object({
  threadId: objectIdSchema,
  seq: z.number().int().min(0),
});

export const listThreadsQuerySchema = z.object({
  status: z.enum(THREAD_STATUSES).optional(),
  kind: z.enum(THREAD_KINDS).optional(),
  // `mine` is what the inbox's «Мои» tab sends: the same as `me`.
  assignee: z.union([z.enum(['me', 'mine', 'none', 'any']), objectIdSchema]).optional(),
  memberId: objectIdSchema.optional(),
  q: z.string().trim().max(200).optional(),
  direction: z.enum(['incoming', 'outgoing']).optional(),
  overdue: z.enum(['1', 'true']).optional(),
  registered: z.enum(['yes', 'no']).optional(),
  sort: z.enum(['activity', 'due']).optional(),
  /** Year and month of creation (the member's module lists, API.md "Money, dates, filters"). */
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
  /** Open (still being worked) or finished (resolved, rejected, closed). */
  open: z.enum(['true', 'false']).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListThreadsQuery = z.infer<typeof listThreadsQuerySchema>;

/** A message's attachment is a stored file (files.ts). */
export type AttachmentDto = import('./files').FileDto;

export interface MessageDto {
  id: string;
  threadId: string;
  seq: number;
  authorId: string | null;
  authorName?: string;
  authorRole?: 'member' | 'expert' | 'admin' | 'system';
  kind: MessageKind;
  body: string;
  attachments: AttachmentDto[];
  createdAt: string;
  clientMsgId?: string;
  /** For status_change messages: the client words the line in the reader's language (the body is Russian). */
  status?: StatusFact;
  /** For assignment lines: the new assignee's name, null when the assignee was removed. */
  assignment?: AssignmentFact;
  /** For the line "changes applied to the registry": each field old → new, shown as the card shows them. */
  registryChanges?: RegistryChangeFact[];
}

export interface RegistryChangeFact { field: import('./registry').RegistryField; old: unknown; new: unknown }
export interface StatusFact { from: ThreadStatus | null; to: ThreadStatus; reason?: string }
export interface AssignmentFact { to: string | null }

export interface ThreadDto {
  id: string;
  kind: ThreadKind;
  status: ThreadStatus;
  memberId: string;
  memberName?: string;
  subject: string;
  form: Record<string, unknown>;
  regNumber?: string;
  regDate?: string;
  assigneeId?: string | null;
  assigneeName?: string;
  dueAt?: string | null;
  linkedThreadIds: string[];
  direction: 'incoming' | 'outgoing';
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
  lastMessage?: { body: string; authorName?: string; createdAt: string; kind: MessageKind; status?: StatusFact; assignment?: AssignmentFact };
  /** Unread messages for the user asking. */
  unread?: number;
  /** The member's simple electronic signature of the submission. */
  signature?: import('./signatures').PepSignatureDto;
}

/**
 * A user's unread badges. `byDirection` splits the total by the folder that lists the thread: a member's
 * «Входящие» lists what the SRO sent (`outgoing`), «Исходящие» the member's own requests (`incoming`).
 */
export interface UnreadSummary {
  total: number;
  threads: Record<string, number>;
  byDirection: Record<import('./lifecycle').ThreadDirection, number>;
}

/** The `unread:updated` payload: one thread's new count and the user's new totals. */
export interface UnreadUpdate {
  total: number;
  threadId: string;
  count: number;
  byDirection: UnreadSummary['byDirection'];
}
