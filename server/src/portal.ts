import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from './core/config';
import { createLogger, type Logger } from './core/logger';
import { DomainEvents } from './core/domain-events';
import { connectDatabase, type Database } from './db/database';
import { TokenService } from './auth/tokens';
import { createMailer } from './mail/create-mailer';
import type { Mailer } from './mail/mailer';
import { ensureDefaultSro } from './sros/sro.service';
import { runWithTenant } from './core/tenancy';
import { createApp, type PortalApp } from './app';
import { seedDemo } from './seed/demo';
import { attachRedisAdapter } from './realtime/redis-adapter';
import { mailSettled } from './mail/mail.service';

export interface StartOptions {
  config?: Partial<Config>;
  /** Embedded database only: memory-only (tests). */
  ephemeral?: boolean;
  dbName?: string;
  logger?: Logger;
  mailer?: Mailer;
}

export interface RunningPortal extends PortalApp {
  url: string;
  port: number;
  db: Database;
  config: Config;
  defaultSroId: string;
  stop(): Promise<void>;
}

/** The secret signing access tokens: JWT_SECRET, or one generated once and kept in DATA_DIR. */
async function loadJwtSecret(config: Config): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  const file = path.join(config.dataDir, 'jwt-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    await mkdir(config.dataDir, { recursive: true });
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}

/** Starts everything: database, services, HTTP + Socket.IO. Used by main.ts and by the tests. */
export async function startPortal(opts: StartOptions = {}): Promise<RunningPortal> {
  const config = { ...loadConfig(), ...opts.config };
  const logger = opts.logger ?? createLogger(config.logLevel);
  const db = await connectDatabase({
    mongodbUri: config.mongodbUri,
    embeddedThread: config.embeddedDbThread,
    embeddedRepair: config.embeddedDbRepair,
    dataDir: config.dataDir,
    ephemeral: opts.ephemeral,
    dbName: opts.dbName,
    logger,
  });
  const sro = await ensureDefaultSro();
  const defaultSroId = String(sro._id);
  const tokens = new TokenService(await loadJwtSecret(config));
  const mailer =
    opts.mailer ??
    createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: path.join(config.dataDir, 'outbox'), logger });
  const events = new DomainEvents(logger);
  const portal = createApp({ config, logger, tokens, events, mailer });
  const closeRedis = config.redisUrl ? await attachRedisAdapter(portal.io, config.redisUrl, logger) : undefined;
  if (config.seedDemo) await runWithTenant(defaultSroId, () => seedDemo(logger));

  await new Promise<void>((resolve) => portal.httpServer.listen(config.port, config.host, resolve));
  const port = (portal.httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  if (!opts.config?.appUrl && !process.env.APP_URL) config.appUrl = `http://localhost:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop accepting, let requests in flight finish, close sockets, then the database.
      portal.io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        portal.httpServer.close(() => resolve());
        portal.httpServer.closeIdleConnections();
        setTimeout(() => portal.httpServer.closeAllConnections(), 5_000).unref();
      });
      // What the last writes announced (notifications, e-mails) is finished before the database goes.
      await events.idle();
      await mailSettled();
      await new Promise<void>((resolve) => portal.io.close(() => resolve()));
      await closeRedis?.();
      await db.close();
    })());
  return { ...portal, url, port, db, config, defaultSroId, stop };
}
