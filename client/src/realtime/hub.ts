import type { ServerToClientEvents } from '@sro/shared/events';

// The event hub: features subscribe to server events here without touching the socket. It imports nothing
// from socket.io, so stores and their unit tests stay light; realtime/socket.ts feeds it.

export type ServerEvent = keyof ServerToClientEvents;
export type Payload<K extends ServerEvent> = Parameters<ServerToClientEvents[K]>[0];
/** One server event as a tagged value, so a `switch (e.event)` narrows `e.payload`. */
export type ServerEventMessage = { [K in ServerEvent]: { event: K; payload: Payload<K> } }[ServerEvent];

type Listener = (payload: never) => void;
const listeners = new Map<ServerEvent, Set<Listener>>();
const reconnectHandlers = new Set<() => void>();

/** Calls `fn` for every `event` after the stores have applied it; returns the unsubscribe function. */
export function subscribe<K extends ServerEvent>(event: K, fn: (payload: Payload<K>) => void): () => void {
  let set = listeners.get(event);
  if (!set) listeners.set(event, (set = new Set()));
  set.add(fn as Listener);
  return () => void set.delete(fn as Listener);
}

export function publish<K extends ServerEvent>(event: K, payload: Payload<K>): void {
  for (const fn of listeners.get(event) ?? []) {
    // One failing view must not stop the others from hearing the event.
    try {
      (fn as (p: Payload<K>) => void)(payload);
    } catch (err) {
      console.error(`listener of ${event} failed`, err);
    }
  }
}

/** Runs after each reconnect (not the first connect), so views catch up from their last sequence numbers. */
export function onReconnect(fn: () => void): () => void {
  reconnectHandlers.add(fn);
  return () => void reconnectHandlers.delete(fn);
}

export function runReconnectHandlers(): void {
  reconnectHandlers.forEach((fn) => fn());
}
