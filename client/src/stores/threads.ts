import { signal } from '@preact/signals';
import type { MessageDto, ThreadDto } from '@sro/shared/schemas/threads';

// The one store of threads on the client, normalised by id, fed by applyEvent (realtime/applyEvent.ts) and by
// what pages load. Lists keep only ids and read the threads from here, so a live update reaches every list, the
// open conversation and the journal at once, and no page keeps its own copy that can go stale.

/** Every thread the tab has seen, by id. */
export const threadsById = signal<Record<string, ThreadDto>>({});
/** The messages of the conversations that are open (loaded), by thread id, in seq order. */
export const messagesByThread = signal<Record<string, MessageDto[]>>({});
/** Who is typing in a thread right now (cleared when their message arrives or after a few seconds). */
export const typingIn = signal<Record<string, { userId: string; name: string }>>({});
/** Staff presence: who has a thread open. */
export const viewersOf = signal<Record<string, { userId: string; name: string }[]>>({});

/** Keeps what the server said; an update without `unread` (socket payloads) keeps the count already known. */
export function putThreads(threads: ThreadDto[]): void {
  if (!threads.length) return;
  const next = { ...threadsById.value };
  for (const thread of threads) {
    const known = next[thread.id];
    next[thread.id] = known ? { ...known, ...thread, unread: thread.unread ?? known.unread } : thread;
  }
  threadsById.value = next;
}

export const putThread = (thread: ThreadDto) => putThreads([thread]);

/** Starts holding a conversation's messages (a page opened it); events for it are kept from now on. */
export function openMessages(threadId: string): void {
  messagesByThread.value = { ...messagesByThread.value, [threadId]: [] };
}

export function closeMessages(threadId: string): void {
  const { [threadId]: _closed, ...rest } = messagesByThread.value;
  messagesByThread.value = rest;
}

/** Adds messages to an open conversation, once each (a message may come by the ack, the socket and a catch-up). */
export function putMessages(threadId: string, incoming: MessageDto[]): void {
  const current = messagesByThread.value[threadId];
  if (!current || !incoming.length) return;
  const known = new Set(current.map((m) => m.id));
  const fresh = incoming.filter((m) => !known.has(m.id));
  if (!fresh.length) return;
  messagesByThread.value = { ...messagesByThread.value, [threadId]: [...current, ...fresh].sort((a, b) => a.seq - b.seq) };
}

const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
const TYPING_SHOWN_MS = 3000;

export function startTyping(threadId: string, who: { userId: string; name: string }): void {
  typingIn.value = { ...typingIn.value, [threadId]: who };
  clearTimeout(typingTimers.get(threadId));
  typingTimers.set(threadId, setTimeout(() => stopTyping(threadId), TYPING_SHOWN_MS));
}

export function stopTyping(threadId: string, userId?: string): void {
  const current = typingIn.value[threadId];
  if (!current || (userId && current.userId !== userId)) return;
  clearTimeout(typingTimers.get(threadId));
  const { [threadId]: _gone, ...rest } = typingIn.value;
  typingIn.value = rest;
}

export function setViewers(threadId: string, viewers: { userId: string; name: string }[]): void {
  viewersOf.value = { ...viewersOf.value, [threadId]: viewers };
}

/**
 * Whether a live thread still belongs in a list. `unknown`: the list's filter is one only the server can
 * evaluate (a search, a date range, overdue): the list reloads its page instead of guessing.
 */
export type ListVerdict = boolean | 'unknown';
