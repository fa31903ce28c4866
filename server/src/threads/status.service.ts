import { STATUS_LABELS, canTransition, directionOf, registersThread, type ThreadStatus } from '@sro/shared';
import { errors } from '../core/errors';
import type { DomainEvents } from '../core/domain-events';
import type { AuthUser } from '../auth/tokens';
import { audit } from '../audit/audit.service';
import { nextRegNumber } from '../counters/counter.model';
import { Thread, type ThreadFields } from './thread.model';
import { appendMessage } from './message.append';
import { dueDateFor } from './due-dates';
import { workCalendar } from '../calendar/production-calendar.service';
import { regNumberTerms } from './thread.search';

/** Status words in texts both sides read (the status_change message, e-mails to members): the member's plain words. */
export const STATUS_WORDS: Record<ThreadStatus, string> = STATUS_LABELS.ru.member;

/**
 * Moves a thread along the lifecycle. The move is a compare-and-set on the current status, so two people
 * changing it at once get one winner and one 409. Registration (explicit, or implied by taking a submitted request
 * into work — see registersThread) assigns the number, date and due date.
 * `actor` null = the system.
 */
export async function changeStatus(events: DomainEvents, actor: AuthUser | null, thread: ThreadFields, to: ThreadStatus, opts: { byRule?: boolean; reason?: string } = {}): Promise<ThreadFields> {
  const from = thread.status;
  // `byRule`: the server applies a rule on the actor's behalf (a member's answer resumes work), not a choice of theirs.
  if (actor && !opts.byRule && !canTransition(from, to, actor.role, thread.kind)) {
    throw errors.invalidTransition(`Нельзя перевести обращение из статуса «${STATUS_WORDS[from]}» в «${STATUS_WORDS[to]}»`);
  }
  const registers = registersThread(from, to) && !thread.regNumber;
  const set: Record<string, unknown> = { status: to };
  if (registers) {
    const now = new Date();
    set.regDate = now;
    set.dueAt = thread.dueAt ?? dueDateFor(thread.kind, now, await workCalendar());
  }
  const claimed = await Thread.findOneAndUpdate({ _id: thread._id, status: from }, { $set: set }, { returnDocument: 'after' }).lean<ThreadFields>();
  if (!claimed) throw errors.invalidTransition('Статус обращения уже изменился: обновите страницу');
  // The number is taken only after winning the transition, so numbers stay gapless.
  if (registers) {
    const regNumber = await nextRegNumber(directionOf(thread.kind));
    await Thread.updateOne({ _id: thread._id }, { $set: { regNumber }, $addToSet: { searchTerms: { $each: regNumberTerms(regNumber) } } });
    await audit({ action: 'thread.registered', actorId: actor?.id, actorRole: actor?.role, entity: 'thread', entityId: String(thread._id), details: { regNumber } });
  }
  const body = `Статус: ${STATUS_WORDS[from]} → ${STATUS_WORDS[to]}${opts.reason ? `. Причина: ${opts.reason}` : ''}`;
  const { message, thread: updated } = await appendMessage(thread._id, { kind: 'status_change', body, author: actor, status: { from, to, ...(opts.reason ? { reason: opts.reason } : {}) } });
  await audit({ action: 'thread.status', actorId: actor?.id, actorRole: actor?.role, entity: 'thread', entityId: String(thread._id), details: { from, to } });
  events.emit('message.created', { thread: updated, message, actor });
  events.emit('thread.updated', { thread: updated, actor, changes: ['status'], previous: { status: from }, announced: true });
  return updated;
}

/**
 * Resolves a request the way a person would: a new one is registered first, one waiting for the member goes back
 * to work; from there to "resolved". Used where staff finish a request in one action (an extract issued, a
 * registry change or a contract applied).
 */
export async function resolveAlongLifecycle(events: DomainEvents, actor: AuthUser | null, thread: ThreadFields): Promise<ThreadFields> {
  let current = thread;
  if (current.status === 'submitted') current = await changeStatus(events, actor, current, 'registered');
  if (current.status === 'waiting_member') current = await changeStatus(events, actor, current, 'in_progress');
  if (['registered', 'in_progress'].includes(current.status)) current = await changeStatus(events, actor, current, 'resolved');
  return current;
}
