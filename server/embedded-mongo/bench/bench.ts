import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { GridFSBucket, MongoClient, type Document } from 'mongodb';
import mongoose, { Schema } from 'mongoose';
import { startEmbeddedMongo, type EmbeddedThread } from '../src/index';

// `npm run bench:mongo`: the component's speed targets measured in one run and printed as a table. The
// server runs durable (journal + fdatasync) in its worker thread; mongoose and the driver run here, on
// loopback. Rates are also given as a ratio to the driver's own ping round trip measured in the same run,
// because the machine (2 shared cores) sets the absolute numbers.

async function rate(seconds: number, op: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    await op();
    n++;
  }
  return n / seconds;
}

async function p95(times: number, op: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await op();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length * 0.95)];
}

const serverMem = async (admin: ReturnType<MongoClient['db']>) => (await admin.command({ serverStatus: 1 })).mem as Document;

/** Sequential driver pings per second to a durable server in the given thread (best of three 2-second runs). */
async function pingRate(thread: EmbeddedThread, concurrency = 1): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), 'embedded-bench-ping-'));
  const server = await startEmbeddedMongo({ dbPath: dir, thread });
  const client = await new MongoClient(server.uri).connect();
  const admin = client.db('admin');
  const pings = () => Promise.all(Array.from({ length: concurrency }, () => admin.command({ ping: 1 })));
  await rate(1, pings);
  let best = 0;
  for (let i = 0; i < 3; i++) best = Math.max(best, (await rate(2, pings)) * concurrency);
  await client.close();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
  return best;
}

/**
 * The server's memory for 100 000 small documents and three indexes, measured in a worker thread: there
 * serverStatus.mem is the server's own isolate, while inline it is the whole process (the benchmark's heap too).
 */
async function memoryInWorker(): Promise<{ used: number; docBytes: number }> {
  const server = await startEmbeddedMongo({ ephemeral: true, thread: 'worker' });
  const client = await new MongoClient(server.uri).connect();
  const admin = client.db('admin');
  const before = await serverMem(admin);
  const coll = client.db('bench').collection('events');
  await coll.createIndex({ email: 1 }, { unique: true });
  await coll.createIndex({ status: 1 });
  await coll.createIndex({ at: 1 });
  for (let start = 0; start < 100_000; start += 5000) await coll.insertMany(Array.from({ length: 5000 }, (_, k) => eventDoc(start + k)));
  const after = await serverMem(admin);
  await client.close();
  await server.stop();
  return { used: after.heapUsedBytes - before.heapUsedBytes + (after.externalBytes - before.externalBytes), docBytes: after.docBytes };
}

const eventDoc = (n: number) => ({ email: `user${n}@example.org`, status: `s${n % 100}`, at: new Date(Date.UTC(2026, 0, 1) + n * 60_000), n, text: 'Запрос выписки из реестра членов СРО' });

const loadBefore = loadavg()[0];
const workerMemory = await memoryInWorker();
const workerPing = await pingRate('worker');
const workerPing8 = await pingRate('worker', 8);
const dir = await mkdtemp(path.join(tmpdir(), 'embedded-bench-'));
const server = await startEmbeddedMongo({ dbPath: dir });
const client = await new MongoClient(server.uri).connect();
const admin = client.db('admin');
const memStart = await serverMem(admin);
await mongoose.connect(server.uri, { dbName: 'bench', maxPoolSize: 40 });
const rows: string[][] = [];
const row = (measure: string, result: string, ratio: string, target: string, met: boolean) => rows.push([measure, result, ratio, target, met ? 'yes' : 'NO']);

await rate(1, () => admin.command({ ping: 1 })); // warm-up: JIT, connection pool
const ping = await rate(3, () => admin.command({ ping: 1 }));
row('driver `ping` round trip, server inline (the default)', `${ping.toFixed(0)} /s`, '1.00 × ping', '≥ 5 000/s', ping >= 5000);
row('driver `ping` round trip, server in a worker thread', `${workerPing.toFixed(0)} /s`, `${(workerPing / ping).toFixed(2)} × ping`, '(the cross-thread hop)', true);
row('driver `ping`, 8 in flight, server in a worker thread', `${workerPing8.toFixed(0)} /s`, `${(workerPing8 / ping).toFixed(2)} × ping`, '(the hop overlapped)', true);

const Event = mongoose.model('Event', new Schema({ email: { type: String, unique: true }, status: { type: String, index: true }, at: { type: Date, index: true }, n: Number, text: String }));
await Event.init();
{
  const total = 10_000;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < total) await Event.create(eventDoc(next++));
  }));
  const r = total / ((performance.now() - t0) / 1000);
  row('durable `Model.create`, 32 concurrent writers', `${r.toFixed(0)} /s`, `${(r / ping).toFixed(2)} × ping`, '≥ 5 000/s', r >= 5000);
}
{
  let i = 0;
  const events = client.db('bench').collection('events');
  const r = await rate(3, () => events.findOne({ email: `user${(i++ * 7919) % 10_000}@example.org` }));
  row('`findOne` by unique indexed field, driver', `${r.toFixed(0)} /s`, `${(r / ping).toFixed(2)} × ping`, '≥ 0.8 × ping', r >= 0.8 * ping);
}
{
  let i = 0;
  const r = await rate(3, () => Event.findOne({ email: `user${(i++ * 7919) % 10_000}@example.org` }).lean());
  row('`findOne` by unique indexed field, mongoose `.lean()`', `${r.toFixed(0)} /s`, `${(r / ping).toFixed(2)} × ping`, '≥ 0.8 × ping', r >= 0.8 * ping);
}
// Grow the collection to 100 000 documents with bulk inserts through the driver (fast to load).
const coll = client.db('bench').collection('events');
for (let start = 10_000; start < 100_000; start += 5000) await coll.insertMany(Array.from({ length: 5000 }, (_, k) => eventDoc(start + k)));
const total = await coll.countDocuments();
{
  let page = 0;
  const t = await p95(300, () => Event.find().sort({ at: -1 }).skip((page++ % 20) * 50).limit(50).lean());
  row(`50-document page sorted by indexed date, ${total} documents`, `p95 ${t.toFixed(2)} ms`, '', '≤ 5 ms p95', t <= 5);
}
{
  let day = 0;
  const t = await p95(300, () => {
    const from = new Date(Date.UTC(2026, 0, 1) + (day++ % 60) * 86_400_000);
    return Event.find({ at: { $gte: from, $lt: new Date(from.getTime() + 3_600_000) } }).lean();
  });
  row('range query on indexed date (60 of 100 000 documents)', `p95 ${t.toFixed(2)} ms`, '', '≤ 5 ms p95', t <= 5);
}
{
  let s = 0;
  const r = await rate(3, () => Event.countDocuments({ status: `s${s++ % 100}` }));
  row('`countDocuments` on indexed equality (1 000 matches)', `${r.toFixed(0)} /s`, `${(r / ping).toFixed(2)} × ping`, '≥ 0.3 × ping', r >= 0.3 * ping);
}
{
  const mem = await serverMem(admin);
  const used = mem.heapUsedBytes - memStart.heapUsedBytes + (mem.externalBytes - memStart.externalBytes);
  const ratio = used / mem.docBytes;
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
  row('process memory, server inline (heap + external growth, the benchmark\'s own included) vs stored BSON', `${mb(used)} / ${mb(mem.docBytes)}`, `${ratio.toFixed(2)} ×`, '(not the server alone)', true);
  const own = workerMemory.used / workerMemory.docBytes;
  row('server memory in its worker (heap + external growth), 100 000 documents + 3 indexes, vs stored BSON', `${mb(workerMemory.used)} / ${mb(workerMemory.docBytes)}`, `${own.toFixed(2)} ×`, '≤ 3 ×', own <= 3);
}

{
  // Uploads: GridFS chunks are large documents, kept on disk (the spill file), not in memory.
  const bucket = new GridFSBucket(client.db('bench'));
  const before = await serverMem(admin);
  const rssBefore = process.memoryUsage().rss;
  const file = Buffer.alloc(20 * 1024 * 1024, 7);
  for (let i = 0; i < 20; i++) {
    await new Promise<void>((resolve, reject) => {
      const stream = bucket.openUploadStream(`upload-${i}.pdf`);
      stream.once('finish', () => resolve());
      stream.once('error', reject);
      stream.end(file);
    });
  }
  const after = await serverMem(admin);
  const grown = after.heapUsedBytes - before.heapUsedBytes + (after.externalBytes - before.externalBytes);
  const rssGrown = process.memoryUsage().rss - rssBefore;
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  row('20 uploads of 20 MB (GridFS): memory growth (heap + external) / process RSS growth', `${mb(grown)} / ${mb(rssGrown)}`, '', '< 400 MB', rssGrown < 400 * 2 ** 20);
}

await mongoose.disconnect();
await client.close();
await server.stop();
await rm(dir, { recursive: true, force: true });

console.log(`embedded-mongo benchmark — node ${process.version}, load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}\n`);
console.log('| measure | result | ratio | target | met |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
