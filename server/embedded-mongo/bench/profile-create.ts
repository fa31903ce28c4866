// Profiling aid (not the benchmark): the server in this process, 32 mongoose writers, so `node --cpu-prof`
// shows where the server's time goes per durable insert.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose, { Schema } from 'mongoose';
import { startServer } from '../src/server';

const dir = await mkdtemp(path.join(tmpdir(), 'embedded-prof-'));
const server = await startServer({ dbPath: dir });
await mongoose.connect(`mongodb://127.0.0.1:${server.port}/`, { dbName: 'prof', maxPoolSize: 40 });
const Event = mongoose.model('Event', new Schema({ email: { type: String, unique: true }, status: { type: String, index: true }, at: { type: Date, index: true }, n: Number, text: String }));
await Event.init();
const total = Number(process.argv[2] ?? 8000);
let next = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: 32 }, async () => {
  while (next < total) {
    const n = next++;
    await Event.create({ email: `user${n}@example.org`, status: `s${n % 100}`, at: new Date(Date.UTC(2026, 0, 1) + n * 60_000), n, text: 'Запрос выписки из реестра членов СРО' });
  }
}));
console.log(`${(total / ((performance.now() - t0) / 1000)).toFixed(0)} creates/s (client and server in one thread)`);
await mongoose.disconnect();
await server.close();
await rm(dir, { recursive: true, force: true });
