import { computed, signal } from '@preact/signals';
import type { UnreadSummary, UnreadUpdate } from '@sro/shared/schemas/threads';

/**
 * Unread badges: per thread, per folder and the total. The server sends them whole with every connection of the
 * socket (`unread:summary`: at sign-in and after each reconnect), then keeps them live by `unread:updated`.
 */
export const unread = signal<UnreadSummary>({ total: 0, threads: {}, byDirection: { incoming: 0, outgoing: 0 } });
export const unreadTotal = computed(() => unread.value.total);
export const unreadFor = (threadId: string) => unread.value.threads[threadId] ?? 0;

export function setUnread(summary: UnreadSummary): void {
  unread.value = summary;
}

/** The server sends the new totals with each change, so the badges never drift from the per-thread counts. */
export function applyUnread(payload: UnreadUpdate): void {
  const threads = { ...unread.value.threads };
  if (payload.count > 0) threads[payload.threadId] = payload.count;
  else delete threads[payload.threadId];
  unread.value = { total: Math.max(0, payload.total), threads, byDirection: payload.byDirection };
}
