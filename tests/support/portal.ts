import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startPortal, type RunningPortal } from '../../server/src/portal';
import type { Config } from '../../server/src/core/config';
import type { Logger } from '../../server/src/core/logger';
import { startSmtpPeer, type SmtpPeer } from './smtp';
import { mailSettled } from '../../server/src/mail/mail.service';

export interface TestPortal extends RunningPortal {
  smtp: SmtpPeer;
  dataDir: string;
  /**
   * Resolves when everything already started has finished: every domain event's listeners and every letter
   * (handed to the SMTP peer, which has stored it). "Nothing more was sent" is asserted after this, not a sleep.
   */
  settled(): Promise<void>;
}

/**
 * A real portal on port 0 for one test file: the embedded database (ephemeral), or the real MongoDB named by
 * MONGODB_URI with a database of its own; a real SMTP peer receives its mail. Demo data is seeded by default.
 */
export async function startTestPortal(overrides: Partial<Config> = {}, options: { logger?: Logger } = {}): Promise<TestPortal> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sro-test-'));
  const smtp = await startSmtpPeer();
  const mongodbUri = process.env.MONGODB_URI || undefined;
  const portal = await startPortal({
    ephemeral: true,
    logger: options.logger,
    dbName: mongodbUri ? `sro_test_${randomBytes(4).toString('hex')}` : undefined,
    config: {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      mongodbUri,
      seedDemo: true,
      smtpUrl: smtp.url,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...overrides,
    },
  });
  const stopPortal = portal.stop;
  return {
    ...portal,
    smtp,
    dataDir,
    async settled() {
      await portal.ctx.events.idle();
      await mailSettled();
    },
    async stop() {
      if (mongodbUri) await import('mongoose').then((m) => m.default.connection.db?.dropDatabase());
      await stopPortal();
      await smtp.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
