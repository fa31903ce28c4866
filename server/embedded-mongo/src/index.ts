import { Worker } from 'node:worker_threads';

/**
 * The embedded MongoDB-compatible server. `startEmbeddedMongo()` runs it in a worker thread on a loopback
 * port; the official driver and mongoose connect to `uri` as to any MongoDB.
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
}

export interface EmbeddedMongo {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

export async function startEmbeddedMongo(opts: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  if (!opts.ephemeral && !opts.dbPath) throw new Error('startEmbeddedMongo: give dbPath, or ephemeral: true');
  const host = opts.host ?? '127.0.0.1';
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { port: opts.port ?? 0, host, dbPath: opts.ephemeral ? undefined : opts.dbPath, ttlMonitorSeconds: opts.ttlMonitorSeconds },
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
