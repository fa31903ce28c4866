import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@sro/shared';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real Socket.IO client authenticated with an access token, connected before it is returned. */
export async function connectSocket(url: string, token: string): Promise<TestSocket> {
  const socket: TestSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Records every event a socket receives, so a test can assert what arrived and what did not. */
export function recordEvents(socket: TestSocket) {
  const events: { name: string; payload: any; at: number }[] = [];
  socket.onAny((name, payload) => events.push({ name, payload, at: Date.now() }));
  return {
    events,
    of: (name: string) => events.filter((e) => e.name === name).map((e) => e.payload),
    async waitFor(name: string, match: (payload: any) => boolean = () => true, timeoutMs = 3000): Promise<any> {
      const start = Date.now();
      while (Date.now() - start < timeoutMs) {
        const found = events.find((e) => e.name === name && match(e.payload));
        if (found) return found.payload;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no ${name} event within ${timeoutMs} ms; got ${events.map((e) => e.name).join(', ')}`);
    },
  };
}

let barriers = 0;

/**
 * Sends a barrier to every socket of the server and waits until each recorder has it. A socket receives in
 * order, so anything the server emitted before the call has arrived: proof that nothing else came, without sleeping.
 */
export async function barrier(io: unknown, recorders: ReturnType<typeof recordEvents>[]): Promise<void> {
  const n = ++barriers;
  (io as { emit(event: string, payload: unknown): void }).emit('test:barrier', n);
  for (const r of recorders) await r.waitFor('test:barrier', (p) => p === n);
}

export const emitWithAck = <T = any>(socket: TestSocket, event: string, payload: unknown): Promise<T> =>
  new Promise((resolve) => (socket.emit as any)(event, payload, resolve));
