import type { Config } from './config';
import type { Logger } from './logger';
import type { DomainEvents } from './domain-events';
import type { RouteSpec } from './routes';
import type { TokenService } from '../auth/tokens';
import type { PortalServer, PortalSocket } from '../realtime/io';
import type { Mailer } from '../mail/mailer';

/** What every domain module receives: the composition root's services (STYLE.md 4). */
export interface AppDeps {
  config: Config;
  logger: Logger;
  tokens: TokenService;
  events: DomainEvents;
  mailer: Mailer;
}

export interface ModuleContext extends AppDeps {
  io: PortalServer;
}

/**
 * A domain (auth, threads, inbox, registry …) plugs into the app through this shape:
 * routes under /api, socket handlers per connection, and listeners for domain events.
 */
export interface PortalModule {
  name: string;
  routes?(ctx: ModuleContext): RouteSpec[];
  registerSocket?(socket: PortalSocket, ctx: ModuleContext): void;
  listen?(ctx: ModuleContext): void;
}
