import { Types } from 'mongoose';
import { isStaffRole, type AssignmentFact, type MessageKind, type RegistryChangeFact, type SendMessageInput, type StatusFact } from '@sro/shared';
import { errors } from '../core/errors';
import type { DomainEvents } from '../core/domain-events';
import type { AuthUser } from '../auth/tokens';
import { attachFiles } from '../files/files.service';
import { Thread, type ThreadFields } from './thread.model';
import { Message, type MessageFields } from './message.model';
import { displayName, loadThreadFor } from './thread-access';
import { lastSeqFor, markRead, seqFor } from './unread.service';
import { changeStatus } from './status.service';

export interface NewMessage {
  kind: MessageKind;
  body: string;
  author: AuthUser | null;
  authorName?: string;
  internal?: boolean;
  attachments?: MessageFields['attachments'];
  clientMsgId?: string;
  status?: StatusFact;
  assignment?: AssignmentFact;
  registryChanges?: RegistryChangeFact[];
}

/** Another attempt with the same (thread, author, clientMsgId) got there first. */
class DuplicateSend extends Error {}

/**
 * Appends a message. The message is stored first, without a position: a repeat of the same (thread, author,
 * clientMsgId) fails right there on the unique index, so counters move only for a message really stored. Then
 * the thread's counters are bumped atomically ($inc), giving the message its seq (all messages) and publicSeq
 * (member-visible ones), and keeping lastMessage in step. Returns the message and the thread as it is now.
 */
export async function appendMessage(threadId: Types.ObjectId, input: NewMessage, extraSet: Record<string, unknown> = {}): Promise<{ message: MessageFields; thread: ThreadFields }> {
  const authorName = input.authorName ?? (input.author ? await displayName(input.author.id) : 'СРО');
  let claimed: MessageFields;
  try {
    const created = await Message.create({
      threadId, seq: null, authorId: input.author?.id ?? null, authorName, authorRole: input.author?.role ?? 'system',
      kind: input.kind, body: input.body, attachments: input.attachments ?? [], internal: !!input.internal, clientMsgId: input.clientMsgId, status: input.status, assignment: input.assignment, registryChanges: input.registryChanges,
    });
    claimed = created.toObject() as unknown as MessageFields;
  } catch (err) {
    if ((err as { code?: number }).code === 11000 && input.clientMsgId) throw new DuplicateSend();
    throw err;
  }
  const positioned = await position(claimed, authorName, extraSet);
  if (!positioned) {
    await Message.deleteOne({ _id: claimed._id });
    throw errors.notFound('Обращение не найдено');
  }
  return positioned;
}

/** Gives a stored message its place in the thread (see appendMessage); null when the thread is gone. */
async function position(message: MessageFields, authorName: string, extraSet: Record<string, unknown> = {}): Promise<{ message: MessageFields; thread: ThreadFields } | null> {
  const attachments = message.attachments ?? [];
  const last = { body: message.body || (attachments.length ? `📎 ${attachments.map((a) => a.name).join(', ')}` : ''), authorName, createdAt: message.createdAt, kind: message.kind, status: message.status, assignment: message.assignment };
  const set: Record<string, unknown> = { lastMessage: last, ...extraSet };
  if (!message.internal) set.lastPublicMessage = last;
  const thread = await Thread.findOneAndUpdate(
    { _id: message.threadId },
    { $inc: { lastSeq: 1, publicCount: message.internal ? 0 : 1 }, $set: set },
    { returnDocument: 'after' },
  ).lean<ThreadFields>();
  if (!thread) return null;
  const seq = thread.lastSeq;
  const publicSeq = message.internal ? undefined : thread.publicCount;
  await Message.updateOne({ _id: message._id, seq: null }, { $set: { seq, ...(publicSeq ? { publicSeq } : {}) } });
  return { message: { ...message, seq, publicSeq }, thread };
}

const sameSend = (threadId: Types.ObjectId, user: AuthUser, clientMsgId: string) => ({ threadId, authorId: new Types.ObjectId(user.id), clientMsgId });

/** A message left without a position this long was stored by an attempt that died (database outage): finish it. */
const ABANDONED_MS = 10_000;

/**
 * The message of a repeated send: waits briefly while the first attempt gives it its position; finishes the
 * positioning itself when that attempt died half-way (a retry after an outage then completes the send once).
 */
async function existingSend(threadId: Types.ObjectId, user: AuthUser, clientMsgId: string): Promise<MessageFields | null> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const found = await Message.findOne(sameSend(threadId, user, clientMsgId)).lean<MessageFields>();
    if (!found) return null;
    if (found.seq != null) return found;
    if (Date.now() - found.createdAt.getTime() > ABANDONED_MS) {
      const done = await position(found, found.authorName ?? 'СРО');
      return done?.message ?? null;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw errors.unavailable();
}

/**
 * A user's reply or internal note. Idempotent by (author, clientMsgId): repeating a send (a retry after a lost
 * ack, over HTTP or the socket, even several at once) returns the first message and changes nothing.
 */
export async function sendMessage(events: DomainEvents, user: AuthUser, input: SendMessageInput): Promise<{ message: MessageFields; created: boolean }> {
  const thread = await loadThreadFor(user, input.threadId);
  const existing = await existingSend(thread._id, user, input.clientMsgId);
  if (existing) return { message: existing, created: false };
  if (input.internal && !isStaffRole(user.role)) throw errors.forbidden('Внутренние заметки доступны только сотрудникам');
  if (user.role === 'member' && thread.status === 'closed') throw errors.conflict('Обращение закрыто: создайте новое');
  if (!input.body.trim() && !input.attachments?.length) throw errors.validation({ body: 'Напишите сообщение или прикрепите файл' });
  const attachments = await attachFiles(user, thread._id, thread.memberId, input.attachments ?? [], !!input.internal);
  // A member's answer to "waiting for the member" hands the thread back to the SRO.
  const resumes = user.role === 'member' && thread.status === 'waiting_member';
  let result;
  try {
    result = await appendMessage(thread._id, {
      kind: input.internal ? 'internal_note' : 'text',
      body: input.body.trim(),
      author: user,
      internal: input.internal,
      attachments,
      clientMsgId: input.clientMsgId,
    });
  } catch (err) {
    if (!(err instanceof DuplicateSend)) throw err;
    // The same client id raced in on another connection: answer with the message that won.
    const winner = await existingSend(thread._id, user, input.clientMsgId);
    if (winner) return { message: winner, created: false };
    throw errors.unavailable();
  }
  // Announce first: the recipients' latency matters more than the author's own read position.
  events.emit('message.created', { thread: result.thread, message: result.message, actor: user });
  await markRead(user, result.thread, seqFor(user, result.message));
  if (resumes) {
    // The member's answer moves the thread on by itself: the status message is the member's, already read.
    const resumed = await changeStatus(events, user, result.thread, 'in_progress', { byRule: true });
    await markRead(user, resumed, lastSeqFor(user, resumed));
  }
  return { message: result.message, created: true };
}

/** `afterSeq` is in the viewer's numbering: all messages for staff, member-visible ones (publicSeq) for members. */
export async function listMessages(user: AuthUser, threadId: string, afterSeq: number, limit: number): Promise<MessageFields[]> {
  const thread = await loadThreadFor(user, threadId);
  if (isStaffRole(user.role)) return Message.find({ threadId: thread._id, seq: { $gt: afterSeq } }).sort({ seq: 1 }).limit(limit).lean<MessageFields[]>();
  return Message.find({ threadId: thread._id, internal: false, publicSeq: { $gt: afterSeq } }).sort({ publicSeq: 1 }).limit(limit).lean<MessageFields[]>();
}

declare module '../core/domain-events' {
  interface DomainEventMap {
    'message.created': { thread: ThreadFields; message: MessageFields; actor: AuthUser | null };
    'thread.created': { thread: ThreadFields; actor: AuthUser };
    /** `announced`: the change came with a message whose message.created already sent the thread to everyone. */
    'thread.updated': { thread: ThreadFields; actor: AuthUser | null; changes: string[]; previous?: Partial<ThreadFields>; announced?: boolean };
  }
}
