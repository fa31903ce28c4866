import { signal } from '@preact/signals';
import type { NotificationDto } from '@sro/shared/events';
import { api, ApiError } from '../api/client';

/** The bell: the latest notices and the unread count; loaded once, then kept live by `notification:created`. */
export const notifications = signal<NotificationDto[]>([]);
export const notificationsUnread = signal(0);
/** False when the server has no notifications API (404): the bell says so instead of showing an error. */
export const notificationsAvailable = signal(true);

const KEEP = 50;

export async function loadNotifications(): Promise<void> {
  try {
    const page = await api.get<{ items: NotificationDto[]; unread?: number }>('/api/notifications?limit=20');
    notifications.value = page.items;
    notificationsUnread.value = page.unread ?? page.items.filter((n) => !n.read).length;
    notificationsAvailable.value = true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) notificationsAvailable.value = false;
    else throw err;
  }
}

export function addNotification(n: NotificationDto): void {
  // The same notice may arrive by the socket and in a page loaded a moment later: keep one.
  if (notifications.value.some((x) => x.id === n.id)) return;
  notifications.value = [n, ...notifications.value].slice(0, KEEP);
  if (!n.read) notificationsUnread.value += 1;
}

export async function markAllNotificationsRead(): Promise<void> {
  const { unread } = await api.post<{ unread: number }>('/api/notifications/read', { all: true });
  notifications.value = notifications.value.map((n) => ({ ...n, read: true }));
  notificationsUnread.value = unread ?? 0;
}
