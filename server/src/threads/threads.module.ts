import type { PortalModule } from '../core/module';
import { threadRoutes } from './threads.routes';
import { registerThreadHandlers } from './threads.socket';
import { listenToThreads } from './threads.listeners';

export const threadsModule: PortalModule = {
  name: 'threads',
  routes: threadRoutes,
  registerSocket: registerThreadHandlers,
  listen: listenToThreads,
};
