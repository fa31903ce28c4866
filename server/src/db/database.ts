import mongoose from 'mongoose';
import path from 'node:path';
import type { Logger } from '../core/logger';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../embedded-mongo/src/index';

export interface Database {
  uri: string;
  embedded: boolean;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  mongodbUri?: string;
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
      ephemeral: opts.ephemeral,
      dbPath: opts.ephemeral ? undefined : path.join(opts.dataDir, 'db'),
    });
    uri = embedded.uri;
    opts.logger.info({ uri, dataDir: opts.dataDir, ephemeral: !!opts.ephemeral }, 'embedded database started');
  }
  mongoose.set('strictQuery', true);
  await mongoose.connect(uri, { dbName: opts.dbName ?? 'sro_portal', serverSelectionTimeoutMS: 10_000 });
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

export async function databaseIsUp(): Promise<boolean> {
  try {
    await mongoose.connection.db?.admin().ping();
    return mongoose.connection.readyState === 1;
  } catch {
    return false;
  }
}
