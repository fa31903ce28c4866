import { isStaffRole, type UnreadUpdate } from '@sro/shared';
import type { ModuleContext } from '../core/module';
import { rooms } from '../realtime/rooms';
import { inTenant } from '../db/direct';
import type { AuthUser } from '../auth/tokens';
import { User, type UserFields } from '../users/user.model';
import { activeUsersFilter, activeUsersOfMember, type BadgeHolder } from '../users/member-users';
import { notify, ringsFor } from '../notifications/notification.service';
import { tell } from '../notifications/tell';
import { presentMessage, presentThread } from './thread.presenter';
import { Thread, type ThreadFields } from './thread.model';
import type { MessageFields } from './message.model';
import { unreadSummaries } from './unread.service';
import { STATUS_WORDS } from './status.service';

// Listeners of thread events: the server picks the recipients (STYLE.md 6–7). Members' rooms never get
// internal notes; staff get everything. Unread badges are recomputed from read positions per recipient.

const STAFF = { role: 'expert' as const };
const MEMBER = { role: 'member' as const };

/** The member's active users, read afresh: whom a notice or a letter goes to. Straight to the driver (db/direct). */
async function memberUsers(thread: ThreadFields): Promise<UserFields[]> {
  return User.collection.find<UserFields>(inTenant(activeUsersFilter(thread.memberId))).toArray();
}

/** Sends each affected user its new count for the thread and its new totals (unreadSummaries: a few queries for all). */
async function pushUnread(ctx: ModuleContext, thread: ThreadFields, users: Pick<UserFields, '_id' | 'role' | 'memberId'>[]): Promise<void> {
  if (!users.length) return;
  const viewers = users.map((u) => ({ id: String(u._id), role: u.role, memberId: u.memberId ? String(u.memberId) : undefined }));
  const summaries = await unreadSummaries(viewers);
  const threadId = String(thread._id);
  for (const viewer of viewers) {
    const { total, threads, byDirection } = summaries.get(viewer.id)!;
    const update: UnreadUpdate = { total, threadId, count: threads[threadId] ?? 0, byDirection };
    ctx.io.to(rooms.user(viewer.id)).emit('unread:updated', update);
  }
}

/**
 * Whose badges a member's own message moves: the member's other active users (users/member-users: a list at
 * most 10 s old, for badges only) and the assignee (known from the thread: no lookup). Saves a
 * query on every message a member sends.
 */
async function badgeHoldersOf(thread: ThreadFields): Promise<BadgeHolder[]> {
  return [...(await activeUsersOfMember(thread.memberId)), ...assigneeOf(thread)];
}

/** Staff badges count every message (isStaffRole): 'expert' stands for the assignee's role, admin or expert. */
const assigneeOf = (thread: ThreadFields): BadgeHolder[] => (thread.assigneeId ? [{ _id: thread.assigneeId, role: 'expert' }] : []);

const threadUrl = (ctx: ModuleContext, thread: ThreadFields) => `${ctx.config.appUrl}/threads/${thread._id}`;
const threadLabel = (t: ThreadFields) => `«${t.subject}»${t.regNumber ? ` № ${t.regNumber}` : ''}`;

async function onMessage(ctx: ModuleContext, thread: ThreadFields, message: MessageFields, actor: AuthUser | null): Promise<void> {
  if (thread.status === 'draft') return; // only the member's own tabs care, and they made the change
  const threadId = String(thread._id);
  ctx.io.to(rooms.staff(thread.sroId)).emit('message:created', { threadId, message: presentMessage(message, STAFF) });
  if (!message.internal) ctx.io.to(rooms.member(String(thread.memberId))).emit('message:created', { threadId, message: presentMessage(message, MEMBER) });
  ctx.io.to(rooms.staff(thread.sroId)).emit('thread:updated', { thread: presentThread(thread, STAFF) });
  if (!message.internal) ctx.io.to(rooms.member(String(thread.memberId))).emit('thread:updated', { thread: presentThread(thread, MEMBER) });

  if (actor?.role === 'member' && message.kind === 'text') return onMemberText(ctx, thread, message, actor);
  // The badges move from the remembered holders while the recipients of the notice are read afresh beside them.
  const holders = message.internal ? assigneeOf(thread) : await badgeHoldersOf(thread);
  const badges = pushUnread(ctx, thread, holders.filter((u) => String(u._id) !== actor?.id));
  if (message.kind !== 'text' || !actor || !isStaffRole(actor.role) || message.internal) return badges;
  const [members] = await Promise.all([memberUsers(thread), badges]);
  const first = `СРО ответила на ваше обращение ${threadLabel(thread)}.`;
  await tell(ctx, members, {
    topic: 'reply', memberId: String(thread.memberId),
    notice: { kind: 'reply', title: `Ответ СРО по обращению ${threadLabel(thread)}`, body: message.body.slice(0, 200), link: `/threads/${thread._id}`, threadId: String(thread._id) },
    mail: { subject: `Ответ по обращению ${threadLabel(thread)}`, paragraphs: [first, message.body.slice(0, 2000)], url: threadUrl(ctx, thread), hidden: { subject: `Ответ по обращению ${threadLabel(thread)}`, paragraphs: [first] } },
  });
}

/** A member's reply: the badges of the member's other users and of the assignee, and the assignee's bell. */
async function onMemberText(ctx: ModuleContext, thread: ThreadFields, message: MessageFields, actor: AuthUser): Promise<void> {
  await pushUnread(ctx, thread, (await badgeHoldersOf(thread)).filter((u) => String(u._id) !== actor.id));
  if (!thread.assigneeId) return;
  await notify(ctx.io, [String(thread.assigneeId)], { kind: 'member_reply', title: `${thread.memberName ?? 'Член СРО'} ответил: ${thread.subject}`, body: message.body.slice(0, 200), link: `/inbox/${thread._id}`, threadId: String(thread._id) });
}

async function onStatus(ctx: ModuleContext, thread: ThreadFields, actor: AuthUser | null, from?: string): Promise<void> {
  if (!actor || !isStaffRole(actor.role)) return;
  const members = await memberUsers(thread);
  const words = `${STATUS_WORDS[thread.status]}`;
  const line = `Статус обращения ${threadLabel(thread)} изменён${from ? ` с «${STATUS_WORDS[from as keyof typeof STATUS_WORDS]}»` : ''} на «${words}».`;
  await tell(ctx, members, {
    topic: 'status', memberId: String(thread.memberId),
    notice: { kind: 'status', title: `Обращение ${threadLabel(thread)}: ${words}`, link: `/threads/${thread._id}`, threadId: String(thread._id) },
    mail: { subject: `Статус обращения: ${words}`, paragraphs: [line], url: threadUrl(ctx, thread), hidden: { subject: `Статус обращения: ${words}`, paragraphs: [line] } },
  });
}

/** A new request rings the bell of every active expert who wants its kind; e-mail only for those who opted in. */
async function notifyStaffOfNewThread(ctx: ModuleContext, thread: ThreadFields): Promise<void> {
  // Each expert chooses which kinds of new requests ring their bell (every kind unless they narrowed it).
  const staff = (await User.find({ role: { $in: ['expert', 'admin'] }, status: 'active' }, { _id: 1, email: 1, notificationSettings: 1 }).lean<UserFields[]>())
    .filter((u) => ringsFor(u.notificationSettings, thread.kind));
  const title = `Новое обращение: ${thread.subject}`;
  await tell(ctx, staff, {
    topic: 'newThread',
    notice: { kind: 'new_thread', title, body: thread.memberName, link: `/inbox/${thread._id}`, threadId: String(thread._id) },
    mail: { subject: title, paragraphs: [title, thread.memberName ?? ''], url: `${ctx.config.appUrl}/inbox/${thread._id}`, hidden: { subject: 'Новое обращение в рабочем месте', paragraphs: ['Поступило новое обращение.'] } },
  });
}

export function listenToThreads(ctx: ModuleContext): void {
  ctx.events.on('message.created', ({ thread, message, actor }) => onMessage(ctx, thread, message, actor));
  ctx.events.on('thread.created', async ({ thread, actor }) => {
    if (thread.status !== 'draft') ctx.io.to(rooms.staff(thread.sroId)).emit('thread:created', { thread: presentThread(thread, STAFF) });
    if (thread.status !== 'draft' || !isStaffRole(actor.role)) ctx.io.to(rooms.member(String(thread.memberId))).emit('thread:created', { thread: presentThread(thread, MEMBER) });
    if (!isStaffRole(actor.role) && thread.status !== 'draft') await notifyStaffOfNewThread(ctx, thread);
    if (isStaffRole(actor.role)) {
      const members = await memberUsers(thread);
      await pushUnread(ctx, thread, members);
      const first = `СРО направила вам документ ${threadLabel(thread)}.`;
      await tell(ctx, members, {
        topic: 'document', memberId: String(thread.memberId),
        notice: { kind: 'notice', title: `${thread.subject}`, link: `/threads/${thread._id}`, threadId: String(thread._id) },
        mail: { subject: thread.subject, paragraphs: [first, thread.lastPublicMessage?.body ?? ''], url: threadUrl(ctx, thread), hidden: { subject: thread.subject, paragraphs: [first] } },
      });
    }
  });
  ctx.events.on('thread.updated', async ({ thread, actor, changes, previous, announced }) => {
    // A draft just sent appears in the staff inbox as new.
    if (previous?.status === 'draft') {
      ctx.io.to(rooms.staff(thread.sroId)).emit('thread:created', { thread: presentThread(thread, STAFF) });
      await notifyStaffOfNewThread(ctx, thread);
    }
    // A status or assignment change came with its line: onMessage already sent each party the thread once.
    else if (thread.status !== 'draft' && !announced) ctx.io.to(rooms.staff(thread.sroId)).emit('thread:updated', { thread: presentThread(thread, STAFF) });
    if (!announced) ctx.io.to(rooms.member(String(thread.memberId))).emit('thread:updated', { thread: presentThread(thread, MEMBER) });
    if (changes.includes('status')) await onStatus(ctx, thread, actor, previous?.status);
  });
  ctx.events.on('thread.read', async ({ user, threadId }) => {
    // Reading on one device clears the badge on the others.
    const thread = await Thread.findById(threadId).lean<ThreadFields>();
    if (thread) await pushUnread(ctx, thread, [{ _id: user.id as never, role: user.role, memberId: user.memberId as never }]);
  });
}
