import net from 'node:net';
import { ObjectId } from 'bson';
import os from 'node:os';
import type { ServerSettings } from './commands/context';
import { Storage } from './storage/storage';
import { Cursors } from './commands/cursors';
import { Sessions } from './commands/sessions';
import { serveConnection } from './wire/connection';
import { sweepTtl } from './storage/ttl';
import { FailPoints } from './commands/failpoints';

// The TCP server: accepts connections, owns storage, cursors and sessions, and runs the TTL monitor.

export interface ServerOptions {
  port?: number;
  host?: string;
  /** Folder of the journal and snapshot; memory only when absent. */
  dbPath?: string;
  /** How often TTL indexes are swept (MongoDB: 60 s). */
  ttlMonitorSeconds?: number;
  /** Start even though the files on disk are damaged: keep a copy, skip the damage, recover the rest. */
  repair?: boolean;
  /**
   * A one-member replica set by this name (retryable writes, transactions' error codes); a standalone without.
   * Opt-in for now: after the server restarts on the same port, the driver's monitor of a replica set was seen
   * not to reconnect in one test (security-outage) — a standalone reconnects at once.
   */
  replicaSet?: string;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const storage = new Storage(opts.dbPath, { repair: opts.repair });
  const failPoints = new FailPoints();
  const cursors = new Cursors();
  const settings: ServerSettings = { ttlMonitorSleepSecs: opts.ttlMonitorSeconds ?? 60, transactionLifetimeLimitSeconds: 60, replicaSet: null };
  const sessions = new Sessions(storage, settings);
  const sockets = new Set<net.Socket>();
  const connections = { current: 0, totalCreated: 0 };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    connections.current++;
    socket.on('close', () => {
      sockets.delete(socket);
      connections.current--;
    });
    serveConnection(socket, { settings, storage, cursors, sessions, failPoints, connections, connectionId: ++connections.totalCreated });
  });
  // The TTL monitor checks every second whether its interval has passed, so a setParameter of
  // ttlMonitorSleepSecs takes effect at once; one sweep at a time.
  let lastSweep = Date.now();
  let sweeping = false;
  const ttlTimer = setInterval(() => {
    if (sweeping || Date.now() - lastSweep < settings.ttlMonitorSleepSecs * 1000) return;
    sweeping = true;
    void sweepTtl(storage)
      .catch(() => undefined)
      .finally(() => {
        sweeping = false;
        lastSweep = Date.now();
      });
  }, Math.min(1000, settings.ttlMonitorSleepSecs * 1000));
  ttlTimer.unref();
  const cursorTimer = setInterval(() => cursors.sweep(), 60_000);
  cursorTimer.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  // The address the member advertises must be one its clients can reach: a wildcard bind advertises the host name.
  const host = !opts.host || opts.host === '127.0.0.1' ? '127.0.0.1' : ['0.0.0.0', '::'].includes(opts.host) ? os.hostname() : opts.host;
  // A new processId per start: the driver takes a member's hello with another processId as news, never as stale.
  if (opts.replicaSet) settings.replicaSet = { name: opts.replicaSet, me: `${host}:${port}`, processId: new ObjectId() };
  return {
    port,
    async close() {
      clearInterval(ttlTimer);
      clearInterval(cursorTimer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      storage.close();
    },
  };
}
