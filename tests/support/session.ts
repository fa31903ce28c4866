import { afterAll, beforeAll } from 'vitest';
import { startTestPortal, type TestPortal } from './portal';
import { signIn } from './http';
import { barrier, connectSocket, recordEvents, type TestSocket } from './sockets';

type Recorder = ReturnType<typeof recordEvents>;

/**
 * One portal for a test file, and real socket clients that are disconnected at the end.
 * `connected(login)` signs a user in and opens its socket with an event recorder.
 */
export function usePortalWithSockets() {
  let portal: TestPortal | undefined;
  const sockets: TestSocket[] = [];
  const recorders: { socket: TestSocket; events: Recorder }[] = [];
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await portal?.stop();
  });
  const env = {
    get portal(): TestPortal {
      if (!portal) throw new Error('the portal starts in beforeAll');
      return portal;
    },
    async socket(token: string): Promise<TestSocket> {
      const socket = await connectSocket(env.portal.url, token);
      sockets.push(socket);
      return socket;
    },
    async connected(login: string, password?: string) {
      const api = await signIn(env.portal.url, login, password);
      const socket = await env.socket(api.accessToken);
      const events = recordEvents(socket);
      recorders.push({ socket, events });
      return { api, socket, events };
    },
    /**
     * A positive proof that nothing more is on its way, instead of sleeping: waits until the portal's event
     * listeners have all finished, then sends a barrier to every socket and waits for it on each recorder. A
     * socket receives in order, so whatever the listeners sent arrived before its barrier.
     */
    async quiet(...more: Recorder[]): Promise<void> {
      await env.portal.ctx.events.idle();
      const live = recorders.filter((r) => r.socket.connected).map((r) => r.events);
      await barrier(env.portal.io, [...live, ...more]);
    },
  };
  return env;
}
