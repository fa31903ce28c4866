import { Types } from 'mongoose';
import {
  KIND_SUBJECTS, OUTGOING_KINDS, directionOf, isStaffRole, type CreateThreadInput, type ListThreadsQuery, type UpdateThreadInput,
  OPEN_STATUSES,
} from '@sro/shared';
import { errors } from '../core/errors';
import type { DomainEvents } from '../core/domain-events';
import { decodeCursor, encodeCursor } from '../core/cursor';
import type { AuthUser } from '../auth/tokens';
import { audit } from '../audit/audit.service';
import { nextRegNumber } from '../counters/counter.model';
import { Member, type MemberFields } from '../members/member.model';
import { Inspection } from '../inspections/inspection.model';
import { fragmentConditions } from '../core/search';
import { User, type UserFields } from '../users/user.model';
import { Thread, type ThreadFields } from './thread.model';
import { appendMessage } from './message.append';
import { changeStatus } from './status.service';
import { displayName } from '../users/display-name';
import { loadThreadFor, threadScope } from './thread-access';
import { lastSeqFor, markRead } from './unread.service';
import { dueDateFor } from './due-dates';
import { workCalendar } from '../calendar/production-calendar.service';
import { regNumberTerms, threadSearchTerms, THREAD_SEARCH_VERSION } from './thread.search';
import { periodFilter } from '../core/dates';
import { assertOwnFiles, attachFiles, formFileIds } from '../files/files.service';
import { FileRecord, type FileFields } from '../files/file.model';
import { Message, type MessageFields } from './message.model';
import type { RequestMeta } from '../auth/request-meta';
import { prepareSignature, presentPep, recordSignature, type SignedContent } from '../signatures/pep';


async function resolveMember(user: AuthUser, input: CreateThreadInput): Promise<MemberFields> {
  const staff = isStaffRole(user.role);
  const staffKind = OUTGOING_KINDS.includes(input.kind); // the SRO starts these; members only answer them
  if (staff && !staffKind) throw errors.validation({ kind: 'Сотрудники СРО начинают уведомления и жалобы; обращения создают члены СРО' });
  if (!staff && staffKind) throw errors.forbidden('Уведомления и жалобы создаёт СРО');
  const memberId = staff ? input.memberId : user.memberId;
  if (!memberId) throw errors.validation({ memberId: 'Укажите члена СРО' });
  const member = await Member.findById(memberId).lean<MemberFields>();
  if (!member) throw errors.validation({ memberId: 'Член СРО не найден' });
  return member;
}

/** A question about an inspection may only name one of the member's own inspections. */
async function assertOwnInspection(member: MemberFields, input: CreateThreadInput): Promise<void> {
  const inspectionId = input.kind === 'inspection' ? (input.form as { inspectionId?: string }).inspectionId : undefined;
  if (inspectionId && !(await Inspection.exists({ _id: inspectionId, memberId: member._id }))) throw errors.validation({ 'form.inspectionId': 'Проверка не найдена среди проверок члена СРО' });
}

/** A retried create (same user, same clientMsgId) finds the thread the first attempt made. */
async function existingThread(user: AuthUser, clientMsgId: string | undefined): Promise<ThreadFields | null> {
  if (!clientMsgId) return null;
  return Thread.findOne({ createdBy: user.id, clientMsgId }).lean<ThreadFields>();
}

/** Staff-started letters are outgoing documents: numbered, dated and (a complaint: 30 days) due at once. */
async function registerOutgoing(thread: ThreadFields): Promise<ThreadFields> {
  const regNumber = await nextRegNumber('outgoing');
  const regDate = new Date();
  const dueAt = dueDateFor(thread.kind, regDate, await workCalendar());
  await Thread.updateOne({ _id: thread._id }, { $set: { regNumber, regDate, dueAt }, $addToSet: { searchTerms: { $each: regNumberTerms(regNumber) } } });
  return { ...thread, regNumber, regDate, dueAt };
}

/** Inserts the thread; a concurrent retry with the same clientMsgId loses on the unique index and gets the winner. */
async function insertThread(user: AuthUser, doc: Record<string, unknown>): Promise<{ thread: ThreadFields; created: boolean }> {
  try {
    const created = await Thread.create(doc);
    return { thread: created.toObject() as unknown as ThreadFields, created: true };
  } catch (err) {
    const winner = (err as { code?: number }).code === 11000 ? await existingThread(user, doc.clientMsgId as string | undefined) : null;
    if (!winner) throw err;
    return { thread: winner, created: false };
  }
}

/**
 * Starts a thread: a member's request (draft or submitted) or a staff notice/complaint to a member. Idempotent by
 * clientMsgId: a retry after a lost answer returns the thread the first attempt created.
 */
export async function createThread(events: DomainEvents, user: AuthUser, input: CreateThreadInput, meta: RequestMeta = {}): Promise<ThreadFields> {
  const repeated = await existingThread(user, input.clientMsgId);
  if (repeated) return repeated;
  const member = await resolveMember(user, input);
  // A member's request that is sent (not a draft) is signed: a wrong password stops it before anything is stored.
  const signing = !isStaffRole(user.role) && !input.draft ? await prepareSignature(user, input.confirm, meta) : null;
  // Attachments and the files a form cites: the sender's own uploads only, checked before anything is stored.
  const fileIds = [...new Set([...(input.attachments ?? []), ...formFileIds(input.form)])];
  await assertOwnFiles(user, fileIds);
  const staff = isStaffRole(user.role);
  await assertOwnInspection(member, input);
  // A general request is titled by its topic («Тема»), a question about an inspection by that inspection, so the
  // journal and staff search show what it is about.
  const form = input.form as { topic?: string; about?: string };
  const topic = input.kind === 'general' ? String(form.topic ?? '').trim() : input.kind === 'inspection' && form.about?.trim() ? `Вопрос о проверке: ${form.about.trim()}` : '';
  const subject = input.subject?.trim() || topic || KIND_SUBJECTS[input.kind];
  const status = staff ? 'in_progress' : input.draft ? 'draft' : 'submitted';
  const inserted = await insertThread(user, {
    memberId: member._id,
    memberName: member.shortName || member.name,
    kind: input.kind,
    direction: directionOf(input.kind),
    status,
    subject,
    form: input.form,
    createdBy: user.id,
    clientMsgId: input.clientMsgId,
    assigneeId: staff ? user.id : null,
    assigneeName: staff ? await displayName(user.id) : undefined,
    searchTerms: threadSearchTerms({ subject, memberName: member.name, inn: member.inn, body: input.body }),
    searchVersion: THREAD_SEARCH_VERSION,
  });
  if (!inserted.created) return inserted.thread;
  let thread = staff ? await registerOutgoing(inserted.thread) : inserted.thread;
  let attachments: Awaited<ReturnType<typeof attachFiles>> = [];
  if (input.body?.trim() || fileIds.length) {
    attachments = await attachFiles(user, thread._id, thread.memberId, fileIds, false);
    ({ thread } = await appendMessage(thread._id, { kind: 'text', body: input.body?.trim() ?? '', author: user, attachments, clientMsgId: input.clientMsgId }));
    await markRead(user, thread, lastSeqFor(user, thread));
  }
  await audit({ action: 'thread.created', actorId: user.id, actorRole: user.role, entity: 'thread', entityId: String(thread._id), details: { kind: input.kind, status, regNumber: thread.regNumber } });
  if (signing) thread = await signThread(user, signing, thread, { kind: thread.kind, form: thread.form ?? {}, text: input.body?.trim() ?? '', files: attachments.map((a) => ({ name: a.name, sha256: a.sha256 })) });
  events.emit('thread.created', { thread, actor: user });
  return thread;
}

/** Stores the ПЭП of a submission and keeps its summary on the thread (GET /api/threads/:id `signature`). */
async function signThread(user: AuthUser, signing: Awaited<ReturnType<typeof prepareSignature>>, thread: ThreadFields, content: SignedContent): Promise<ThreadFields> {
  const signature = presentPep(await recordSignature(user, signing, { threadId: thread._id, memberId: thread.memberId }, content));
  await Thread.updateOne({ _id: thread._id }, { $set: { signature } });
  return { ...thread, signature };
}

/** What a draft being sent consists of: its form, the member's texts and every file the member attached. */
async function draftContent(thread: ThreadFields): Promise<SignedContent> {
  const messages = await Message.find({ threadId: thread._id, internal: false, authorRole: 'member', kind: 'text' }, { body: 1 }).sort({ seq: 1 }).lean<Pick<MessageFields, 'body'>[]>();
  const files = await FileRecord.find({ threadId: thread._id, internal: false }, { name: 1, sha256: 1 }).sort({ _id: 1 }).lean<Pick<FileFields, 'name' | 'sha256'>[]>();
  return { kind: thread.kind, form: thread.form ?? {}, text: messages.map((m) => m.body).filter(Boolean).join('\n\n'), files: files.map((f) => ({ name: f.name, sha256: f.sha256 })) };
}

/** Keyset paging on (updatedAt, _id) desc — or (dueAt, _id) asc for "sort by due date". No skip, no count. */
export async function listThreads(user: AuthUser, query: ListThreadsQuery): Promise<{ items: ThreadFields[]; nextCursor: string | null }> {
  const filter: Record<string, unknown> = { ...threadScope(user) };
  const and: Record<string, unknown>[] = [];
  if (query.status) filter.status = query.status;
  // A member's draft is its own business until it is sent.
  if (isStaffRole(user.role) && (!query.status || query.status === 'draft')) and.push({ status: { $ne: 'draft' } });
  if (query.kind) filter.kind = query.kind;
  if (query.direction) filter.direction = query.direction;
  if (query.memberId && isStaffRole(user.role)) filter.memberId = new Types.ObjectId(query.memberId);
  if (query.assignee === 'me' || query.assignee === 'mine') filter.assigneeId = new Types.ObjectId(user.id);
  else if (query.assignee === 'none') filter.assigneeId = null;
  else if (query.assignee && query.assignee !== 'any') filter.assigneeId = new Types.ObjectId(query.assignee);
  if (query.year || query.month) Object.assign(filter, periodFilter('createdAt', query.year, query.month));
  if (query.open === 'true') and.push({ status: { $in: OPEN_STATUSES } });
  if (query.open === 'false') and.push({ status: { $nin: [...OPEN_STATUSES, 'draft'] } }); // resolved, rejected, closed
  if (query.registered === 'yes') filter.regNumber = { $exists: true, $ne: null };
  if (query.registered === 'no') and.push({ $or: [{ regNumber: { $exists: false } }, { regNumber: null }] });
  if (query.overdue) {
    filter.dueAt = { $lt: new Date() };
    filter.status = query.status ?? { $in: OPEN_STATUSES };
  }
  if (query.from || query.to) {
    filter.createdAt = {
      ...(query.from ? { $gte: new Date(`${query.from}T00:00:00Z`) } : {}),
      ...(query.to ? { $lte: new Date(`${query.to}T23:59:59Z`) } : {}),
    };
  }
  if (query.q) {
    and.push(...fragmentConditions(query.q));
  }
  const byDue = query.sort === 'due';
  const field = byDue ? 'dueAt' : 'updatedAt';
  const dir = byDue ? 1 : -1;
  if (byDue && !filter.dueAt) filter.dueAt = { $ne: null };
  const after = decodeCursor(query.cursor);
  if (query.cursor && !after) throw errors.validation({ cursor: 'Некорректный курсор: начните список сначала' });
  if (after) {
    const op = dir === 1 ? '$gt' : '$lt';
    and.push({ $or: [{ [field]: { [op]: after.at } }, { [field]: after.at, _id: { [op]: after.id } }] });
  }
  if (and.length) filter.$and = and;
  const docs = await Thread.find(filter).sort({ [field]: dir, _id: dir }).limit(query.limit + 1).lean<ThreadFields[]>();
  const items = docs.slice(0, query.limit);
  const last = items.at(-1);
  const nextCursor = docs.length > query.limit && last ? encodeCursor((last as unknown as Record<string, Date>)[field], last._id) : null;
  return { items, nextCursor };
}

async function assign(events: DomainEvents, actor: AuthUser, thread: ThreadFields, assigneeId: string | null, expected?: string | null): Promise<ThreadFields> {
  let assigneeName: string | undefined;
  if (assigneeId) {
    const assignee = await User.findById(assigneeId).lean<UserFields>();
    if (!assignee || !isStaffRole(assignee.role) || assignee.status === 'blocked') throw errors.validation({ assigneeId: 'Назначить можно только действующего сотрудника СРО' });
    assigneeName = assignee.name || assignee.email;
  }
  // With an expected assignee this is a compare-and-set: of two experts taking the same thread at once,
  // exactly one wins; the other gets 409 and sees the winner through thread:updated.
  const guard = expected === undefined ? {} : { assigneeId: expected ? new Types.ObjectId(expected) : null };
  const updated = await Thread.findOneAndUpdate({ _id: thread._id, ...guard }, { $set: { assigneeId, assigneeName } }, { returnDocument: 'after' }).lean<ThreadFields>();
  if (!updated) {
    const current = await Thread.findById(thread._id, { assigneeName: 1 }).lean();
    throw errors.conflict(`Обращение уже назначено: ${current?.assigneeName ?? 'другой сотрудник'}`);
  }
  const body = assigneeName ? `Ответственный: ${assigneeName}` : 'Ответственный снят';
  const { message, thread: latest } = await appendMessage(thread._id, { kind: 'system', body, author: actor, assignment: { to: assigneeName ?? null } });
  await audit({ action: 'thread.assign', actorId: actor.id, actorRole: actor.role, entity: 'thread', entityId: String(thread._id), details: { from: thread.assigneeId ? String(thread.assigneeId) : null, to: assigneeId } });
  events.emit('message.created', { thread: latest, message, actor });
  events.emit('thread.updated', { thread: latest, actor, changes: ['assigneeId'], previous: { assigneeId: thread.assigneeId }, announced: true });
  return updated!;
}

export async function updateThread(events: DomainEvents, user: AuthUser, threadId: string, input: UpdateThreadInput, meta: RequestMeta = {}): Promise<ThreadFields> {
  let thread = await loadThreadFor(user, threadId);
  const staff = isStaffRole(user.role);
  if (!staff && (input.assigneeId !== undefined || input.dueAt !== undefined)) throw errors.forbidden('Член СРО может только отправить черновик или отозвать обращение');
  if (input.assigneeId !== undefined && String(thread.assigneeId ?? null) !== String(input.assigneeId)) thread = await assign(events, user, thread, input.assigneeId, input.expectedAssigneeId);
  if (input.dueAt !== undefined) {
    // A new due date deserves a new reminder.
    thread = (await Thread.findOneAndUpdate({ _id: thread._id }, { $set: { dueAt: input.dueAt ? new Date(input.dueAt) : null, dueSoonNotifiedAt: null } }, { returnDocument: 'after' }).lean<ThreadFields>())!;
    await audit({ action: 'thread.due', actorId: user.id, entity: 'thread', entityId: threadId, details: { dueAt: input.dueAt } });
    events.emit('thread.updated', { thread, actor: user, changes: ['dueAt'] });
  }
  if (staff && input.status === 'rejected' && !input.reason) throw errors.validation({ reason: 'Укажите причину отказа — её увидит член СРО' });
  // Sending a draft signs it; the password is checked before the status moves.
  const sending = !staff && thread.status === 'draft' && input.status === 'submitted';
  const signing = sending ? await prepareSignature(user, input.confirm, meta) : null;
  if (input.status && input.status !== thread.status) thread = await changeStatus(events, user, thread, input.status, { reason: input.reason });
  if (signing) await signThread(user, signing, thread, await draftContent(thread));
  return (await loadThreadFor(user, threadId));
}

/** A member's threads still waiting for the SRO, newest activity first (the member card beside a thread). */
export async function openThreadsOf(memberId: string, limit = 20): Promise<ThreadFields[]> {
  return Thread.find({ memberId: new Types.ObjectId(memberId), status: { $in: OPEN_STATUSES } }).sort({ updatedAt: -1 }).limit(limit).lean<ThreadFields[]>();
}

export async function linkThreads(events: DomainEvents, user: AuthUser, threadId: string, otherId: string): Promise<ThreadFields> {
  if (threadId === otherId) throw errors.validation({ threadId: 'Обращение нельзя связать с самим собой' });
  const thread = await loadThreadFor(user, threadId);
  const other = await loadThreadFor(user, otherId);
  if (String(thread.memberId) !== String(other.memberId)) throw errors.validation({ threadId: 'Связывать можно только обращения одного члена СРО' });
  await Thread.updateOne({ _id: thread._id }, { $addToSet: { linkedThreadIds: other._id } });
  await Thread.updateOne({ _id: other._id }, { $addToSet: { linkedThreadIds: thread._id } });
  await audit({ action: 'thread.link', actorId: user.id, actorRole: user.role, entity: 'thread', entityId: threadId, details: { threadId: otherId } });
  for (const id of [thread._id, other._id]) {
    const latest = (await Thread.findById(id).lean<ThreadFields>())!;
    events.emit('thread.updated', { thread: latest, actor: user, changes: ['linkedThreadIds'] });
  }
  return (await Thread.findById(thread._id).lean<ThreadFields>())!;
}
