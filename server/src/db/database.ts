import mongoose from 'mongoose';
import path from 'node:path';
import type { Logger } from '../core/logger';
import { startEmbeddedMongo, type EmbeddedMongo, type EmbeddedThread } from '../../embedded-mongo/src/index';

export interface Database {
  uri: string;
  embedded: boolean;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  mongodbUri?: string;
  /** Embedded only: in the portal's event loop (default) or a worker thread. */
  embeddedThread?: EmbeddedThread;
  /** Embedded only: start on damaged files (EMBEDDED_DB_REPAIR). */
  embeddedRepair?: boolean;
  dataDir: string;
  /** Embedded only: keep everything in memory (tests). */
  ephemeral?: boolean;
  dbName?: string;
  logger: Logger;
}

/** Connects mongoose to MONGODB_URI, or starts the embedded server under DATA_DIR/db and connects to it. */
export async function connectDatabase(opts: DatabaseOptions): Promise<Database> {
  let embedded: EmbeddedMongo | undefined;
  let uri: string;
  if (opts.mongodbUri) uri = opts.mongodbUri;
  else {
    embedded = await startEmbeddedMongo({
      port: 0,
      thread: opts.embeddedThread,
      repair: opts.embeddedRepair,
      ephemeral: opts.ephemeral,
      // A one-member replica set, as production MongoDB is: retryable writes and transactions work the same.
      replicaSet: 'rs0',
      dbPath: opts.ephemeral ? undefined : path.join(opts.dataDir, 'db'),
    });
    uri = embedded.uri;
    opts.logger.info({ uri, dataDir: opts.dataDir, ephemeral: !!opts.ephemeral, thread: opts.embeddedThread ?? 'inline' }, 'embedded database started');
  }
  mongoose.set('strictQuery', true);
  // Short waits on a dead database: requests answer 503 unavailable within seconds instead of hanging
  // (mongoose's command buffer and the driver's server selection both wait 10 s by default).
  mongoose.set('bufferTimeoutMS', 2_000);
  await connectWithRetry(uri, opts);
  await mongoose.connection.syncIndexes();
  return {
    uri,
    embedded: !!embedded,
    async close() {
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}

/** A real MongoDB may still be starting (docker compose): try for about half a minute before giving up. */
async function connectWithRetry(uri: string, opts: DatabaseOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mongoose.connect(uri, { dbName: opts.dbName ?? 'sro_portal', serverSelectionTimeoutMS: 2_500 });
      return;
    } catch (err) {
      if (attempt >= 12) throw err;
      opts.logger.warn({ err, attempt }, 'database not reachable yet, retrying');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

const HEALTH_TIMEOUT_MS = 1_500;

/** Pings the database, giving up after HEALTH_TIMEOUT_MS: health answers within 2 s whatever the database does. */
export async function databaseIsUp(): Promise<boolean> {
  if (mongoose.connection.readyState !== 1) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS)));
  const ping = (async () => {
    await mongoose.connection.db?.admin().ping();
    return true;
  })().catch(() => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
