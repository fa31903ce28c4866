import { signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@sro/shared/events';
import { refreshSession } from '../api/client';
import { sessionExpired } from '../stores/session';
import { applyRawEvent } from './applyEvent';
import { runReconnectHandlers } from './hub';

// One socket per tab, opened after sign-in (this module loads with the cabinet chunk, never on the login page)
// and authenticated by the session cookie. Server events go to applyEvent; features listen through the hub.

export { subscribe, onReconnect } from './hub';
export type PortalSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** False while the socket is down: the shell shows "reconnecting…". */
export const online = signal(true);
let socket: PortalSocket | null = null;

export function connect(): PortalSocket {
  if (socket) return socket;
  const s: PortalSocket = (socket = io({ withCredentials: true }));
  let connectedBefore = false;
  s.on('connect', () => {
    online.value = true;
    // After a gap, open views catch up from the server instead of trusting what they missed (the badges come
    // by themselves with every connection: unread:summary).
    if (connectedBefore) runReconnectHandlers();
    connectedBefore = true;
  });
  s.on('disconnect', () => (online.value = false));
  // The server closes a socket whose session ended. An expired access token only needs a refresh; any other
  // reason (logout elsewhere, password changed or reset, blocked) sends the tab to the login page, which says why.
  s.on('session:ended', ({ reason }) => {
    if (reason !== 'expired') return sessionExpired();
    void refreshSession().then((refreshed) => {
      if (refreshed === 'ok') s.connect();
      else if (refreshed === 'signed_out') sessionExpired();
      else setTimeout(() => s.connect(), 5000);
    });
  });
  s.on('connect_error', async () => {
    online.value = false;
    // A transport failure: socket.io retries by itself. A refusal by the server's auth check (s.active is
    // false) is not retried: the access cookie has probably expired, so refresh it and connect again.
    if (s.active) return;
    const refreshed = await refreshSession();
    if (refreshed === 'ok') s.connect();
    else if (refreshed === 'signed_out') sessionExpired();
    else setTimeout(() => s.connect(), 5000);
  });
  s.onAny((event: string, payload: unknown) => applyRawEvent(event, payload));
  return s;
}

export const getSocket = () => socket ?? connect();

/** Closes the socket on sign-out so a next user in the same tab starts clean. */
export function disconnect(): void {
  socket?.disconnect();
  socket = null;
  online.value = true;
}
