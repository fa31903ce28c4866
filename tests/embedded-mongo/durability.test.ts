import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';

// kill -9 at any moment: every acknowledged write is there after a restart, and a torn tail never
// breaks start-up. The server runs as a child process (the CLI) so it can really be SIGKILLed.

const root = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const children = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all([...children].map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function startServer(dbPath: string): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/embedded-mongo/src/cli.ts', '--port', '0', '--dbpath', dbPath], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const uri = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, uri };
}

const killHard = (child: ChildProcess) => new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.kill('SIGKILL');
});

describe('durability', () => {
  it('keeps every acknowledged insert across SIGKILL during a stream of writes', async () => {
    const dbPath = await mkdtemp(path.join(tmpdir(), 'embedded-crash-'));
    dirs.push(dbPath);
    const first = await startServer(dbPath);
    const client = await new MongoClient(first.uri, { maxPoolSize: 32, serverSelectionTimeoutMS: 3000 }).connect();
    const c = client.db('crash').collection('events');
    await c.createIndex({ n: 1 }, { unique: true });
    const acked: number[] = [];
    let next = 0;
    let stop = false;
    // 32 writers insert until the server dies under them.
    const writers = Array.from({ length: 32 }, async () => {
      while (!stop) {
        const n = next++;
        try {
          await c.insertOne({ n, payload: `событие ${n}`, at: new Date() });
          acked.push(n);
        } catch {
          return;
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    await killHard(first.child);
    stop = true;
    await Promise.all(writers);
    await client.close(true).catch(() => undefined);
    expect(acked.length).toBeGreaterThan(200);

    const second = await startServer(dbPath);
    const again = await new MongoClient(second.uri, { serverSelectionTimeoutMS: 3000 }).connect();
    const stored = new Set((await again.db('crash').collection('events').find({}, { projection: { n: 1 } }).toArray()).map((d) => d.n));
    const missing = acked.filter((n) => !stored.has(n));
    expect(missing).toEqual([]);
    // The unique index survived too.
    const dup = await again.db('crash').collection('events').insertOne({ n: acked[0] }).catch((e) => e);
    expect(dup.code).toBe(11000);
    await again.close();
    await killHard(second.child);
  });

  it('starts after a torn, half-written record at the end of the journal', async () => {
    const dbPath = await mkdtemp(path.join(tmpdir(), 'embedded-torn-'));
    dirs.push(dbPath);
    const first = await startServer(dbPath);
    const client = await new MongoClient(first.uri, { serverSelectionTimeoutMS: 3000 }).connect();
    await client.db('t').collection('c').insertMany([{ v: 1 }, { v: 2 }]);
    await client.close();
    await killHard(first.child);
    // A crash in the middle of a write: a length header promising more bytes than follow.
    await appendFile(path.join(dbPath, 'journal.bin'), Buffer.from([0xff, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x01, 0x02]));
    const second = await startServer(dbPath);
    const again = await new MongoClient(second.uri, { serverSelectionTimeoutMS: 3000 }).connect();
    expect((await again.db('t').collection('c').find({}, { projection: { _id: 0 } }).toArray())).toEqual([{ v: 1 }, { v: 2 }]);
    await again.db('t').collection('c').insertOne({ v: 3 });
    await again.close();
    await killHard(second.child);
    const third = await startServer(dbPath);
    const last = await new MongoClient(third.uri, { serverSelectionTimeoutMS: 3000 }).connect();
    expect(await last.db('t').collection('c').countDocuments()).toBe(3);
    await last.close();
    await killHard(third.child);
  });
});
