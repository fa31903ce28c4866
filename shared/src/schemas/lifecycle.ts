import type { Role, ThreadKind, ThreadStatus } from '../enums';

// The thread lifecycle (DESIGN.md §4): which status may follow which, and who may move it.

export const STATUS_TRANSITIONS: Record<ThreadStatus, readonly ThreadStatus[]> = {
  draft: ['submitted', 'closed'],
  submitted: ['registered', 'in_progress', 'rejected', 'closed'],
  registered: ['in_progress', 'waiting_member', 'resolved', 'rejected', 'closed'],
  in_progress: ['waiting_member', 'resolved', 'rejected', 'closed'],
  waiting_member: ['in_progress', 'resolved', 'rejected', 'closed'],
  resolved: ['closed', 'in_progress'],
  rejected: ['closed'],
  closed: [],
};

/** A member may submit its draft, or withdraw (close) a request that is not finished yet. */
const MEMBER_TRANSITIONS: Partial<Record<ThreadStatus, readonly ThreadStatus[]>> = {
  draft: ['submitted', 'closed'],
  submitted: ['closed'],
  registered: ['closed'],
  in_progress: ['closed'],
  waiting_member: ['closed'],
};

export function allowedTransitions(from: ThreadStatus, role: Role): readonly ThreadStatus[] {
  if (role === 'member') return MEMBER_TRANSITIONS[from] ?? [];
  return STATUS_TRANSITIONS[from];
}

export const canTransition = (from: ThreadStatus, to: ThreadStatus, role: Role) => allowedTransitions(from, role).includes(to);

/** Outgoing threads are started by the SRO (the member's "Входящие"); the rest are the member's requests. */
export const OUTGOING_KINDS: readonly ThreadKind[] = ['notice', 'complaint'];
export type ThreadDirection = 'incoming' | 'outgoing';
export const directionOf = (kind: ThreadKind): ThreadDirection => (OUTGOING_KINDS.includes(kind) ? 'outgoing' : 'incoming');

/** Statuses in which the thread waits for the SRO (used for "overdue" and the staff's queue). */
export const OPEN_STATUSES: readonly ThreadStatus[] = ['submitted', 'registered', 'in_progress', 'waiting_member'];
