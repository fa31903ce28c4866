import { Types } from 'mongoose';
import { isStaffRole, type UnreadSummary } from '@sro/shared';
import type { AuthUser } from '../auth/tokens';
import { inTenant } from '../db/direct';
import { Thread, type ThreadFields } from './thread.model';
import { ReadPosition } from './read-position.model';
import { Message, type MessageFields } from './message.model';

// Unread counts derive from read positions (DESIGN.md §9): never stored as counters that can drift.

type Viewer = Pick<AuthUser, 'id' | 'role'>;

export function unreadCount(thread: Pick<ThreadFields, 'lastSeq' | 'publicCount'>, viewer: Viewer, position?: { seq: number; publicCount: number }): number {
  if (isStaffRole(viewer.role)) return Math.max(0, thread.lastSeq - (position?.seq ?? 0));
  return Math.max(0, thread.publicCount - (position?.publicCount ?? 0));
}

/** One thread's unread count for the user asking (GET /api/threads/:id). */
export async function unreadOf(viewer: Viewer, thread: Pick<ThreadFields, '_id' | 'lastSeq' | 'publicCount'>): Promise<number> {
  return (await unreadForThreads(viewer, [thread])).get(String(thread._id)) ?? 0;
}

export async function unreadForThreads(viewer: Viewer, threads: Pick<ThreadFields, '_id' | 'lastSeq' | 'publicCount'>[]): Promise<Map<string, number>> {
  const positions = await positionsOf([new Types.ObjectId(viewer.id)], threads.map((t) => t._id));
  const byThread = new Map(positions.map((p) => [String(p.threadId), p]));
  return new Map(threads.map((t) => [String(t._id), unreadCount(t, viewer, byThread.get(String(t._id)))]));
}

interface StoredPosition { userId: Types.ObjectId; threadId: Types.ObjectId; seq: number; publicCount: number }

/** The read positions of these users on these threads (straight to the driver: db/direct). */
async function positionsOf(userIds: Types.ObjectId[], threadIds?: Types.ObjectId[]): Promise<StoredPosition[]> {
  const filter = inTenant({ userId: userIds.length === 1 ? userIds[0] : { $in: userIds }, ...(threadIds && { threadId: { $in: threadIds } }) });
  return ReadPosition.collection.find<StoredPosition>(filter, { projection: { userId: 1, threadId: 1, seq: 1, publicCount: 1 } }).toArray();
}

type BadgeUser = Pick<AuthUser, 'id' | 'role' | 'memberId'>;
type BadgeThread = Pick<ThreadFields, '_id' | 'lastSeq' | 'publicCount' | 'direction' | 'memberId' | 'assigneeId' | 'status'>;

/**
 * The threads whose unread counts make users' badges, for all of them in one query: each member's threads, and
 * each staff user's assigned ones that are not closed — an expert's closed work grows without end and would make
 * every recount slower.
 */
async function badgeThreads(users: BadgeUser[]): Promise<BadgeThread[]> {
  const oneOrIn = (ids: string[]) => (ids.length === 1 ? new Types.ObjectId(ids[0]) : { $in: ids.map((id) => new Types.ObjectId(id)) });
  const memberIds = [...new Set(users.filter((u) => !isStaffRole(u.role)).map((u) => u.memberId!))];
  const staffIds = [...new Set(users.filter((u) => isStaffRole(u.role)).map((u) => u.id))];
  const scopes = [
    ...(memberIds.length ? [{ memberId: oneOrIn(memberIds), publicCount: { $gt: 0 } }] : []),
    ...(staffIds.length ? [{ assigneeId: oneOrIn(staffIds), status: { $ne: 'closed' } }] : []),
  ];
  const filter = scopes.length === 1 ? scopes[0] : { $or: scopes };
  // Straight to the driver (db/direct): every message and every reconnect asks for badges.
  const projection = { lastSeq: 1, publicCount: 1, direction: 1, memberId: 1, assigneeId: 1, status: 1 };
  return Thread.collection.find<BadgeThread>(inTenant(filter), { projection }).toArray();
}

/** Whether a thread counts towards a user's badges (badgeThreads read several users' threads together). */
const inBadgeScope = (thread: BadgeThread, user: BadgeUser): boolean =>
  isStaffRole(user.role) ? String(thread.assigneeId) === user.id && thread.status !== 'closed' : String(thread.memberId) === user.memberId;

function summarise(threads: BadgeThread[], viewer: BadgeUser, positions: Map<string, { seq: number; publicCount: number }>): UnreadSummary {
  const summary: UnreadSummary = { total: 0, threads: {}, byDirection: { incoming: 0, outgoing: 0 } };
  for (const thread of threads) {
    if (!inBadgeScope(thread, viewer)) continue;
    const count = unreadCount(thread, viewer, positions.get(String(thread._id)));
    if (!count) continue;
    summary.threads[String(thread._id)] = count;
    summary.total += count;
    summary.byDirection[thread.direction] += count;
  }
  return summary;
}

/**
 * The badges of several users at once, in two queries whatever their number (their threads, then every user's
 * read positions on them) rather than two per user: a message to a member with five users costs the same as to
 * one, and the badges of a member's users and of the thread's expert after a member's message take two queries,
not four.
 */
/**
 * The badge threads and the users' read positions on them. Members' positions lie only on their member's threads,
 * so for members alone both are read at once (every position of theirs: one round trip less before a badge moves);
 * a staff user's positions cover every thread ever read, so with staff the positions wait for the threads.
 */
async function threadsWithPositions(users: BadgeUser[], userIds: Types.ObjectId[]): Promise<[BadgeThread[], StoredPosition[]]> {
  if (!users.some((u) => isStaffRole(u.role))) return Promise.all([badgeThreads(users), positionsOf(userIds)]);
  const threads = await badgeThreads(users);
  return [threads, threads.length ? await positionsOf(userIds, threads.map((t) => t._id)) : []];
}

export async function unreadSummaries(users: BadgeUser[]): Promise<Map<string, UnreadSummary>> {
  const result = new Map<string, UnreadSummary>();
  if (!users.length) return result;
  const userIds = [...new Set(users.map((u) => u.id))].map((id) => new Types.ObjectId(id));
  const [threads, positions] = await threadsWithPositions(users, userIds);
  const byUser = new Map<string, Map<string, StoredPosition>>();
  for (const p of positions) {
    const own = byUser.get(String(p.userId)) ?? byUser.set(String(p.userId), new Map()).get(String(p.userId))!;
    own.set(String(p.threadId), p);
  }
  for (const user of users) result.set(user.id, summarise(threads, user, byUser.get(user.id) ?? new Map()));
  return result;
}

export async function unreadSummary(user: BadgeUser): Promise<UnreadSummary> {
  return (await unreadSummaries([user])).get(user.id)!;
}

/** The seq of a message in the viewer's numbering: all messages for staff, member-visible ones for members. */
export const seqFor = (viewer: Viewer, message: Pick<MessageFields, 'seq' | 'publicSeq'>): number =>
  isStaffRole(viewer.role) ? message.seq : (message.publicSeq ?? 0);

/** The thread's last seq in the viewer's numbering (a member never learns how many internal notes exist). */
export const lastSeqFor = (viewer: Viewer, thread: Pick<ThreadFields, 'lastSeq' | 'publicCount'>): number =>
  isStaffRole(viewer.role) ? thread.lastSeq : thread.publicCount;

/**
 * Moves a user's read position forward (never back: `$max`), in one round trip. `seq` is in the viewer's
 * numbering (seqFor): staff keep the seq and the member-visible count it covers; members that count only.
 */
export async function markRead(user: Viewer, thread: Pick<ThreadFields, '_id' | 'lastSeq' | 'publicCount'>, seq: number): Promise<void> {
  const staff = isStaffRole(user.role);
  const upTo = Math.min(seq, lastSeqFor(user, thread));
  if (upTo <= 0) return;
  // How many member-visible messages lie at or below `upTo`: at the end of the thread (a send, a read to the
  // last message — nearly always) that is the thread's own count; only a read stopping midway counts them.
  const publicCount = !staff ? upTo : upTo >= thread.lastSeq ? thread.publicCount : await Message.countDocuments({ threadId: thread._id, internal: false, seq: { $lte: upTo } });
  // Straight to the driver (db/direct): the author's position moves on every send. A new position takes the SRO
  // and the ids from the filter, and the schema's default for the field $max leaves out, as mongoose would.
  const update = staff ? { $max: { seq: upTo, publicCount } } : { $max: { publicCount }, $setOnInsert: { seq: 0 } };
  const move = () => ReadPosition.collection.updateOne(inTenant({ userId: new Types.ObjectId(user.id), threadId: thread._id }), update, { upsert: true });
  await move().catch((err: { code?: number }) => {
    if (err.code !== 11000) throw err;
    return move(); // a parallel first read from another device created the position: move that one
  });
}
