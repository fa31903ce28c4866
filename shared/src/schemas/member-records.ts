import { z } from 'zod';
import { MAX_FILES_PER_UPLOAD } from './files';

// The information modules of the cabinet (API.md "Money, dates, filters" … "НРС specialists"): what staff record
// about a member and what the member reads. Money is an integer number of kopecks; dates are YYYY-MM-DD.

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата — в формате ГГГГ-ММ-ДД').refine(isRealDay, 'Нет такой даты');

/** "2026-02-30" parses in JavaScript (it rolls over to March): a real day reads back the same. */
function isRealDay(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
const kopecksSchema = z.number({ error: 'Сумма — целое число копеек' }).int('Сумма — целое число копеек').min(0, 'Сумма не может быть отрицательной').max(1e15, 'Слишком большая сумма');
const text = (max: number) => z.string().trim().max(max, `Не длиннее ${max} символов`);

/** The member's list filters shared by every module: year and month of the record's date. */
export const periodQuerySchema = z.object({
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
  /** Keyset paging: `nextCursor` of the previous page; `limit` items a page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

// ── Payments and charges ────────────────────────────────────────────────────────────────────────────────
export const PAYMENT_TYPES = ['entry_fee', 'membership_fee', 'compensation_fund_vv', 'compensation_fund_odo', 'targeted'] as const;
export type PaymentType = (typeof PAYMENT_TYPES)[number];

export const createChargeSchema = z.object({
  type: z.enum(PAYMENT_TYPES, 'Неизвестный вид платежа'),
  amount: kopecksSchema.refine((v) => v > 0, 'Сумма должна быть больше нуля'),
  dueDate: dateSchema,
  purpose: text(500).optional(),
});
export type CreateChargeInput = z.infer<typeof createChargeSchema>;

export const createPaymentSchema = z.object({
  type: z.enum(PAYMENT_TYPES, 'Неизвестный вид платежа'),
  amount: kopecksSchema.refine((v) => v > 0, 'Сумма должна быть больше нуля'),
  paidAt: dateSchema,
  confirmed: z.boolean().default(false),
  purpose: text(500).optional(),
  docNumber: text(50).optional(),
});
export type CreatePaymentInput = z.infer<typeof createPaymentSchema>;

export const paymentsQuerySchema = periodQuerySchema.extend({
  type: z.enum(PAYMENT_TYPES).optional(),
  confirmed: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

export interface PaymentDto { id: string; type: PaymentType; amount: number; paidAt: string; confirmed: boolean; purpose?: string; docNumber?: string }
export interface ChargeDto { id: string; type: PaymentType; amount: number; dueDate: string; purpose?: string; paid: number; overdueDays: number }
/** The debt on top of the payments page: charges due by today minus confirmed payments, never below 0. */
export interface BalanceDto { debt: number; charges: ChargeDto[] }
export interface PaymentsResponse {
  items: PaymentDto[];
  balance: BalanceDto;
  nextCursor: string | null;
  /** The SRO's own names of the payment types (finance settings), where it set any. */
  typeNames: Partial<Record<PaymentType, string>>;
}

// ── Inspections ─────────────────────────────────────────────────────────────────────────────────────────
export const INSPECTION_TYPES = ['planned', 'unplanned'] as const;
export const INSPECTION_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const;

export const violationSchema = z.object({
  description: text(2000).min(1, 'Опишите нарушение'),
  deadline: dateSchema.optional(),
  resolvedAt: dateSchema.optional(),
});

export const inspectionSchema = z.object({
  type: z.enum(INSPECTION_TYPES, 'Вид проверки: плановая или внеплановая'),
  startDate: dateSchema,
  endDate: dateSchema.optional(),
  subject: text(1000).optional(),
  status: z.enum(INSPECTION_STATUSES, 'Неизвестный статус проверки').default('planned'),
  violations: z.array(violationSchema).max(100).default([]),
  recommendations: text(5000).optional(),
  result: text(5000).optional(),
});
export const inspectionPatchSchema = inspectionSchema.partial();
export type InspectionInput = z.infer<typeof inspectionSchema>;

export const inspectionsQuerySchema = periodQuerySchema.extend({
  type: z.enum(INSPECTION_TYPES).optional(),
  status: z.enum(INSPECTION_STATUSES).optional(),
});

export interface ViolationDto { description: string; deadline?: string; resolvedAt?: string; resolved: boolean }
export interface InspectionDto {
  id: string; memberId: string; type: (typeof INSPECTION_TYPES)[number]; status: (typeof INSPECTION_STATUSES)[number];
  startDate: string; endDate?: string; subject?: string; violations: ViolationDto[]; recommendations?: string; result?: string;
}

// ── Contracts and the КФ ОДО headroom ───────────────────────────────────────────────────────────────────
export const CONTRACT_STATUSES = ['active', 'completed', 'terminated'] as const;

export const contractSchema = z.object({
  number: text(100).min(1, 'Укажите номер договора'),
  customer: text(500).min(1, 'Укажите заказчика'),
  subject: text(2000).optional(),
  price: kopecksSchema,
  signedAt: dateSchema,
  status: z.enum(CONTRACT_STATUSES, 'Статус: действует, исполнен или расторгнут').default('active'),
  completedAmount: kopecksSchema.default(0),
}).refine((c) => c.completedAmount <= c.price, { message: 'Исполнено не может быть больше цены договора', path: ['completedAmount'] });

/** ГрК РФ ст. 55.16 ч. 13: the ceiling of obligations for each КФ ОДО level, in kopecks (level 5: no ceiling). */
export const DEFAULT_ODO_LIMITS: Record<number, number | null> = {
  1: 60_000_000_00, 2: 500_000_000_00, 3: 3_000_000_000_00, 4: 10_000_000_000_00, 5: null,
};

const ceilingSchema = kopecksSchema.nullable();
/** Admin: the SRO's КФ ОДО ceilings per level and its names for the payment types (API: /api/admin/settings/finance). */
export const financeSettingsSchema = z.object({
  odoLimits: z.object({ 1: ceilingSchema, 2: ceilingSchema, 3: ceilingSchema, 4: ceilingSchema, 5: ceilingSchema }),
  paymentTypeNames: z.partialRecord(z.enum(PAYMENT_TYPES), text(100).min(1)).default({}),
});
export type FinanceSettings = z.infer<typeof financeSettingsSchema>;

export interface ContractDto { id: string; number: string; customer: string; subject?: string; price: number; signedAt: string; status: (typeof CONTRACT_STATUSES)[number]; completedAmount: number }
/** `headroom` = `limit − obligations`; null with no ceiling or no level. `lowHeadroom`: under 10 % of the limit left. */
export interface OdoSummaryDto { level: number | null; limit: number | null; obligations: number; headroom: number | null; lowHeadroom: boolean }
export interface ContractsResponse { items: ContractDto[]; odo: OdoSummaryDto }

// ── НРС specialists ─────────────────────────────────────────────────────────────────────────────────────
export const specialistSchema = z.object({
  fullName: text(300).min(3, 'Укажите ФИО полностью'),
  nrsNumber: text(50).min(1, 'Укажите номер в НРС'),
  position: text(300).optional(),
  nokDate: dateSchema.optional(),
});
export interface SpecialistDto { id: string; fullName: string; nrsNumber: string; position?: string; nokDate?: string; nokExpired: boolean }

// ── Calendar ────────────────────────────────────────────────────────────────────────────────────────────
export const CALENDAR_KINDS = ['fee_due', 'inspection', 'violation_deadline', 'report_deadline', 'request_due', 'insurance_end', 'event', 'task_due'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];

export const calendarQuerySchema = z.object({ from: dateSchema.optional(), to: dateSchema.optional() });

export const sroEventSchema = z.object({
  title: text(300).min(3, 'Укажите название события'),
  date: dateSchema,
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Время — ЧЧ:ММ').optional(),
  place: text(500).optional(),
  description: text(5000).optional(),
});

export interface CalendarItemDto { id: string; kind: CalendarKind; title: string; date: string; time?: string; place?: string; link?: string }

/** A year of the production calendar: days off beyond weekends (holidays, transfers) and working weekend days. */
export const productionYearSchema = z.object({
  daysOff: z.array(dateSchema).max(100, 'Не больше 100 дней'),
  workingDays: z.array(dateSchema).max(30, 'Не больше 30 дней'),
});
export type ProductionYearInput = z.infer<typeof productionYearSchema>;
export interface ProductionYearDto {
  year: number;
  daysOff: string[];
  workingDays: string[];
  holidays: { date: string; name: string }[];
  /** false: the default (Трудовой кодекс and the decrees known to this version), not yet set by the SRO */
  custom: boolean;
  updatedAt?: string;
}

// ── Tasks (СЕРВИС → Задачи) ─────────────────────────────────────────────────────────────────────────────
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const createTaskSchema = z.object({
  title: text(300).min(3, 'Что нужно сделать — не короче 3 символов'),
  description: text(5000).optional(),
  dueDate: dateSchema.optional(),
  /** The member is to return a document (the task is done with a file). */
  documentRequired: z.boolean().default(false),
});
export type CreateTaskInput = z.infer<typeof createTaskSchema>;

export const completeTaskSchema = z.object({
  comment: text(5000).optional(),
  fileIds: z.array(z.string().regex(/^[0-9a-f]{24}$/i, 'Некорректный идентификатор файла')).max(MAX_FILES_PER_UPLOAD, `Не больше ${MAX_FILES_PER_UPLOAD} файлов`).default([]),
});

export const updateTaskSchema = z.object({
  status: z.enum(TASK_STATUSES, 'Статус: open, done или cancelled').optional(),
  dueDate: dateSchema.nullable().optional(),
  comment: text(5000).optional(),
});

export interface TaskEventDto { at: string; actorName: string; action: 'created' | 'done' | 'reopened' | 'cancelled' | 'changed' | 'comment'; comment?: string; files?: { id: string; name: string; size: number }[] }
export interface TaskDto {
  id: string; memberId: string; memberName?: string; title: string; description?: string; dueDate?: string; documentRequired: boolean;
  status: TaskStatus; overdue: boolean; createdAt: string; history: TaskEventDto[];
}
