// The portal for bench-realtime, in a process of its own (pinned to one core by the harness): the embedded
// database, demo data, no connection limit per address (every client is on loopback), no SMTP (letters go to
// DATA_DIR/outbox, where the harness reads the invitations it provisions accounts with).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { startPortal } from '../../../server/src/portal';
import { answerGcPauses } from './gc-meter';

// The two-process scenario starts two of these on one database of its own process and one Redis:
// BENCH_MONGODB_URI, BENCH_REDIS_URL and BENCH_JWT_SECRET (the same for both, so a token from one works on the
// other); BENCH_SEED=0 on the second (the first has loaded the demo data).
const dataDir = await mkdtemp(path.join(tmpdir(), 'sro-bench-rt-'));
const portal = await startPortal({
  ephemeral: !process.env.BENCH_MONGODB_URI,
  dbName: process.env.BENCH_MONGODB_URI ? 'sro_bench' : undefined,
  config: {
    port: 0, host: '127.0.0.1', dataDir, seedDemo: process.env.BENCH_SEED !== '0', logLevel: 'silent', maxConnectionsPerAddress: 0, authRateLimit: 1_000_000,
    mongodbUri: process.env.BENCH_MONGODB_URI, redisUrl: process.env.BENCH_REDIS_URL, jwtSecret: process.env.BENCH_JWT_SECRET,
  },
});
process.send?.({ url: portal.url, dataDir });
// PROFILE=dir: a CPU profile of exactly the measured step (the harness says when), written as a .cpuprofile.
const inspector = process.env.PROFILE ? new Session() : undefined;
process.on('message', async (m: { stop?: boolean; gc?: boolean; profile?: 'start' | 'stop'; gcPauses?: 'reset' | 'read' }) => {
  if (answerGcPauses(m)) return;
  if (m.gc) {
    (globalThis as { gc?: () => void }).gc?.();
    const usage = process.memoryUsage();
    process.send?.({ heapAndExternal: usage.heapUsed + usage.external });
    return;
  }
  if (m.profile && inspector) {
    // PROFILE_HEAP=1: where the step's allocations come from (sampled), instead of where its time goes.
    const heap = process.env.PROFILE_HEAP === '1';
    if (m.profile === 'start') {
      inspector.connect();
      await inspector.post(heap ? 'HeapProfiler.enable' : 'Profiler.enable');
      await (heap ? inspector.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }) : inspector.post('Profiler.start'));
    } else if (heap) {
      const { profile } = await inspector.post('HeapProfiler.stopSampling');
      await writeFile(path.join(process.env.PROFILE!, `portal-${Date.now()}.heapprofile`), JSON.stringify(profile));
    } else {
      const { profile } = await inspector.post('Profiler.stop');
      await writeFile(path.join(process.env.PROFILE!, `portal-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    process.send?.({ profiled: m.profile });
    return;
  }
  if (!m.stop) return;
  await portal.stop();
  process.exit(0);
});

// BENCH_TRACE_PAUSES=1: every garbage collection over 10 ms and the event loop's worst delays, to tell a GC pause
// from the server's own work when a p99 jumps.
if (process.env.BENCH_TRACE_PAUSES === '1') {
  const { PerformanceObserver, monitorEventLoopDelay } = await import('node:perf_hooks');
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.duration > 10) console.error(`portal gc: ${entry.duration.toFixed(1)} ms (kind ${(entry as { detail?: { kind?: number } }).detail?.kind})`);
  }).observe({ entryTypes: ['gc'] });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  setInterval(() => {
    if (delay.max > 30e6) console.error(`portal event loop: max delay ${(delay.max / 1e6).toFixed(0)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms in the last 2 s`);
    delay.reset();
  }, 2000).unref();
}
