import { signal } from '@preact/signals';
import type { UnreadSummary } from '@sro/shared/schemas/threads';
import { api } from '../api/client';

/** Unread badges: per thread and the total, loaded once, then kept live by `unread:updated`. */
export const unread = signal<UnreadSummary>({ total: 0, threads: {} });

export async function loadUnread(): Promise<void> {
  unread.value = await api.get<UnreadSummary>('/api/unread');
}

export function applyUnread(payload: { total: number; threadId: string; count: number }): void {
  const threads = { ...unread.value.threads };
  if (payload.count) threads[payload.threadId] = payload.count;
  else delete threads[payload.threadId];
  unread.value = { total: payload.total, threads };
}
