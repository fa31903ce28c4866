import { Types } from 'mongoose';
import type { AssignmentFact, MessageKind, RegistryChangeFact, StatusFact } from '@sro/shared';
import { errors } from '../core/errors';
import { requireSroId } from '../core/tenancy';
import { definedFields, inTenant } from '../db/direct';
import type { AuthUser } from '../auth/tokens';
import { displayName } from '../users/display-name';
import { Thread, WITHOUT_RECENT_SENDS, type ThreadFields } from './thread.model';
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
  const done = await position(claimed);
  if (!done) {
    await Message.collection.deleteOne(inTenant({ _id: claimed._id }));
    throw errors.notFound('Обращение не найдено');
  }
  return done;
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

/** How many of a thread's latest sends it remembers by (author, client id), for sends without a lookup. */
const RECENT_SENDS = 20;

const sendKey = (message: Pick<MessageFields, 'authorId' | 'clientMsgId'>) => (message.clientMsgId ? `${message.authorId}:${message.clientMsgId}` : undefined);

/** What storing `message` does to its thread: the counters bumped, the last message, the send remembered. */
function threadUpdate(message: Omit<MessageFields, 'seq'>): Record<string, unknown> {
  const attachments = message.attachments ?? [];
  const last = definedFields({ body: message.body || (attachments.length ? `📎 ${attachments.map((a) => a.name).join(', ')}` : ''), authorName: message.authorName, createdAt: message.createdAt, kind: message.kind, status: message.status, assignment: message.assignment });
  const set: Record<string, unknown> = { lastMessage: last, updatedAt: new Date() };
  if (!message.internal) set.lastPublicMessage = last;
  const key = sendKey(message);
  return {
    $inc: { lastSeq: 1, publicCount: message.internal ? 0 : 1 },
    $set: set,
    ...(key ? { $push: { recentSends: { $each: [key], $slice: -RECENT_SENDS } } } : {}),
  };
}

const positioned = <M extends Omit<MessageFields, 'seq'>>(message: M, thread: ThreadFields): MessageFields => ({
  ...message, seq: thread.lastSeq, publicSeq: message.internal ? undefined : thread.publicCount,
});

/** Gives a stored message its place in the thread (see appendMessage); null when the thread is gone. */
async function position(message: Omit<MessageFields, 'seq'>): Promise<{ message: MessageFields; thread: ThreadFields } | null> {
  const thread = (await Thread.collection.findOneAndUpdate(inTenant({ _id: message.threadId }), threadUpdate(message), { returnDocument: 'after', projection: WITHOUT_RECENT_SENDS })) as ThreadFields | null;
  if (!thread) return null;
  const done = positioned(message, thread);
  await Message.collection.updateOne(inTenant({ _id: message._id, seq: null }), { $set: { seq: done.seq, ...(done.publicSeq ? { publicSeq: done.publicSeq } : {}) } });
  return { message: done, thread };
}

/**
 * A user's send in two round trips instead of four (issue 16): the thread's counters are bumped first, in the
 * same operation as the access check (`scope`), and only if the thread's latest sends do not already hold this
 * (author, client id); then the message is stored with its position. Null when that matched nothing — no such
 * thread, not the user's, closed to them, or a repeat — and the caller takes appendMessage's path, which tells
 * these apart. A repeat older than the last RECENT_SENDS of the thread still fails on the unique index
 * (DuplicateSend), after the counter moved: that one seq then stays empty, an unread count of one that the next
 * message clears.
 */
export async function appendWithoutLookup(threadId: Types.ObjectId, scope: Record<string, unknown>, input: NewMessage & { author: AuthUser; clientMsgId: string }): Promise<{ message: MessageFields; thread: ThreadFields } | null> {
  const draft = newMessage(threadId, input, await displayName(input.author.id));
  const filter = inTenant({ _id: threadId, ...scope, recentSends: { $ne: sendKey(draft) } });
  const thread = (await Thread.collection.findOneAndUpdate(filter, threadUpdate(draft), { returnDocument: 'after', projection: WITHOUT_RECENT_SENDS })) as ThreadFields | null;
  if (!thread) return null;
  const message = definedFields(positioned(draft, thread));
  try {
    await Message.collection.insertOne(message);
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw new DuplicateSend();
    throw err;
  }
  return { message, thread };
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
      const done = await position(found);
      return done?.message ?? null;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw errors.unavailable();
}

