import { Types } from 'mongoose';
import { isStaffRole, type MessageKind, type SendMessageInput, type ThreadStatus } from '@sro/shared';
import { errors } from '../core/errors';
import type { DomainEvents } from '../core/domain-events';
import type { AuthUser } from '../auth/tokens';
import { attachFiles } from '../files/files.service';
import { Thread, type ThreadFields } from './thread.model';
import { Message, type MessageFields } from './message.model';
import { displayName, loadThreadFor } from './thread-access';
import { markRead } from './unread.service';
import { changeStatus } from './status.service';

export interface NewMessage {
  kind: MessageKind;
  body: string;
  author: AuthUser | null;
  authorName?: string;
  internal?: boolean;
  attachments?: MessageFields['attachments'];
  clientMsgId?: string;
  status?: { from: ThreadStatus | null; to: ThreadStatus };
}

/**
 * Appends a message: the thread's sequence is bumped atomically ($inc), which gives the message its seq
 * and keeps lastMessage/publicCount in step. Returns the message and the thread as it is now.
 */
export async function appendMessage(threadId: Types.ObjectId, input: NewMessage, extraSet: Record<string, unknown> = {}): Promise<{ message: MessageFields; thread: ThreadFields }> {
  const authorName = input.authorName ?? (input.author ? await displayName(input.author.id) : 'СРО');
  const now = new Date();
  const last = { body: input.body || (input.attachments?.length ? `📎 ${input.attachments.map((a) => a.name).join(', ')}` : ''), authorName, createdAt: now, kind: input.kind };
  const set: Record<string, unknown> = { lastMessage: last, ...extraSet };
  if (!input.internal) set.lastPublicMessage = last;
  const thread = await Thread.findOneAndUpdate(
    { _id: threadId },
    { $inc: { lastSeq: 1, publicCount: input.internal ? 0 : 1 }, $set: set },
    { returnDocument: 'after' },
  ).lean<ThreadFields>();
  if (!thread) throw errors.notFound('Обращение не найдено');
  const message = await Message.create({
    threadId,
    seq: thread.lastSeq,
    authorId: input.author?.id ?? null,
    authorName,
    authorRole: input.author?.role ?? 'system',
    kind: input.kind,
    body: input.body,
    attachments: input.attachments ?? [],
    internal: !!input.internal,
    clientMsgId: input.clientMsgId,
    status: input.status,
  });
  return { message: message.toObject() as unknown as MessageFields, thread };
}

/**
 * A user's reply or internal note. Idempotent by clientMsgId: repeating a send (a retry after a lost ack,
 * over HTTP or the socket) returns the first message and creates nothing.
 */
export async function sendMessage(events: DomainEvents, user: AuthUser, input: SendMessageInput): Promise<{ message: MessageFields; created: boolean }> {
  const thread = await loadThreadFor(user, input.threadId);
  const existing = await Message.findOne({ threadId: thread._id, clientMsgId: input.clientMsgId }).lean<MessageFields>();
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
    if ((err as { code?: number }).code !== 11000) throw err;
    // The same client id raced in on another connection: answer with the message that won.
    const winner = await Message.findOne({ threadId: thread._id, clientMsgId: input.clientMsgId }).lean<MessageFields>();
    if (winner) return { message: winner, created: false };
    throw err;
  }
  // Announce first: the recipients' latency matters more than the author's own read position.
  events.emit('message.created', { thread: result.thread, message: result.message, actor: user });
  await markRead(user, result.thread, result.message.seq);
  if (resumes) {
    // The member's answer moves the thread on by itself: the status message is the member's, already read.
    const resumed = await changeStatus(events, user, result.thread, 'in_progress', { byRule: true });
    await markRead(user, resumed, resumed.lastSeq);
  }
  return { message: result.message, created: true };
}

export async function listMessages(user: AuthUser, threadId: string, afterSeq: number, limit: number): Promise<MessageFields[]> {
  const thread = await loadThreadFor(user, threadId);
  const filter: Record<string, unknown> = { threadId: thread._id, seq: { $gt: afterSeq } };
  if (!isStaffRole(user.role)) filter.internal = false;
  return Message.find(filter).sort({ seq: 1 }).limit(limit).lean<MessageFields[]>();
}

declare module '../core/domain-events' {
  interface DomainEventMap {
    'message.created': { thread: ThreadFields; message: MessageFields; actor: AuthUser | null };
    'thread.created': { thread: ThreadFields; actor: AuthUser };
    'thread.updated': { thread: ThreadFields; actor: AuthUser | null; changes: string[]; previous?: Partial<ThreadFields> };
  }
}
