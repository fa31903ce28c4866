import { Types } from 'mongoose';
import type { AssignmentFact, MessageKind, RegistryChangeFact, StatusFact } from '@sro/shared';
import { errors } from '../core/errors';
import { requireSroId } from '../core/tenancy';
import { definedFields, inTenant } from '../db/direct';
import type { AuthUser } from '../auth/tokens';
import { displayName } from '../users/display-name';
import { Thread, type ThreadFields } from './thread.model';
import { Message, type MessageFields } from './message.model';

// Storing a message and giving it its place in the thread: the one write path of every message (a reply, a
// status line, an assignment). Kept apart from message.service so the status service can use it too.

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
export class DuplicateSend extends Error {}

/**
 * Appends a message. The message is stored first, without a position: a repeat of the same (thread, author,
 * clientMsgId) fails right there on the unique index, so counters move only for a message really stored. Then
 * the thread's counters are bumped atomically ($inc), giving the message its seq (all messages) and publicSeq
 * (member-visible ones), and keeping lastMessage in step. Returns the message and the thread as it is now.
 */
export async function appendMessage(threadId: Types.ObjectId, input: NewMessage): Promise<{ message: MessageFields; thread: ThreadFields }> {
  const authorName = input.authorName ?? (input.author ? await displayName(input.author.id) : 'СРО');
  const claimed = newMessage(threadId, input, authorName);
  try {
    await Message.collection.insertOne(claimed);
  } catch (err) {
    if ((err as { code?: number }).code === 11000 && input.clientMsgId) throw new DuplicateSend();
    throw err;
  }
  const positioned = await position(claimed, authorName);
  if (!positioned) {
    await Message.collection.deleteOne(inTenant({ _id: claimed._id }));
    throw errors.notFound('Обращение не найдено');
  }
  return positioned;
}

type Unpositioned = Omit<MessageFields, 'seq'> & { seq: null };

/** The stored form of a new message, not yet positioned (seq null), as the Message schema's defaults make it. */
function newMessage(threadId: Types.ObjectId, input: NewMessage, authorName: string): Unpositioned {
  return definedFields({
    _id: new Types.ObjectId(), sroId: requireSroId('new message'), threadId, seq: null,
    authorId: input.author ? new Types.ObjectId(input.author.id) : null, authorName, authorRole: input.author?.role ?? 'system',
    kind: input.kind, body: input.body, attachments: input.attachments ?? [], internal: !!input.internal,
    clientMsgId: input.clientMsgId, status: input.status, assignment: input.assignment, registryChanges: input.registryChanges,
    createdAt: new Date(),
  }) as Unpositioned;
}

/** Gives a stored message its place in the thread (see appendMessage); null when the thread is gone. */
async function position(message: Omit<MessageFields, 'seq'>, authorName: string): Promise<{ message: MessageFields; thread: ThreadFields } | null> {
  const attachments = message.attachments ?? [];
  const last = definedFields({ body: message.body || (attachments.length ? `📎 ${attachments.map((a) => a.name).join(', ')}` : ''), authorName, createdAt: message.createdAt, kind: message.kind, status: message.status, assignment: message.assignment });
  const set: Record<string, unknown> = { lastMessage: last, updatedAt: new Date() };
  if (!message.internal) set.lastPublicMessage = last;
  const thread = (await Thread.collection.findOneAndUpdate(
    inTenant({ _id: message.threadId }),
    { $inc: { lastSeq: 1, publicCount: message.internal ? 0 : 1 }, $set: set },
    { returnDocument: 'after' },
  )) as ThreadFields | null;
  if (!thread) return null;
  const seq = thread.lastSeq;
  const publicSeq = message.internal ? undefined : thread.publicCount;
  await Message.collection.updateOne(inTenant({ _id: message._id, seq: null }), { $set: { seq, ...(publicSeq ? { publicSeq } : {}) } });
  return { message: { ...message, seq, publicSeq }, thread };
}

const sameSend = (threadId: Types.ObjectId, user: AuthUser, clientMsgId: string) => ({ threadId, authorId: new Types.ObjectId(user.id), clientMsgId });

/** A message left without a position this long was stored by an attempt that died (database outage): finish it. */
const ABANDONED_MS = 10_000;

/**
 * The message of a repeated send: waits briefly while the first attempt gives it its position; finishes the
 * positioning itself when that attempt died half-way (a retry after an outage then completes the send once).
 */
export async function existingSend(threadId: Types.ObjectId, user: AuthUser, clientMsgId: string): Promise<MessageFields | null> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const found = (await Message.collection.findOne(inTenant(sameSend(threadId, user, clientMsgId)))) as MessageFields | null;
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

