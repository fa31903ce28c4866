import { afterAll, beforeAll } from 'vitest';
import { startTestPortal, type TestPortal } from './portal';
import { signIn } from './http';
import { connectSocket, recordEvents, type TestSocket } from './sockets';

/**
 * One portal for a test file, and real socket clients that are disconnected at the end.
 * `connected(login)` signs a user in and opens its socket with an event recorder.
 */
export function usePortalWithSockets() {
  let portal: TestPortal | undefined;
  const sockets: TestSocket[] = [];
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
      return { api, socket, events: recordEvents(socket) };
    },
  };
  return env;
}
