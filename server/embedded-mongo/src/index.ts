import { Worker } from 'node:worker_threads';
import { startServer } from './server';

/**
 * The embedded MongoDB-compatible server. `startEmbeddedMongo()` runs it on a loopback port, in the caller's
 * event loop (`thread: 'inline'`, the default) or in a worker thread; the official driver and mongoose connect
 * to `uri` as to any MongoDB.
 *
 * Why inline by default: a driver round trip to a worker thread costs a cross-thread wake-up on each side, and on
 * this kind of machine (2 virtual cores) that wake-up dominates — measured with the official driver, 1 900–3 700
 * sequential pings/s to the worker against 5 700–7 100/s inline (`npm run bench:mongo` prints both). The CPU the
 * database spends is the same either way; a worker only helps when a second core is free for it, and a portal
 * pinned to one core (or a busy machine) pays the wake-ups for nothing.
 */
export interface EmbeddedMongoOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Folder of the durable journal and snapshot. Required unless `ephemeral`. */
  dbPath?: string;
  /** Memory only: nothing is written to disk (tests). */
  ephemeral?: boolean;
  /** Interval of the TTL sweep in seconds (MongoDB's is 60). */
  ttlMonitorSeconds?: number;
  /** Start even though the files on disk are damaged: keep a copy of each, skip the damage, recover the rest. */
  repair?: boolean;
  /** A one-member replica set by this name (retryable writes, transactions); a standalone without (the default). */
  replicaSet?: string;
  /** 'inline' (default): in the caller's event loop; 'worker': in a worker thread of its own. */
  thread?: EmbeddedThread;
}

export type EmbeddedThread = 'inline' | 'worker';

export interface EmbeddedMongo {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

export async function startEmbeddedMongo(opts: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  if (!opts.ephemeral && !opts.dbPath) throw new Error('startEmbeddedMongo: give dbPath, or ephemeral: true');
  const host = opts.host ?? '127.0.0.1';
  if ((opts.thread ?? 'inline') === 'inline') {
    const server = await startServer({ port: opts.port ?? 0, host, dbPath: opts.ephemeral ? undefined : opts.dbPath, ttlMonitorSeconds: opts.ttlMonitorSeconds, repair: opts.repair, replicaSet: opts.replicaSet });
    let closed: Promise<void> | undefined;
    return { uri: `mongodb://${host}:${server.port}/`, port: server.port, stop: () => (closed ??= server.close()) };
  }
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { port: opts.port ?? 0, host, dbPath: opts.ephemeral ? undefined : opts.dbPath, ttlMonitorSeconds: opts.ttlMonitorSeconds, repair: opts.repair, replicaSet: opts.replicaSet },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`embedded mongo worker exited with ${code}`)));
    worker.on('message', (msg: { type: string; port: number }) => msg.type === 'ready' && resolve(msg.port));
  });
  worker.removeAllListeners('exit');
  let stopped: Promise<void> | undefined;
  return {
    uri: `mongodb://${host}:${port}/`,
    port,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        const done = () => void worker.terminate().then(() => resolve());
        worker.on('message', (msg: { type: string }) => msg.type === 'stopped' && done());
        worker.once('exit', () => resolve());
        worker.postMessage({ type: 'stop' });
      })),
  };
}
