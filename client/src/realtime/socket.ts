import { signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@sro/shared/events';
import { applyUnread, loadUnread } from '../stores/unread';
import { addNotification } from '../stores/notifications';

// One socket per tab, authenticated by the session cookie. Every server event is applied in one place
// (applyEvent) and then offered to features that subscribed (open thread, journal, inbox).

type Events = ServerToClientEvents;
export type PortalSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const online = signal(true);
let socket: PortalSocket | null = null;
const listeners = new Map<keyof Events, Set<(payload: never) => void>>();

export function subscribe<K extends keyof Events>(event: K, fn: (payload: Parameters<Events[K]>[0]) => void): () => void {
  if (!listeners.has(event)) listeners.set(event, new Set());
  listeners.get(event)!.add(fn as (payload: never) => void);
  return () => listeners.get(event)!.delete(fn as (payload: never) => void);
}

/** Resubscribers run after each reconnect, so views can catch up from their last sequence numbers. */
const reconnectHandlers = new Set<() => void>();
export const onReconnect = (fn: () => void) => (reconnectHandlers.add(fn), () => reconnectHandlers.delete(fn));

function applyEvent(event: keyof Events, payload: unknown): void {
  if (event === 'unread:updated') applyUnread(payload as Parameters<Events['unread:updated']>[0]);
  if (event === 'notification:created') addNotification((payload as Parameters<Events['notification:created']>[0]).notification);
  for (const fn of listeners.get(event) ?? []) fn(payload as never);
}

export function connect(): PortalSocket {
  if (socket) return socket;
  socket = io({ withCredentials: true });
  let connectedBefore = false;
  socket.on('connect', () => {
    online.value = true;
    if (connectedBefore) {
      void loadUnread();
      reconnectHandlers.forEach((fn) => fn());
    }
    connectedBefore = true;
  });
  socket.on('disconnect', () => (online.value = false));
  socket.on('connect_error', async () => {
    online.value = false;
    // The access cookie may have expired: refresh it, and socket.io retries with the new cookie.
    await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': document.cookie.match(/csrf=([^;]+)/)?.[1] ?? '' }, body: '{}' }).catch(() => undefined);
  });
  socket.onAny((event: keyof Events, payload: unknown) => applyEvent(event, payload));
  return socket;
}

export const getSocket = () => socket ?? connect();
