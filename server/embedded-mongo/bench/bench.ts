import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BSON, MongoClient } from 'mongodb';
import mongoose, { Schema } from 'mongoose';
import { startEmbeddedMongo } from '../src/index';

// `npm run bench:mongo`: the targets of the component's README, measured in one run and printed as a
// table. Every rate is also shown as a ratio to the driver's own ping round trip measured here.

async function rate(seconds: number, op: () => Promise<unknown>): Promise<number> {
  const end = Date.now() + seconds * 1000;
  let n = 0;
  while (Date.now() < end) {
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

const dir = await mkdtemp(path.join(tmpdir(), 'embedded-bench-'));
const rssBefore = process.memoryUsage().rss;
const server = await startEmbeddedMongo({ dbPath: dir });
const client = await new MongoClient(server.uri).connect();
const admin = client.db('admin');
await mongoose.connect(server.uri, { dbName: 'bench', maxPoolSize: 40 });
const rows: [string, string, string, string][] = [];

const pingRate = await rate(2, () => admin.command({ ping: 1 }));
rows.push(['driver ping round trip', `${pingRate.toFixed(0)} /s`, '1.00 × ping', 'floor ≈ 10 000/s']);

const Event = mongoose.model('Event', new Schema({ email: { type: String, unique: true }, status: { type: String, index: true }, at: { type: Date, index: true }, n: Number, text: String }));
await Event.init();
{
  const total = 8000;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < total) {
      const n = next++;
      await Event.create({ email: `user${n}@example.org`, status: `s${n % 100}`, at: new Date(Date.UTC(2026, 0, 1) + n * 60_000), n, text: 'Запрос выписки из реестра членов СРО' });
    }
  }));
  const perSecond = total / ((performance.now() - t0) / 1000);
  rows.push(['durable Model.create, 32 writers', `${perSecond.toFixed(0)} /s`, `${(perSecond / pingRate).toFixed(2)} × ping`, '≥ 5 000/s']);
}
{
  let i = 0;
  const r = await rate(2, () => Event.findOne({ email: `user${(i++ * 7919) % 8000}@example.org` }).lean());
  rows.push(['findOne by unique indexed field', `${r.toFixed(0)} /s`, `${(r / pingRate).toFixed(2)} × ping`, '≥ 0.5 × ping']);
}
// Grow the collection to 100 000 documents with bulk inserts (through the driver, fast to load).
{
  const coll = client.db('bench').collection('events');
  for (let start = 8000; start < 100_000; start += 5000) {
    await coll.insertMany(Array.from({ length: 5000 }, (_, k) => {
      const n = start + k;
      return { email: `user${n}@example.org`, status: `s${n % 100}`, at: new Date(Date.UTC(2026, 0, 1) + n * 60_000), n, text: 'Запрос выписки из реестра членов СРО' };
    }));
  }
  const stats = await coll.countDocuments();
  let page = 0;
  const sorted = await p95(200, () => Event.find().sort({ at: -1 }).skip((page++ % 20) * 50).limit(50).lean());
  rows.push([`50-document page sorted by indexed date (${stats} docs)`, `p95 ${sorted.toFixed(2)} ms`, '', '≤ 5 ms']);
  let day = 0;
  const range = await p95(200, () => {
    const from = new Date(Date.UTC(2026, 0, 1) + (day++ % 60) * 86_400_000);
    return Event.find({ at: { $gte: from, $lt: new Date(from.getTime() + 3_600_000) } }).lean();
  });
  rows.push(['range query on indexed date (60 docs)', `p95 ${range.toFixed(2)} ms`, '', '≤ 5 ms']);
  let s = 0;
  const count = await rate(2, () => Event.countDocuments({ status: `s${s++ % 100}` }));
  rows.push(['countDocuments on indexed equality (1 000 matches)', `${count.toFixed(0)} /s`, `${(count / pingRate).toFixed(2)} × ping`, '≥ 0.3 × ping']);
  const sample = await coll.findOne();
  const bsonBytes = BSON.calculateObjectSize(sample!) * stats;
  const rssGrowth = process.memoryUsage().rss - rssBefore;
  const serverHeap = (await admin.command({ serverStatus: 1 })).mem.heapUsedBytes as number;
  rows.push(['server heap (worker isolate) vs data BSON size', `${(serverHeap / 2 ** 20).toFixed(0)} MB / ${(bsonBytes / 2 ** 20).toFixed(0)} MB`, `${(serverHeap / bsonBytes).toFixed(1)} ×`, '≤ 3 ×']);
  rows.push(['whole process RSS growth (incl. driver, mongoose, bench)', `${(rssGrowth / 2 ** 20).toFixed(0)} MB`, `${(rssGrowth / bsonBytes).toFixed(1)} ×`, '']);
}

await mongoose.disconnect();
await client.close();
await server.stop();
await rm(dir, { recursive: true, force: true });

console.log('| measure | result | ratio | target |\n|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
