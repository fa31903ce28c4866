import { Types } from 'mongoose';
import { isStaffRole, type SendMessageInput } from '@sro/shared';
import { errors } from '../core/errors';
import type { DomainEvents } from '../core/domain-events';
import type { AuthUser } from '../auth/tokens';
import { attachFiles } from '../files/files.service';
import type { ThreadFields } from './thread.model';
import { Message, type MessageFields } from './message.model';
import { loadThreadFor, writableScope } from './thread-access';
import { DuplicateSend, appendMessage, appendWithoutLookup, existingSend } from './message.append';
import { lastSeqFor, markRead, seqFor } from './unread.service';
import { changeStatus } from './status.service';

/**
 * Why a send is refused, if it is: an internal note by a member, a member writing into a closed thread, nothing
 * to send. `status` undefined: the thread is not loaded yet, only the send's own faults are looked for.
 */
function refusalOf(user: AuthUser, status: ThreadFields['status'] | undefined, input: SendMessageInput): Error | null {
  if (input.internal && !isStaffRole(user.role)) return errors.forbidden('Внутренние заметки доступны только сотрудникам');
  if (user.role === 'member' && status === 'closed') return errors.conflict('Обращение закрыто: создайте новое');
  if (!input.body.trim() && !input.attachments?.length) return errors.validation({ body: 'Напишите сообщение или прикрепите файл' });
  return null;
}

/**
 * A user's reply or internal note. Idempotent by (author, clientMsgId): repeating a send (a retry after a lost
 * ack, over HTTP or the socket, even several at once) returns the first message and changes nothing.
 */
export async function sendMessage(events: DomainEvents, user: AuthUser, input: SendMessageInput): Promise<{ message: MessageFields; created: boolean }> {
  const result = (await sendWithoutLookup(user, input)) ?? (await sendAfterLookup(user, input));
  if ('created' in result) return result;
  // Announce first: the recipients' latency matters more than the author's own read position.
  events.emit('message.created', { thread: result.thread, message: result.message, actor: user });
  await markRead(user, result.thread, seqFor(user, result.message));
  // A member's answer to "waiting for the member" hands the thread back to the SRO.
  if (user.role === 'member' && result.thread.status === 'waiting_member') {
    // The member's answer moves the thread on by itself: the status message is the member's, already read.
    const resumed = await changeStatus(events, user, result.thread, 'in_progress', { byRule: true });
    await markRead(user, resumed, lastSeqFor(user, resumed));
  }
  return { message: result.message, created: true };
}

type Stored = { message: MessageFields; thread: ThreadFields };
type Repeated = { message: MessageFields; created: false };

/**
 * The common send — a plain reply, nothing to refuse on its face, no files — without loading the thread first
 * (appendWithoutLookup). Null sends the caller to sendAfterLookup, which explains a refusal or finds the repeat.
 */
async function sendWithoutLookup(user: AuthUser, input: SendMessageInput): Promise<Stored | Repeated | null> {
  if (input.attachments?.length || refusalOf(user, undefined, input) || !Types.ObjectId.isValid(input.threadId)) return null;
  const threadId = new Types.ObjectId(input.threadId);
  try {
    return await appendWithoutLookup(threadId, writableScope(user), { ...textMessage(user, input), author: user, clientMsgId: input.clientMsgId });
  } catch (err) {
    if (!(err instanceof DuplicateSend)) throw err;
    return winnerOf(threadId, user, input.clientMsgId);
  }
}

async function sendAfterLookup(user: AuthUser, input: SendMessageInput): Promise<Stored | Repeated> {
  const thread = await loadThreadFor(user, input.threadId);
  // No lookup before the insert: the unique index on (thread, author, clientMsgId) catches a repeat (DuplicateSend
  // below). Only a send that would be refused looks first, so a retry of a message stored before the thread
  // closed still gets its message back.
  const refusal = refusalOf(user, thread.status, input);
  if (refusal) {
    const existing = await existingSend(thread._id, user, input.clientMsgId);
    if (existing) return { message: existing, created: false };
    throw refusal;
  }
  const attachments = await attachFiles(user, thread._id, thread.memberId, input.attachments ?? [], !!input.internal);
  try {
    return await appendMessage(thread._id, { ...textMessage(user, input), attachments, clientMsgId: input.clientMsgId });
  } catch (err) {
    if (!(err instanceof DuplicateSend)) throw err;
    return winnerOf(thread._id, user, input.clientMsgId);
  }
}

const textMessage = (user: AuthUser, input: SendMessageInput) => ({
  kind: input.internal ? 'internal_note' as const : 'text' as const,
  body: input.body.trim(),
  author: user,
  internal: input.internal,
});

/** The same client id raced in on another connection: answer with the message that won. */
async function winnerOf(threadId: Types.ObjectId, user: AuthUser, clientMsgId: string): Promise<Repeated> {
  const winner = await existingSend(threadId, user, clientMsgId);
  if (winner) return { message: winner, created: false };
  throw errors.unavailable();
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
