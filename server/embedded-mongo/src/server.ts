import net from 'node:net';
import type { Document } from 'bson';
import { Storage } from './storage';
import { Cursors } from './cursors';
import { runCommand, type CommandContext } from './commands';
import { MAX_MESSAGE_BYTES, OP_MSG, WireError, encodeOpMsg, encodeOpReply, parseMessage } from './wire';
import { valuesAtPath } from './values';

// The TCP side: frames messages per connection, runs commands in order, answers in the request's protocol.

export interface ServerOptions {
  port?: number;
  host?: string;
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
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, { storage, cursors, connectionId: ++connections });
  });
  const ttlTimer = setInterval(() => void sweepTtl(storage).catch(() => undefined), (opts.ttlMonitorSeconds ?? 60) * 1000);
  const cursorTimer = setInterval(() => cursors.sweep(), 60_000);
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

function serveConnection(socket: net.Socket, ctx: CommandContext): void {
  let buffered = Buffer.alloc(0);
  let queue = Promise.resolve();
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    while (buffered.length >= 4) {
      const length = buffered.readInt32LE(0);
      if (length < 16 || length > MAX_MESSAGE_BYTES) {
        // Oversized or nonsense framing: close this connection only.
        socket.destroy();
        return;
      }
      if (buffered.length < length) break;
      const message = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      queue = queue.then(() => handleMessage(socket, message, ctx));
    }
  });
}

async function handleMessage(socket: net.Socket, raw: Buffer, ctx: CommandContext): Promise<void> {
  if (socket.destroyed) return;
  let message;
  try {
    message = parseMessage(raw);
  } catch (err) {
    if (!(err instanceof WireError) && !(err instanceof Error)) throw err;
    socket.destroy();
    return;
  }
  const reply = await runCommand(message.command, ctx);
  if (message.moreToCome) return;
  const encoded = message.opCode === OP_MSG ? encodeOpMsg(message.requestId, reply) : encodeOpReply(message.requestId, reply);
  if (!socket.destroyed) socket.write(encoded);
}

/** Deletes documents whose TTL-indexed date is older than expireAfterSeconds. */
async function sweepTtl(storage: Storage): Promise<void> {
  const now = Date.now();
  for (const colls of storage.dbs.values()) {
    for (const coll of colls.values()) {
      for (const index of coll.indexes.values()) {
        const ttl = index.spec.expireAfterSeconds;
        if (typeof ttl !== 'number' || index.fields.length !== 1) continue;
        const expired: Document[] = [];
        for (const doc of coll.docs.values()) {
          const dates = valuesAtPath(doc, index.fields[0]).filter((v): v is Date => v instanceof Date);
          if (dates.length && Math.min(...dates.map((d) => d.getTime())) + ttl * 1000 <= now) expired.push(doc);
        }
        for (const doc of expired) storage.remove(coll, doc._id);
      }
    }
  }
  await storage.commit();
}
