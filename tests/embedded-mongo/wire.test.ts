import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { BSON, MongoClient, ObjectId } from 'mongodb';
import { crc32c } from '../../server/embedded-mongo/src/wire/crc32c';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo/src/index';

// Malformed or oversized wire messages close only that connection; everyone else carries on.
let server: EmbeddedMongo;
let client: MongoClient;
beforeAll(async () => {
  server = await startEmbeddedMongo({ ephemeral: true });
  client = await new MongoClient(server.uri).connect();
});
afterAll(async () => {
  await client?.close();
  await server?.stop();
});

function sendRaw(bytes: Buffer): Promise<'closed' | 'open'> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('open');
    }, 500);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
    socket.once('error', () => undefined);
  });
}

function header(length: number, opCode: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32LE(length, 0);
  b.writeInt32LE(1, 4);
  b.writeInt32LE(0, 8);
  b.writeInt32LE(opCode, 12);
  return b;
}

/** An OP_MSG with a body section and optional document-sequence sections; flags 1 = checksum, 2 = moreToCome. */
function opMsg(requestId: number, flags: number, body: object, sequences: [string, object[]][] = []): Buffer {
  const sections: Buffer[] = [Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  for (const [id, docs] of sequences) {
    const payload = Buffer.concat([Buffer.from(`${id}\0`), ...docs.map((d) => Buffer.from(BSON.serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + payload.length, 0);
    sections.push(Buffer.from([1]), size, payload);
  }
  const head = header(0, 2013);
  head.writeInt32LE(requestId, 4);
  const msg = Buffer.concat([head, Buffer.alloc(4), ...sections, Buffer.alloc(flags & 1 ? 4 : 0)]);
  msg.writeInt32LE(msg.length, 0);
  msg.writeUInt32LE(flags, 16);
  if (flags & 1) msg.writeUInt32LE(crc32c(msg.subarray(0, msg.length - 4)), msg.length - 4);
  return msg;
}

/** Sends messages on one socket and collects the replies that arrive within a moment. */
interface Reply {
  requestId: number;
  responseTo: number;
  flags: number;
  at: number;
  body: Record<string, unknown>;
}

function exchange(messages: Buffer[], waitMs = 400, port = server.port): Promise<Reply[]> {
  return new Promise((resolve) => {
    const replies: Reply[] = [];
    let pending = Buffer.alloc(0);
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.concat(messages)));
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const len = pending.readInt32LE(0);
        const flags = pending.readUInt32LE(16);
        replies.push({ requestId: pending.readInt32LE(4), responseTo: pending.readInt32LE(8), flags, at: Date.now() - started, body: BSON.deserialize(pending.subarray(21, len)) });
        pending = pending.subarray(len);
      }
    });
    setTimeout(() => {
      socket.destroy();
      resolve(replies);
    }, waitMs);
  });
}

describe('OP_MSG', () => {
  it('takes document sequences, answers nothing to moreToCome, and checks the checksum', async () => {
    const replies = await exchange([
      opMsg(1, 2, { insert: 'seq', $db: 'wire' }, [['documents', [{ _id: 1, v: 'a' }, { _id: 2, v: 'b' }]]]),
      opMsg(2, 1, { count: 'seq', $db: 'wire' }),
      opMsg(3, 0, { ping: 1, $db: 'admin' }),
    ]);
    expect(replies.map((r) => r.responseTo)).toEqual([2, 3]);
    expect(replies[0].body).toMatchObject({ n: 2, ok: 1 });
    const corrupt = opMsg(4, 1, { ping: 1, $db: 'admin' });
    corrupt[corrupt.length - 1] ^= 0xff;
    expect(await sendRaw(corrupt)).toBe('closed');
  });
});

describe('awaitable hello (the driver\'s streaming monitor)', () => {
  it('answers a member\'s awaitable hello after maxAwaitTimeMS, and keeps answering with moreToCome when exhaust is allowed', async () => {
    const member = await startEmbeddedMongo({ ephemeral: true, replicaSet: 'rs0' });
    try {
      const [handshake] = await exchange([opMsg(1, 0, { hello: 1, $db: 'admin' })], 200, member.port);
      const topologyVersion = handshake.body.topologyVersion as { processId: unknown };
      expect(topologyVersion.processId).toBeDefined();
      const awaitable = (requestId: number, tv: object) => opMsg(requestId, 1 << 16, { hello: 1, topologyVersion: tv, maxAwaitTimeMS: 150, $db: 'admin' });
      const stream = await exchange([awaitable(2, topologyVersion)], 560, member.port);
      // The state never changes: one answer per 150 ms, each the reply to the one before it, flagged moreToCome.
      expect(stream.length).toBeGreaterThanOrEqual(2);
      expect(stream.length).toBeLessThanOrEqual(4);
      expect(stream[0].at).toBeGreaterThanOrEqual(140);
      expect(stream[0].responseTo).toBe(2);
      expect(stream[1].responseTo).toBe(stream[0].requestId);
      expect(stream.every((r) => r.flags === 2 && r.body.isWritablePrimary === true && r.body.setName === 'rs0')).toBe(true);
      // A topologyVersion from another process (the member restarted): answered at once.
      const other = await exchange([awaitable(3, { ...topologyVersion, processId: new ObjectId() })], 100, member.port);
      expect(other[0]?.at).toBeLessThan(100);
    } finally {
      await member.stop();
    }
  });
});

describe('bad wire input', () => {
  it('closes a connection that sends garbage, an oversized length, an unknown opcode or a broken BSON body', async () => {
    expect(await sendRaw(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toBe('closed');
    expect(await sendRaw(header(100_000_000, 2013))).toBe('closed');
    expect(await sendRaw(Buffer.concat([header(20, 9999), Buffer.alloc(4)]))).toBe('closed');
    const broken = Buffer.concat([header(30, 2013), Buffer.from([0, 0, 0, 0, 0]), Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5])]);
    expect(await sendRaw(broken)).toBe('closed');
  });

  it('keeps serving other clients', async () => {
    await sendRaw(Buffer.from('garbage garbage garbage'));
    const c = client.db('wire').collection('still');
    await c.insertOne({ ok: true });
    expect(await c.countDocuments()).toBe(1);
  });
});

describe('threads', () => {
  it('serves the same from a worker thread as inline, and keeps durable data between the two', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dbPath = await mkdtemp(path.join(tmpdir(), 'embedded-threads-'));
    try {
      const inWorker = await startEmbeddedMongo({ dbPath, thread: 'worker' });
      const c1 = await new MongoClient(inWorker.uri).connect();
      await c1.db('t').collection('notes').insertOne({ _id: 1, text: 'из потока' } as never);
      await c1.close();
      await inWorker.stop();
      const inline = await startEmbeddedMongo({ dbPath, thread: 'inline' });
      const c2 = await new MongoClient(inline.uri).connect();
      expect(await c2.db('t').collection('notes').findOne({ _id: 1 } as never)).toEqual({ _id: 1, text: 'из потока' });
      await c2.close();
      await inline.stop();
    } finally {
      await rm(dbPath, { recursive: true, force: true });
    }
  });
});
