import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { MongoClient } from 'mongodb';
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
