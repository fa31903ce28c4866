/**
 * Notifications — the bell (DESIGN.md §5). Other domains call:
 *
 *   notify(io, userIds, { kind, title, body?, link?, threadId? }): Promise<NotificationDto[]>
 *
 * It stores one notification per distinct user (in the current SRO) and pushes
 * `notification:created {notification}` to each user's own room (every open tab of that user, no one else).
 * Call it from a domain-event listener *after* the change is saved (STYLE.md 7). It never sends e-mail:
 * e-mail: call `tell` (tell.ts), which rings the bell and mails as each user chose.
 *
 *   kind     — a short machine name the client may style by ('reply', 'status', 'notice', 'due_soon', …)
 *   title    — one line the user reads in the bell (Russian)
 *   body     — optional detail, cut to 500 characters
 *   link     — a client path to open ('/threads/…')
 *   threadId — lets the client clear notices of a thread it has opened
 */
import type { NoticeTopic, NotificationDto, NotificationSetting, NotificationSettingsDto, ThreadKind } from '@sro/shared';
import { NOTICE_TOPICS, NOTIFICATION_SETTINGS, OPT_IN_SETTINGS } from '@sro/shared';
import type { PortalServer } from '../realtime/io';
import { rooms } from '../realtime/rooms';
import { Notification, type NotificationFields } from './notification.model';

export interface NoticeInput {
  kind: string;
  title: string;
  body?: string;
  link?: string;
  threadId?: string;
}

export { NOTIFICATION_SETTINGS, type NotificationSetting };

export function presentNotification(n: NotificationFields): NotificationDto {
  return {
    id: String(n._id),
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    threadId: n.threadId ? String(n.threadId) : undefined,
    read: n.read,
    createdAt: n.createdAt.toISOString(),
  };
}

export async function notify(io: PortalServer, userIds: string[], notice: NoticeInput): Promise<NotificationDto[]> {
  const recipients = [...new Set(userIds.map(String))];
  if (!recipients.length) return [];
  const fields = { ...notice, title: notice.title.slice(0, 300), body: notice.body?.slice(0, 500) };
  const docs = await Notification.insertMany(recipients.map((userId) => ({ ...fields, userId })));
  return docs.map((doc) => {
    const notification = presentNotification(doc.toObject() as unknown as NotificationFields);
    io.to(rooms.user(String(doc.userId))).emit('notification:created', { notification });
    return notification;
  });
}

const isOn = (settings: Record<string, unknown> | undefined, key: NotificationSetting) =>
  OPT_IN_SETTINGS.includes(key) ? settings?.[key] === true : settings?.[key] !== false;

/** Whether this topic reaches the user by e-mail (now or in the digest). */
export const wantsEmail = (settings: Record<string, unknown> | undefined, topic: NoticeTopic) => isOn(settings, NOTICE_TOPICS[topic].email);
/** Whether this topic rings the user's bell (new requests: `ringsFor`). */
export const wantsBell = (settings: Record<string, unknown> | undefined, topic: NoticeTopic) => {
  const key = NOTICE_TOPICS[topic].bell;
  return key === null || isOn(settings, key);
};

export function settingsOf(stored: Record<string, unknown> | undefined): NotificationSettingsDto {
  const switches = Object.fromEntries(NOTIFICATION_SETTINGS.map((k) => [k, isOn(stored, k)])) as Record<NotificationSetting, boolean>;
  return { ...switches, newThreadKinds: Array.isArray(stored?.newThreadKinds) ? (stored.newThreadKinds as ThreadKind[]) : null };
}

/** Whether a new request of this kind rings this staff member's bell (their choice; every kind by default). */
export const ringsFor = (settings: Record<string, unknown> | undefined, kind: ThreadKind) => !Array.isArray(settings?.newThreadKinds) || (settings.newThreadKinds as string[]).includes(kind);
