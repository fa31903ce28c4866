import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { apiClient, signIn } from '../support/http';
import { connectSocket, recordEvents, type TestSocket } from '../support/sockets';

// Two portal processes behind one database share Socket.IO rooms through a real Redis (Debian's
// redis-server on a free port): a message sent through one process reaches a member connected to the other.

const root = path.resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
const dirs: string[] = [];
const sockets: TestSocket[] = [];
let urls: string[] = [];

const freePort = () => new Promise<number>((resolve) => {
  const srv = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = srv.address() as net.AddressInfo;
    srv.close(() => resolve(port));
  });
});

function start(command: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => ready.test(line) && resolve({ child, line }));
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}`)));
  });
}

beforeAll(async () => {
  const redisPort = await freePort();
  await start('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {}, /Ready to accept connections/);
  const dbDir = await mkdtemp(path.join(tmpdir(), 'sro-mp-db-'));
  dirs.push(dbDir);
  const db = await start(process.execPath, ['--import', 'tsx', 'server/embedded-mongo/src/cli.ts', '--port', '0', '--dbpath', dbDir], {}, /^mongodb:\/\//);
  const common = { MONGODB_URI: db.line.trim(), REDIS_URL: `redis://127.0.0.1:${redisPort}`, JWT_SECRET: 'shared-secret-for-both-processes', SEED_DEMO: '1', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1' };
  urls = [];
  // The first process seeds the demo data; the second starts once it is there.
  for (let i = 0; i < 2; i++) {
    const dataDir = await mkdtemp(path.join(tmpdir(), `sro-mp-${i}-`));
    dirs.push(dataDir);
    const { line } = await start(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { ...common, DATA_DIR: dataDir }, /http:\/\/localhost:\d+/);
    urls.push(line.match(/http:\/\/localhost:\d+/)![0].replace('localhost', '127.0.0.1'));
  }
}, 90_000);

afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  for (const child of children.reverse()) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('several portal processes', () => {
  it('delivers a reply sent through process B to the member connected to process A', async () => {
    const [a, b] = urls;
    const member = await signIn(a, 'member@example.org');
    const memberSocket = await connectSocket(a, member.accessToken);
    sockets.push(memberSocket);
    const memberEvents = recordEvents(memberSocket);
    const expert = await signIn(b, 'expert@example.org');
    const expertSocket = await connectSocket(b, expert.accessToken);
    sockets.push(expertSocket);
    const expertEvents = recordEvents(expertSocket);

    const thread = (await member.post('/api/threads', { kind: 'general', body: 'Через процесс A' })).body;
    await expertEvents.waitFor('thread:created', (p) => p.thread.id === thread.id, 5000);
    const reply = await expert.post(`/api/threads/${thread.id}/messages`, { body: 'Ответ через процесс B', clientMsgId: 'multi-process-1' });
    expect(reply.status).toBe(201);
    const got = await memberEvents.waitFor('message:created', (p) => p.message.id === reply.body.id, 5000);
    expect(got.message.body).toBe('Ответ через процесс B');
    await memberEvents.waitFor('unread:updated', (p) => p.threadId === thread.id && p.count === 1, 5000);
  });

  it('shuts a session out of process B as soon as it ends on process A, though B had just let it in', async () => {
    const [a, b] = urls;
    const member = await signIn(a, 'member@example.org');
    const onB = apiClient(b, member.accessToken);
    expect((await onB.get('/api/auth/me')).status).toBe(200); // B now remembers the session as active
    expect((await member.post('/api/auth/logout')).status).toBe(200);
    // The word crosses Redis in well under a second; B's memory of the session would last 30 s.
    const deadline = Date.now() + 2000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) status = (await onB.get('/api/auth/me')).status;
    expect(status).toBe(401);
    expect((await onB.get('/api/auth/me')).body.error.code).toBe('unauthenticated');
  });

  it('sends a reminder once when both processes run the reminders at the same moment', async () => {
    const [a, b] = urls;
    const adminA = await signIn(a, 'admin@example.org');
    const adminB = await signIn(b, 'admin@example.org');
    const member = await signIn(a, 'member@example.org');
    const due = new Date(Date.now() + 3 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
    expect((await adminA.post(`/api/admin/members/${member.user.memberId}/charges`, { type: 'membership_fee', amount: 250_000, dueDate: due, purpose: 'Взнос для двух процессов' })).status).toBe(201);
    const runs = await Promise.all([adminA.post('/api/admin/reminders/run'), adminB.post('/api/admin/reminders/run'), adminA.post('/api/admin/reminders/run'), adminB.post('/api/admin/reminders/run')]);
    expect(runs.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(runs.reduce((sum, r) => sum + r.body.sent, 0)).toBe(1); // the demo has no other reminder due
    const bells = (await member.get('/api/notifications?limit=100')).body.items.filter((n: { kind: string; title: string }) => n.kind === 'reminder' && n.title.includes(due));
    expect(bells).toHaveLength(1);
    const copies = (await member.get('/api/messages?limit=100')).body.items.filter((m: { subject: string }) => m.subject.includes(due));
    expect(copies).toHaveLength(1);
  });
});
