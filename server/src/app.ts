import express from 'express';
import { createServer, type Server as HttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { errorMiddleware, notFoundApi } from './core/error-middleware';
import { redactUrl } from './core/logger';
import { compressedAssets } from './core/compressed-assets';
import { capConnectionsPerAddress, closeSilentConnections, serverTimeouts } from './core/connection-limits';
import { buildRouter, route } from './core/routes';
import type { AppDeps, ModuleContext, PortalModule } from './core/module';
import { tenantMiddleware } from './sros/tenant.middleware';
import { authenticate } from './auth/authenticate';
import { isSessionActive } from './auth/session.model';
import { createRealtime, endSessionSockets, type PortalServer } from './realtime/io';
import { onSessionsEnded } from './auth/sessions.service';
import { databaseIsUp } from './db/database';
import { portalModules } from './modules';
import { z } from 'zod';

// Validation messages the API returns are Russian, like the UI (fields the schemas name explicitly say more).
z.config(z.locales.ru());

export interface PortalApp {
  app: express.Express;
  httpServer: HttpServer;
  io: PortalServer;
  ctx: ModuleContext;
}

const healthRoutes = [
  route({
    method: 'get',
    path: '/health',
    access: 'public',
    handler: async ({ res }) => {
      if (await databaseIsUp()) return { status: 'ok' };
      res.status(503).json({ error: { code: 'unavailable', message: 'База данных не отвечает' } });
      return undefined;
    },
  }),
];

/**
 * What the request log keeps: no headers at all (cookies, Authorization and Set-Cookie carry live tokens),
 * the URL with secrets censored and search text as its length (core/logger.ts).
 */
const requestLogSerializers = {
  req: (req: { id?: unknown; method?: string; url?: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url ?? ''), remoteAddress: req.remoteAddress }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
};

/** Every API answer may hold personal data (registry cards, passports, letters): no cache keeps a copy. */
const noStore: express.RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

const hstsOverHttps: express.RequestHandler = (req, res, next) => {
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
};

/** Invalid UTF-8 would be stored with replacement characters: refuse it (400) instead. */
const rejectInvalidUtf8 = (_req: unknown, _res: unknown, buf: Buffer) => {
  if (!isUtf8(buf)) throw Object.assign(new Error('request body is not valid UTF-8'), { invalidUtf8: true });
};

/** The composition root of the HTTP and realtime side (STYLE.md 4): main.ts and tests inject the services. */
export function createApp(deps: AppDeps, modules: PortalModule[] = portalModules): PortalApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  const limits = { headersTimeoutMs: deps.config.headersTimeoutMs, maxPerAddress: deps.config.maxConnectionsPerAddress };
  const httpServer = createServer(serverTimeouts(limits), app);
  capConnectionsPerAddress(httpServer, limits.maxPerAddress);
  closeSilentConnections(httpServer, limits.headersTimeoutMs);
  const io = createRealtime(httpServer, { tokens: deps.tokens, logger: deps.logger, isSessionActive, appUrl: () => deps.config.appUrl });
  // However a session ends (logout, password change or reset, blocking, a stolen refresh token), its sockets close.
  const stopEndingSockets = onSessionsEnded((sessionIds, reason) => endSessionSockets(io, sessionIds, reason));
  httpServer.once('close', stopEndingSockets);
  const ctx: ModuleContext = { ...deps, io };

  app.use(pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url === '/api/health' }, serializers: requestLogSerializers }));
  // HSTS only over HTTPS (RFC 6797 §7.2: a host must not send it over plain HTTP).
  app.use(helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } }, strictTransportSecurity: false }));
  app.use(hstsOverHttps);
  app.use('/api', noStore, express.json({ limit: '1mb', verify: rejectInvalidUtf8 }), cookieParser(), tenantMiddleware, authenticate(deps.tokens, isSessionActive));
  app.use('/api', buildRouter(healthRoutes));
  for (const module of modules) {
    if (module.routes) app.use('/api', buildRouter(module.routes(ctx)));
    module.listen?.(ctx);
  }
  io.on('connection', (socket) => {
    for (const module of modules) module.registerSocket?.(socket, ctx);
  });
  app.use('/api', notFoundApi);
  serveClient(app, deps.config.clientDist);
  app.use(errorMiddleware(deps.logger));
  return { app, httpServer, io, ctx };
}

/** Serves the built client, with the SPA's index.html for every other path (express 5 catch-all syntax). */
function serveClient(app: express.Express, dist: string): void {
  const index = path.join(dist, 'index.html');
  app.use(compressedAssets(dist));
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  app.get('/{*splat}', (_req, res) => {
    if (existsSync(index)) res.sendFile(index);
    else res.status(503).type('text/plain; charset=utf-8').send('Клиент не собран: выполните npm run build');
  });
}
