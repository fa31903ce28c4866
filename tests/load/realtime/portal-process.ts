// The portal for bench-realtime, in a process of its own (pinned to one core by the harness): the embedded
// database, demo data, no connection limit per address (every client is on loopback), no SMTP (letters go to
// DATA_DIR/outbox, where the harness reads the invitations it provisions accounts with).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { startPortal } from '../../../server/src/portal';

const dataDir = await mkdtemp(path.join(tmpdir(), 'sro-bench-rt-'));
const portal = await startPortal({
  ephemeral: true,
  config: { port: 0, host: '127.0.0.1', dataDir, seedDemo: true, logLevel: 'silent', maxConnectionsPerAddress: 0, authRateLimit: 1_000_000 },
});
process.send?.({ url: portal.url, dataDir });
// PROFILE=dir: a CPU profile of exactly the measured step (the harness says when), written as a .cpuprofile.
const inspector = process.env.PROFILE ? new Session() : undefined;
process.on('message', async (m: { stop?: boolean; profile?: 'start' | 'stop' }) => {
  if (m.profile && inspector) {
    if (m.profile === 'start') {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
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
