import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo/src/index';

/**
 * The server under test: the real MongoDB named by MONGODB_URI when set (to check that these tests assert
 * MongoDB's behaviour), otherwise the embedded server, ephemeral, ephemeral.
 */
export async function startTarget(): Promise<{ client: MongoClient; uri: string; embedded: EmbeddedMongo | null; stop(): Promise<void> }> {
  const embedded = process.env.MONGODB_URI ? null : await startEmbeddedMongo({ ephemeral: true, replicaSet: 'rs0' });
  const uri = process.env.MONGODB_URI ?? embedded!.uri;
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 5000 }).connect();
  return {
    client,
    uri,
    embedded,
    async stop() {
      await client.close();
      await embedded?.stop();
    },
  };
}

export const uniqueDbName = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
