import net from 'node:net';
import { Storage } from './storage/storage';
import { Cursors } from './commands/cursors';
import { Sessions } from './commands/sessions';
import { serveConnection } from './wire/connection';
import { sweepTtl } from './storage/ttl';

// The TCP server: accepts connections, owns storage, cursors and sessions, and runs the TTL monitor.

export interface ServerOptions {
  port?: number;
  host?: string;
  /** Folder of the journal and snapshot; memory only when absent. */
  dbPath?: string;
  /** How often TTL indexes are swept (MongoDB: 60 s). */
  ttlMonitorSeconds?: number;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const storage = new Storage(opts.dbPath);
  const cursors = new Cursors();
  const sessions = new Sessions(storage);
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, { storage, cursors, sessions, connectionId: ++connections });
  });
  const ttlTimer = setInterval(() => void sweepTtl(storage).catch(() => undefined), (opts.ttlMonitorSeconds ?? 60) * 1000);
  const cursorTimer = setInterval(() => cursors.sweep(), 60_000);
  ttlTimer.unref();
  cursorTimer.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
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
