import type { NotificationDto } from '@sro/shared';
import type { PortalServer } from '../realtime/io';
import { rooms } from '../realtime/rooms';
import { Notification, type NotificationFields } from './notification.model';

/**
 * notify(io, userIds, notice): stores one notification per user and pushes `notification:created` to each
 * user's room (every open tab). Call it from domain-event listeners, after the change is saved.
 */
export interface NoticeInput {
  kind: string;
  title: string;
  body?: string;
  link?: string;
  threadId?: string;
}

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

export async function notify(io: PortalServer, userIds: string[], notice: NoticeInput): Promise<void> {
  for (const userId of new Set(userIds)) {
    const doc = (await Notification.create({ ...notice, userId })).toObject() as unknown as NotificationFields;
    io.to(rooms.user(userId)).emit('notification:created', { notification: presentNotification(doc) });
  }
}

/** Per-user notification settings; absent keys mean "on". */
export const NOTIFICATION_SETTINGS = ['emailOnReply', 'emailOnStatus', 'emailReminders', 'emailNewThread'] as const;
export type NotificationSetting = (typeof NOTIFICATION_SETTINGS)[number];

export const wantsEmail = (settings: Record<string, unknown> | undefined, key: NotificationSetting) => settings?.[key] !== false;
