import type { PortalModule } from '../core/module';
import { threadRoutes } from './threads.routes';
import { registerThreadHandlers } from './threads.socket';
import { listenToThreads } from './threads.listeners';
import { scheduleBackfillPublicSeq } from './public-seq.migration';

export const threadsModule: PortalModule = {
  name: 'threads',
  routes: threadRoutes,
  registerSocket: registerThreadHandlers,
  listen: (ctx) => {
    listenToThreads(ctx);
    scheduleBackfillPublicSeq(ctx);
  },
};
