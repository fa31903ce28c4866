import type { Role, ThreadKind, ThreadStatus } from '../enums';

// The thread lifecycle (DESIGN.md §4): which status may follow which, and who may move it.

export const STATUS_TRANSITIONS: Record<ThreadStatus, readonly ThreadStatus[]> = {
  draft: ['submitted', 'closed'],
  // Staff close only what was resolved or rejected: nothing leaves without an answer (a duplicate or spam is
  // rejected). Only the member withdraws an unfinished request (MEMBER_TRANSITIONS).
  submitted: ['registered', 'in_progress', 'rejected'],
  registered: ['in_progress', 'waiting_member', 'resolved', 'rejected'],
  in_progress: ['waiting_member', 'resolved', 'rejected'],
  waiting_member: ['in_progress', 'resolved', 'rejected'],
  resolved: ['closed', 'in_progress'],
  rejected: ['closed'],
  // Staff may reopen what was closed (a member's withdrawal by mistake, a complaint that needs more work).
  closed: ['in_progress'],
};

/** A member may submit its draft, or withdraw (close) a request that is not finished yet. */
const MEMBER_TRANSITIONS: Partial<Record<ThreadStatus, readonly ThreadStatus[]>> = {
  draft: ['submitted', 'closed'],
  submitted: ['closed'],
  registered: ['closed'],
  in_progress: ['closed'],
  waiting_member: ['closed'],
};

/**
 * What the role may do from `from`. A thread the SRO started (a complaint about the member, a notice) is the
 * SRO's to close: its member writes in it but can never withdraw or close it.
 */
export function allowedTransitions(from: ThreadStatus, role: Role, kind?: ThreadKind): readonly ThreadStatus[] {
  if (role === 'member') return kind && OUTGOING_KINDS.includes(kind) ? [] : (MEMBER_TRANSITIONS[from] ?? []);
  return STATUS_TRANSITIONS[from];
}

export const canTransition = (from: ThreadStatus, to: ThreadStatus, role: Role, kind?: ThreadKind) => allowedTransitions(from, role, kind).includes(to);

/**
 * Every request the SRO acts on carries an incoming number: registering it explicitly, or moving it out of
 * `submitted` in any way but the member's withdrawal (`closed`), assigns the number, date and due date.
 */
export const registersThread = (from: ThreadStatus, to: ThreadStatus): boolean =>
  to === 'registered' || (from === 'submitted' && to !== 'closed');

export type StatusAudience = 'member' | 'staff';
export type Lang = 'ru' | 'en';

/** Members see plain words ("На рассмотрении"); staff see the workflow ("В работе"). One list for server and client. */
export const STATUS_LABELS: Record<Lang, Record<StatusAudience, Record<ThreadStatus, string>>> = {
  ru: {
    member: {
      draft: 'Черновик', submitted: 'Отправлено', registered: 'Зарегистрировано', in_progress: 'На рассмотрении',
      waiting_member: 'Нужен ваш ответ', resolved: 'Исполнено', rejected: 'Отказано', closed: 'Закрыто',
    },
    staff: {
      draft: 'Черновик', submitted: 'Новое', registered: 'Зарегистрировано', in_progress: 'В работе',
      waiting_member: 'Ждём члена СРО', resolved: 'Решено', rejected: 'Отклонено', closed: 'Закрыто',
    },
  },
  en: {
    member: {
      draft: 'Draft', submitted: 'Sent', registered: 'Registered', in_progress: 'Under review',
      waiting_member: 'Your reply needed', resolved: 'Done', rejected: 'Declined', closed: 'Closed',
    },
    staff: {
      draft: 'Draft', submitted: 'New', registered: 'Registered', in_progress: 'In progress',
      waiting_member: 'Waiting for member', resolved: 'Resolved', rejected: 'Rejected', closed: 'Closed',
    },
  },
};

/** What each kind of thread is called in menus, filters and lists (seed 000's names). */
export const KIND_LABELS: Record<Lang, Record<ThreadKind, string>> = {
  ru: {
    registry_extract: 'Выписка из реестра', accounting_documents: 'Бухгалтерские документы', registry_change: 'Изменение сведений',
    annual_report: 'Отчёт о деятельности', odo_control: 'Контроль ОДО', inspection: 'Проверки', responsibility_level: 'Уровень ответственности',
    right_to_work: 'Наличие права', specialists: 'Специалисты НРС', general: 'Остальные обращения', notice: 'Уведомление СРО', complaint: 'Жалоба',
  },
  en: {
    registry_extract: 'Registry extract', accounting_documents: 'Accounting documents', registry_change: 'Change of registry data',
    annual_report: 'Annual report', odo_control: 'ODO control', inspection: 'Inspections', responsibility_level: 'Responsibility level',
    right_to_work: 'Right to work', specialists: 'NRS specialists', general: 'Other requests', notice: 'SRO notice', complaint: 'Complaint',
  },
};

/**
 * The stored title of a new thread when it has none of its own (a general request takes its topic). Stored data,
 * so Russian: the registration journal and the e-mails quote it; where it differs from the kind's name, it reads
 * as a document's title («Выписка из реестра членов СРО»).
 */
export const KIND_SUBJECTS: Record<ThreadKind, string> = {
  ...KIND_LABELS.ru,
  registry_extract: 'Выписка из реестра членов СРО',
  accounting_documents: 'Запрос бухгалтерских документов',
  registry_change: 'Сообщение об изменении сведений',
  general: 'Обращение',
};

/** The label of a status for the viewer's role (members get the plain words). */
export const statusLabel = (status: ThreadStatus, role: Role, lang: Lang = 'ru'): string =>
  STATUS_LABELS[lang][role === 'member' ? 'member' : 'staff'][status];

/** Outgoing threads are started by the SRO, and only by it (the member's "Входящие"); the rest are the member's requests. */
export const OUTGOING_KINDS: readonly ThreadKind[] = ['notice', 'complaint'];
export type ThreadDirection = 'incoming' | 'outgoing';
export const directionOf = (kind: ThreadKind): ThreadDirection => (OUTGOING_KINDS.includes(kind) ? 'outgoing' : 'incoming');

/** Statuses in which the thread waits for the SRO (used for "overdue" and the staff's queue). */
export const OPEN_STATUSES: readonly ThreadStatus[] = ['submitted', 'registered', 'in_progress', 'waiting_member'];
/** Statuses in which the SRO's work on a thread is over (a draft is neither open nor finished: not sent yet). */
export const FINISHED_STATUSES: readonly ThreadStatus[] = ['resolved', 'rejected', 'closed'];
