import { signal } from '@preact/signals';
import type { NotificationDto } from '@sro/shared/events';
import { api } from '../api/client';

export const notifications = signal<NotificationDto[]>([]);
export const notificationsUnread = signal(0);

export async function loadNotifications(): Promise<void> {
  const page = await api.get<{ items: NotificationDto[]; unread: number }>('/api/notifications?limit=20');
  notifications.value = page.items;
  notificationsUnread.value = page.unread;
}

export function addNotification(n: NotificationDto): void {
  notifications.value = [n, ...notifications.value].slice(0, 50);
  notificationsUnread.value += 1;
}

export async function markAllNotificationsRead(): Promise<void> {
  const { unread } = await api.post<{ unread: number }>('/api/notifications/read', { all: true });
  notifications.value = notifications.value.map((n) => ({ ...n, read: true }));
  notificationsUnread.value = unread;
}
