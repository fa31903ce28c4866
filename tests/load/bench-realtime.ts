// `npm run bench:realtime`: the portal's live message path against a bare Socket.IO relay with the same fan-out,
// measured in the same run on this machine (issue 16). Each server runs in its own process pinned to core 0
// (`taskset`, when there is one); the load generator — members with two tabs each and the experts — runs here on
// core 1. Accounts are provisioned through the portal's API (members and experts invited, invitations read from the
// development outbox, activated). Loopback only, bounded in time. A benchmark that prints a table, not a test.
//
//   MEMBERS=495 EXPERTS=10 STEP_SECONDS=4 npm run bench:realtime
//   ONLY_FIXED=1 · SKIP_SUSTAINED=1 · SKIP_CLUSTER=1 · ONLY_CLUSTER=1 · IDLE=10000 STORM=2000 · PROFILE=dir [PROFILE_PHASE=storm] [PROFILE_HEAP=1]
import { spawn, execFileSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { GcPauses } from './realtime/gc-meter';

const MEMBERS = Number(process.env.MEMBERS ?? 495);
const EXPERTS = Number(process.env.EXPERTS ?? 10);
const STEP_SECONDS = Number(process.env.STEP_SECONDS ?? 4);
const FIXED_RATE = Number(process.env.FIXED_RATE ?? 200);
const P99_BUDGET_MS = 200;
const PASSWORD = 'bench-password-1';
const here = path.dirname(new URL(import.meta.url).pathname);
const pinned = existsSync('/usr/bin/taskset');

// ---------------------------------------------------------------------------------------------------------
// Processes

interface Server { child: ChildProcess; url: string; dataDir?: string }

function startServer(file: string, env: Record<string, string> = {}, core = '0'): Promise<Server> {
  // BENCH_NODE_FLAGS: V8 or Node flags for the servers (e.g. "--max-semi-space-size=32"), to try a setting out.
  const args = ['--expose-gc', ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', path.join(here, 'realtime', file)];
  const options: SpawnOptions = { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } };
  const child = pinned ? spawn('taskset', ['-c', core, process.execPath, ...args], options) : spawn(process.execPath, args, options);
  return new Promise((resolve, reject) => {
    child.once('message', (m: { url: string; dataDir?: string }) => resolve({ child, ...m }));
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((r) => server.child.once('exit', r));
  if (server.child.connected) server.child.send({ stop: true });
  setTimeout(() => server.child.kill('SIGKILL'), 30_000).unref();
  await exited;
}

/**
 * The server's memory right after a full garbage collection in it: its JS heap and external buffers (what a
 * connection costs; resident memory lags behind what V8 frees, so it is reported beside it) and its RSS.
 */
async function memoryOf(server: Server): Promise<{ heap: number; rss: number }> {
  const heap = await new Promise<number>((resolve) => {
    server.child.once('message', (m: { heapAndExternal: number }) => resolve(m.heapAndExternal));
    server.child.send({ gc: true });
  });
  const status = await readFile(`/proc/${server.child.pid}/status`, 'utf8');
  return { heap, rss: Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024 };
}

/** The embedded database as a process of its own (the CLI), for the two-process scenario. */
function startDatabase(): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(here, '../../server/embedded-mongo/src/cli.ts'), '--port', '0', '--ephemeral'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve({ child, uri: chunk.toString().trim().split('\n')[0] }));
    child.once('exit', (code) => reject(new Error(`database exited with ${code}`)));
  });
}

/** CPU time (user + system) the process has used, in ms, from /proc (clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}


// ---------------------------------------------------------------------------------------------------------
// Provisioning through the portal's API

async function call<T = any>(url: string, method: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** A valid 10-digit INN of a legal entity (the checksum of the Russian tax service). */
function innOf(n: number): string {
  const base = String(7_700_000_00 + n).padStart(9, '0').slice(-9);
  const weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const sum = [...base].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return base + ((sum % 11) % 10);
}

/** Waits for the invitation letter to `email` in the development outbox and returns its one-time token. */
async function invitationToken(outbox: string, email: string): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const files = existsSync(outbox) ? (await readdir(outbox)).filter((f) => f.endsWith('.json')) : [];
    for (const file of files.reverse()) {
      let letter: { to: string; text: string };
      try {
        letter = JSON.parse(await readFile(path.join(outbox, file), 'utf8'));
      } catch {
        continue; // being written right now: read it on the next pass
      }
      const token = letter.to === email && /token=([\w-]+)/.exec(letter.text)?.[1];
      if (token) return token;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no invitation for ${email}`);
}

async function activate(base: string, outbox: string, email: string): Promise<string> {
  const token = await invitationToken(outbox, email);
  return (await call<{ accessToken: string }>(`${base}/api/auth/activate`, 'POST', { token, password: PASSWORD })).accessToken;
}

async function inPool<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) {
      const i = next++;
      out[i] = await task(i);
    }
  }));
  return out;
}

interface Account { token: string; threadId?: string }

async function provision(portal: Server): Promise<{ members: Account[]; experts: Account[] }> {
  const base = portal.url;
  const outbox = path.join(portal.dataDir!, 'outbox');
  const admin = (await call(`${base}/api/auth/login`, 'POST', { login: 'admin@example.org', password: 'demo-password-1' })).accessToken as string;
  const expert = (await call(`${base}/api/auth/login`, 'POST', { login: 'expert@example.org', password: 'demo-password-1' })).accessToken as string;
  const experts: Account[] = [{ token: expert }, { token: admin }];
  experts.push(...(await inPool(Math.max(0, EXPERTS - 2), 4, async (i) => {
    const email = `bench-expert-${i}@example.org`;
    await call(`${base}/api/admin/staff`, 'POST', { email, name: `Эксперт Нагрузочный ${i}`, role: 'expert' }, admin);
    return { token: await activate(base, outbox, email) };
  })));
  const started = Date.now();
  const members = await inPool(MEMBERS, 6, async (i) => {
    const email = `bench-member-${i}@example.org`;
    await call(`${base}/api/admin/members`, 'POST', { kind: 'legal_entity', name: `ООО «Нагрузка ${i}»`, inn: innOf(i), email }, admin);
    const token = await activate(base, outbox, email);
    const thread = await call(`${base}/api/threads`, 'POST', { kind: 'general', form: { topic: `Нагрузка ${i}` }, body: 'Начало' }, token);
    if ((i + 1) % 100 === 0) console.error(`provisioned ${i + 1}/${MEMBERS} members (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    return { token, threadId: thread.id as string };
  });
  return { members, experts: experts.slice(0, EXPERTS) };
}

// ---------------------------------------------------------------------------------------------------------
// The load: members with two tabs, experts who receive everything

interface Side {
  name: string;
  server: Server;
  /** Other processes that serve this side (the second portal of the two-process scenario): their CPU counts too. */
  alsoServing?: Server[];
  senders: Socket[];
  /** Sends message `id` from sender `i`, resolves with whether it was acknowledged. */
  send(i: number, id: string): Promise<boolean>;
  receivers: Socket[];
  /** How many sockets must receive each message (the member's two tabs and every expert). */
  fanOut: number;
  /** The event that carries a message to a receiver, and the message's id in its payload. */
  event: string;
  idOf(payload: any): string;
  /** The portal only: an expert's reply to member `i`, and that member's first tab (which gets the badge). */
  reply?(i: number, id: string): Promise<boolean>;
  memberTab?(i: number): Socket;
}

function connect(url: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function relaySide(server: Server): Promise<Side> {
  const tabs = await inPool(MEMBERS * 2, 50, (i) => connect(server.url, { room: `m${i >> 1}` }));
  const experts = await inPool(EXPERTS, 10, () => connect(server.url, { staff: true }));
  return {
    name: 'relay', server, receivers: [...tabs, ...experts], fanOut: 2 + EXPERTS,
    senders: tabs.filter((_, i) => i % 2 === 0),
    send: (i, id) => new Promise((resolve) => tabs[i * 2].timeout(10_000).emit('send', { room: `m${i}`, body: id }, (err: Error | null) => resolve(!err))),
    event: 'msg', idOf: (p: { body: string }) => p.body,
  };
}

/**
 * The portal's load. With a second process (`other`), every member's second tab and every other expert connect to
 * it, so each message crosses processes through the Redis adapter; members send from either process in turn.
 */
async function portalSide(server: Server, accounts: { members: Account[]; experts: Account[] }, other?: Server): Promise<Side> {
  const at = (i: number) => (other && i % 2 ? other : server).url;
  const tabs = await inPool(MEMBERS * 2, 50, (i) => connect(at(i), { token: accounts.members[i >> 1].token }));
  const experts = await inPool(accounts.experts.length, 10, (i) => connect(at(i), { token: accounts.experts[i].token }));
  const senderTab = (i: number) => tabs[i * 2 + (other ? i % 2 : 0)];
  // Client ids unique per side: the same ids again would be answered as repeats (idempotent sends), not stored.
  const sideId = `${process.pid}-${Date.now().toString(36)}`;
  let n = 0;
  const sendFrom = (socket: Socket, i: number, id: string) => new Promise<boolean>((resolve) => socket.timeout(10_000).emit('message:send', { threadId: accounts.members[i].threadId, body: id, clientMsgId: `bench-${sideId}-${++n}` }, (err: Error | null, res?: { ok: boolean }) => resolve(!err && !!res?.ok)));
  return {
    name: other ? 'portal×2' : 'portal', server, alsoServing: other ? [other] : undefined, receivers: [...tabs, ...experts], fanOut: 2 + accounts.experts.length,
    senders: tabs.filter((_, i) => i % 2 === 0),
    send: (i, id) => sendFrom(senderTab(i), i, id),
    event: 'message:created', idOf: (p: { message: { body: string } }) => p.message.body,
    reply: (i, id) => sendFrom(experts[i % experts.length], i, id),
    memberTab: (i) => tabs[i * 2],
  };
}

/**
 * Experts reply to members at `rate`/s; each member's tab times its unread badge (`unread:updated` for the thread)
 * from the reply's arrival (`message:created`): the p50 and p99 of that lag, and how many badges never came.
 */
async function badgeLag(side: Side, rate: number, seconds: number, tag: string): Promise<{ p50: number; p99: number; missing: number }> {
  const members = side.senders.length;
  const lags: number[] = [];
  const watched = Array.from({ length: members }, (_, i) => side.memberTab!(i));
  // Per tab, the replies that arrived and still wait for their badge, oldest first.
  const pending = new Map<Socket, { threadId: string; at: number }[]>();
  watched.forEach((tab) => {
    tab.on('message:created', (p: { threadId: string; message: { body: string } }) => {
      if (!p.message.body.startsWith(tag)) return;
      pending.set(tab, [...(pending.get(tab) ?? []), { threadId: p.threadId, at: performance.now() }]);
    });
    tab.on('unread:updated', (u: { threadId: string }) => {
      const waiting = pending.get(tab) ?? [];
      const first = waiting.findIndex((w) => w.threadId === u.threadId);
      if (first < 0) return;
      lags.push(performance.now() - waiting[first].at);
      waiting.splice(first, 1);
    });
  });
  const total = Math.round(rate * seconds);
  const acks: Promise<boolean>[] = [];
  for (let k = 0; k < total; k++) {
    acks.push(side.reply!(k % members, `${tag}-${k}`));
    await new Promise((r) => setTimeout(r, 1000 / rate));
  }
  await Promise.all(acks);
  await new Promise((r) => setTimeout(r, 2000));
  watched.forEach((tab) => {
    tab.off('message:created');
    tab.off('unread:updated');
  });
  lags.sort((a, b) => a - b);
  return { p50: percentile(lags, 0.5), p99: percentile(lags, 0.99), missing: total - lags.length };
}

interface StepResult { rate: number; sent: number; acked: number; lost: number; duplicated: number; p50: number; p99: number; cpuMsPerMessage: number; gc: GcPauses }

/** The servers' GC pauses since the last reset (gc-meter), summed over the processes. */
async function gcPauses(servers: Server[], what: 'reset' | 'read'): Promise<GcPauses> {
  const each = await Promise.all(servers.map((srv) => new Promise<GcPauses>((resolve) => {
    const onMessage = (m: { gcPauses?: GcPauses }) => {
      if (!m.gcPauses) return;
      srv.child.off('message', onMessage);
      resolve(m.gcPauses);
    };
    srv.child.on('message', onMessage);
    srv.child.send({ gcPauses: what });
  })));
  return each.reduce((a, b) => ({ count: a.count + b.count, totalMs: a.totalMs + b.totalMs, maxMs: Math.max(a.maxMs, b.maxMs) }));
}

const percentile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] : NaN);

/** Sends at `rate` messages/s for `seconds` (open loop, round-robin over the members), then waits for the tail. */
async function runStep(side: Side, rate: number, seconds: number, tag: string): Promise<StepResult> {
  const sentAt = new Map<string, number>();
  const seen = new Map<string, Set<Socket>>();
  const complete = new Map<string, number>();
  let duplicated = 0;
  side.receivers.forEach((socket) => {
    socket.on(side.event, (payload: unknown) => {
      const id = side.idOf(payload);
      const at = sentAt.get(id);
      if (at === undefined) return;
      const got = seen.get(id) ?? new Set();
      if (got.has(socket)) duplicated++;
      got.add(socket);
      seen.set(id, got);
      if (got.size === side.fanOut && !complete.has(id)) complete.set(id, performance.now() - at);
    });
  });
  const servers = [side.server, ...(side.alsoServing ?? [])];
  const pids = servers.map((srv) => srv.child.pid!);
  const cpuOf = async () => (await Promise.all(pids.map(cpuMs))).reduce((a, b) => a + b, 0);
  await gcPauses(servers, 'reset');
  const cpuBefore = await cpuOf();
  const acks: Promise<boolean>[] = [];
  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      for (; sent < due; sent++) {
        const id = `${tag}-${sent}`;
        sentAt.set(id, performance.now());
        acks.push(side.send(sent % side.senders.length, id));
      }
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  const acked = (await Promise.all(acks)).filter(Boolean).length;
  // The tail: a server that fell behind drains its backlog here, so the next step starts from an idle server.
  const deadline = performance.now() + 30_000;
  while (complete.size < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const cpuAfter = await cpuOf();
  const gc = await gcPauses(servers, 'read');
  side.receivers.forEach((socket) => socket.off(side.event));
  const latencies = [...complete.values()].sort((a, b) => a - b);
  return { rate, sent: total, acked, lost: total - complete.size, duplicated, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), cpuMsPerMessage: (cpuAfter - cpuBefore) / total, gc };
}

/** The highest rate (doubling from 25/s) at which every message reached everyone with p99 within budget. */
async function sustained(side: Side): Promise<{ best?: StepResult; steps: StepResult[] }> {
  const steps: StepResult[] = [];
  let best: StepResult | undefined;
  for (let rate = 25; rate <= 12_800; rate *= 2) {
    const step = await runStep(side, rate, STEP_SECONDS, `${side.name}-s${rate}`);
    steps.push(step);
    console.error(`${side.name} ${rate}/s: p50 ${step.p50.toFixed(1)} ms, p99 ${step.p99.toFixed(1)} ms, lost ${step.lost}, acked ${step.acked}/${step.sent}`);
    if (step.lost || step.acked < step.sent || !(step.p99 <= P99_BUDGET_MS)) break;
    best = step;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { best, steps };
}

// ---------------------------------------------------------------------------------------------------------
// Idle sockets and a reconnect storm

const IDLE = Number(process.env.IDLE ?? 10_000);
const STORM = Number(process.env.STORM ?? 2_000);

/** Ack round trips of one sender at 5 messages/s (no other load): the latency a user feels. */
async function probe(side: Side, seconds: number, tag: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < seconds * 5; i++) {
    const t0 = performance.now();
    await side.send(0, `${tag}-${i}`);
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 200));
  }
  return percentile(times.sort((a, b) => a - b), 0.99);
}

/** `count` more sockets that only sit there (authenticated, in rooms of their own: no fan-out to them). */
async function idleSockets(url: string, count: number, auth: (i: number) => Record<string, unknown>, reconnect = false): Promise<Socket[]> {
  return inPool(count, 100, (i) => {
    const socket = io(url, { auth: auth(i), transports: ['websocket'], forceNew: true, reconnection: reconnect, reconnectionDelay: 500, reconnectionDelayMax: 3000, randomizationFactor: 0.5 });
    return new Promise<Socket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  });
}

/**
 * `count` sockets lose their connection at once (the network drops: the transport closes under them) and come
 * back by themselves with socket.io's jittered backoff; each then catches up as the portal's client does.
 * Returns the seconds until the last one is back and caught up, and the connect errors seen on the way.
 */
async function storm(sockets: Socket[], caughtUp: (socket: Socket) => Promise<void>): Promise<{ seconds: number; errors: number }> {
  let errors = 0;
  const t0 = performance.now();
  const done: number[] = [];
  const back = sockets.map((socket) => {
    socket.on('connect_error', () => errors++);
    const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return Promise.all([connected, caughtUp(socket)]).then(() => done.push(performance.now() - t0));
  });
  for (const socket of sockets) (socket.io.engine as unknown as { close(): void }).close();
  await Promise.race([Promise.all(back), new Promise((r) => setTimeout(r, 120_000))]);
  const at = (q: number) => ((done.sort((a, b) => a - b)[Math.min(done.length - 1, Math.floor(done.length * q))] ?? NaN) / 1000).toFixed(1);
  console.error(`storm of ${sockets.length}: back and caught up p50 ${at(0.5)} s, p90 ${at(0.9)} s, p99 ${at(0.99)} s, last ${at(1)} s`);
  return { seconds: (performance.now() - t0) / 1000, errors };
}

interface Crowd { probeAlone: number; probeCrowded: number; perSocket: { heap: number; rss: number }; storm: { seconds: number; errors: number } }

/** Waits until the server has worked off what earlier steps left it (under 5 % of a core for a second). */
async function serverIdle(pid: number, maxSeconds = 90): Promise<void> {
  for (let i = 0; i < maxSeconds; i++) {
    const before = await cpuMs(pid);
    await new Promise((r) => setTimeout(r, 1000));
    if ((await cpuMs(pid)) - before < 50) return;
  }
}

async function crowd(side: Side, auth: (i: number) => Record<string, unknown>, caughtUp: (socket: Socket) => Promise<void>, profile?: (what: 'start' | 'stop') => Promise<unknown>): Promise<Crowd> {
  await serverIdle(side.server.child.pid!);
  const probeAlone = await probe(side, STEP_SECONDS, `${side.name}-alone`);
  const memoryBefore = await memoryOf(side.server);
  const idle = await idleSockets(side.server.url, IDLE, auth, true);
  console.error(`${side.name}: ${idle.length} idle sockets connected`);
  await serverIdle(side.server.child.pid!);
  const memoryAfter = await memoryOf(side.server);
  const perSocket = { heap: (memoryAfter.heap - memoryBefore.heap) / IDLE, rss: (memoryAfter.rss - memoryBefore.rss) / IDLE };
  const probeCrowded = await probe(side, STEP_SECONDS, `${side.name}-crowded`);
  await profile?.('start');
  const stormResult = await storm(idle.slice(0, STORM), caughtUp);
  await profile?.('stop');
  console.error(`${side.name}: probe p99 ${probeAlone.toFixed(1)} → ${probeCrowded.toFixed(1)} ms with ${IDLE} idle; storm of ${STORM}: ${stormResult.seconds.toFixed(1)} s, ${stormResult.errors} connect errors`);
  idle.forEach((socket) => socket.disconnect());
  return { probeAlone, probeCrowded, perSocket, storm: stormResult };
}

// ---------------------------------------------------------------------------------------------------------

if (pinned) execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
console.error(`bench-realtime: ${MEMBERS} members × 2 tabs + ${EXPERTS} experts = ${MEMBERS * 2 + EXPERTS} sockets; servers ${pinned ? 'pinned to core 0' : 'not pinned (no taskset)'}`);

if (process.env.ONLY_CLUSTER === '1') {
  console.log(JSON.stringify(await cluster()));
  process.exit(0);
}
const relay = await startServer('relay.ts');
const relaySideLoad = await relaySide(relay);
const onlyFixed = process.env.ONLY_FIXED === '1'; // with PROFILE: just the fixed-rate step
const skipSustained = onlyFixed || process.env.SKIP_SUSTAINED === '1';
// PROFILE=dir PROFILE_PHASE=storm: the portal profiles the reconnect storm instead of the fixed-rate step.
const profilePhase = process.env.PROFILE ? (process.env.PROFILE_PHASE ?? 'fixed') : undefined;
const relaySustained: { best?: StepResult } = skipSustained ? {} : await sustained(relaySideLoad);
const relayFixed = await runStep(relaySideLoad, FIXED_RATE, STEP_SECONDS, 'relay-fixed');
const relayCrowd = onlyFixed ? undefined : await crowd(relaySideLoad, (i) => ({ room: `idle${i}` }), async () => undefined);
relaySideLoad.receivers.forEach((s) => s.disconnect());
await stopServer(relay);

const portal = await startServer('portal-process.ts');
const accounts = await provision(portal);
const portalSideLoad = await portalSide(portal, accounts);
// PROFILE=dir: the portal profiles exactly this step (node:inspector), to see where a message's time goes.
const profiling = (what: 'start' | 'stop') => new Promise((r) => { portal.child.once('message', r); portal.child.send({ profile: what }); });
const portalSustained: { best?: StepResult } = skipSustained ? {} : await sustained(portalSideLoad);
// A profile of a cold server shows the JIT warming up: without the sustained steps before it, one unmeasured round.
if (profilePhase === 'fixed' && skipSustained) await runStep(portalSideLoad, FIXED_RATE, STEP_SECONDS, 'portal-warm-up');
if (profilePhase === 'fixed') await profiling('start');
const portalFixed = await runStep(portalSideLoad, FIXED_RATE, STEP_SECONDS, 'portal-fixed');
if (profilePhase === 'fixed') await profiling('stop');
const badge = await badgeLag(portalSideLoad, 50, STEP_SECONDS, 'portal-badge');
console.error(`portal: unread badge after the reply at 50/s: p50 ${badge.p50.toFixed(1)} ms, p99 ${badge.p99.toFixed(1)} ms, ${badge.missing} missing`);
// Idle sockets sign in as members other than the probe's (member 0), so the probe's fan-out stays the same; after a
// drop each is caught up when its badges have come, as the cabinet's are (unread:summary, with every connection).
const idleToken = (i: number) => accounts.members[1 + (i % (accounts.members.length - 1))].token;
const badgesArrive = (socket: Socket) => new Promise<void>((resolve) => socket.once('unread:summary', () => resolve()));
const portalCrowd = onlyFixed ? undefined : await crowd(portalSideLoad, (i) => ({ token: idleToken(i) }), badgesArrive, profilePhase === 'storm' ? profiling : undefined);
portalSideLoad.receivers.forEach((s) => s.disconnect());
await stopServer(portal);

// Two portal processes with the Redis adapter on one database of its own process, against one such process: the
// combined sustained rate (issue 16: ≥ 1.6× one process). Portal A on core 0, B on core 1 (shared with this load
// generator), the database unpinned — on two cores the three compete, which the table says.
async function cluster(): Promise<{ one?: StepResult; two?: StepResult } | undefined> {
  if (process.env.ONLY_FIXED === '1' || process.env.SKIP_CLUSTER === '1') return undefined;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const db = await startDatabase();
  const env = { BENCH_MONGODB_URI: db.uri, BENCH_REDIS_URL: redisUrl, BENCH_JWT_SECRET: `bench-${process.pid}-${Date.now()}-secret-of-32-chars` };
  try {
    const a = await startServer('portal-process.ts', env, '0');
    const clusterAccounts = await provision(a);
    const one = await portalSide(a, clusterAccounts);
    const single = await sustained({ ...one, name: 'portal, 1 process + redis' });
    one.receivers.forEach((s) => s.disconnect());
    const b = await startServer('portal-process.ts', { ...env, BENCH_SEED: '0' }, '1');
    const two = await portalSide(a, clusterAccounts, b);
    const dual = await sustained(two);
    two.receivers.forEach((s) => s.disconnect());
    await Promise.all([stopServer(a), stopServer(b)]);
    return { one: single.best, two: dual.best };
  } finally {
    db.child.kill('SIGTERM');
  }
}
const clustered = await cluster();

const f = (v: number | undefined, digits = 1) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));
const ratio = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(2)}×` : '—');
const gcLine = (gc?: GcPauses) => (gc ? `${gc.count} · ${f(gc.totalMs, 0)} · ${f(gc.maxMs)}` : '—');
const rows: [string, string, string, string][] = [
  ['sockets (members × 2 tabs + experts)', String(relaySideLoad.receivers.length), String(portalSideLoad.receivers.length), ''],
  ['sustained msg/s, every message to all, p99 ≤ 200 ms', f(relaySustained.best?.rate, 0), f(portalSustained.best?.rate, 0), ratio(portalSustained.best?.rate, relaySustained.best?.rate)],
  [`at ${FIXED_RATE} msg/s: delivery p50, ms`, f(relayFixed.p50), f(portalFixed.p50), ratio(portalFixed.p50, relayFixed.p50)],
  [`at ${FIXED_RATE} msg/s: delivery p99, ms`, f(relayFixed.p99), f(portalFixed.p99), ratio(portalFixed.p99, relayFixed.p99)],
  ['expert replies at 50/s: unread badge after the message, p50 · p99, ms (missing)', '', `${f(badge.p50)} · ${f(badge.p99)} (${badge.missing})`, ''],
  [`at ${FIXED_RATE} msg/s: server GC pauses, count · total ms · longest ms`, gcLine(relayFixed.gc), gcLine(portalFixed.gc), ''],
  [`at ${FIXED_RATE} msg/s: server CPU per message, ms`, f(relayFixed.cpuMsPerMessage, 2), f(portalFixed.cpuMsPerMessage, 2), ratio(portalFixed.cpuMsPerMessage, relayFixed.cpuMsPerMessage)],
  [`probe ack p99, ms: alone → with ${IDLE} idle sockets`, `${f(relayCrowd?.probeAlone)} → ${f(relayCrowd?.probeCrowded)}`, `${f(portalCrowd?.probeAlone)} → ${f(portalCrowd?.probeCrowded)}`, ratio(portalCrowd?.probeCrowded, relayCrowd?.probeCrowded)],
  [`memory per idle authenticated socket (heap + buffers after GC; RSS), KB`, `${f(relayCrowd && relayCrowd.perSocket.heap / 1024)}; ${f(relayCrowd && relayCrowd.perSocket.rss / 1024)}`, `${f(portalCrowd && portalCrowd.perSocket.heap / 1024)}; ${f(portalCrowd && portalCrowd.perSocket.rss / 1024)}`, ratio(portalCrowd?.perSocket.heap, relayCrowd?.perSocket.heap)],
  [`reconnect storm of ${STORM}: all back (portal: and caught up), s`, f(relayCrowd?.storm.seconds), f(portalCrowd?.storm.seconds), ratio(portalCrowd?.storm.seconds, relayCrowd?.storm.seconds)],
  [`reconnect storm of ${STORM}: connect errors`, String(relayCrowd?.storm.errors ?? '—'), String(portalCrowd?.storm.errors ?? '—'), ''],
  ['two processes + Redis: sustained msg/s, 1 process → 2 (database apart)', '', `${f(clustered?.one?.rate, 0)} → ${f(clustered?.two?.rate, 0)}`, ratio(clustered?.two?.rate, clustered?.one?.rate)],
  [`at ${FIXED_RATE} msg/s: lost / duplicated / acked`, `${relayFixed.lost} / ${relayFixed.duplicated} / ${relayFixed.acked}`, `${portalFixed.lost} / ${portalFixed.duplicated} / ${portalFixed.acked}`, ''],
];
console.log(`\n| ${MEMBERS * 2 + EXPERTS} sockets, loopback, servers on one core | relay | portal | portal / relay |\n|---|---|---|---|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
process.exit(0);
