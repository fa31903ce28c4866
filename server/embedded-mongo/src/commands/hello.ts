import v8, { getHeapStatistics } from 'node:v8';
import vm from 'node:vm';
import { Long, ObjectId, type Document } from 'bson';
import type { CommandContext, Handler } from './context';
import { CommandError } from './errors';

// Handshake and server information: MongoDB 7.0's wire version, the primary of a one-member replica set (or a
// writable standalone when the server is started without one).

const MAX_WIRE_VERSION = 21; // MongoDB 7.0: accepted by driver 7 (which needs at least 8)
const VERSION = '7.0.0';

/** Stable across replies: the driver compares (setVersion, electionId) to spot a stale primary. */
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');

/** This process's topologyVersion as a replica set member (a new processId per start); undefined standalone. */
export function topologyVersionOf(ctx: CommandContext): Document | undefined {
  const rs = ctx.settings.replicaSet;
  return rs ? { processId: rs.processId, counter: Long.fromNumber(0) } : undefined;
}

/** A one-member replica set's part of hello: this member is the primary and the only host. */
function replicaSetFields(ctx: CommandContext): Document {
  const rs = ctx.settings.replicaSet;
  if (!rs) return {};
  const now = new Date();
  return {
    setName: rs.name, setVersion: 1, hosts: [rs.me], primary: rs.me, me: rs.me, secondary: false, electionId: ELECTION_ID,
    topologyVersion: topologyVersionOf(ctx),
    lastWrite: { opTime: { ts: ctx.storage.clusterTime(), t: Long.fromNumber(1) }, lastWriteDate: now, majorityWriteDate: now },
  };
}

function hello(cmd: Document, ctx: CommandContext): Document {
  const appName = cmd.client?.application?.name;
  if (typeof appName === 'string') ctx.appName = appName;
  return {
    ...replicaSetFields(ctx),
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    // Without this the driver sends no lsid and explicit sessions fail.
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

function buildInfo(): Document {
  return { version: VERSION, gitVersion: 'embedded', versionArray: [7, 0, 0, 0], bits: 64, maxBsonObjectSize: 16 * 1024 * 1024, storageEngines: ['embedded'], ok: 1 };
}

let gc: (() => void) | undefined;

/** A full collection before measuring, so serverStatus reports live memory, not garbage not yet collected. */
function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}

/** `mem` reports the server's own memory: its V8 heap and the slabs holding documents (external memory). */
function serverStatus(_cmd: Document, ctx: CommandContext): Document {
  collectGarbage();
  const heap = getHeapStatistics();
  let docBytes = 0;
  let slabBytes = 0;
  for (const colls of ctx.storage.dbs.values()) {
    for (const coll of colls.values()) {
      docBytes += coll.docs.bytes;
      slabBytes += coll.docs.allocated;
    }
  }
  return {
    host: 'embedded', version: VERSION, process: 'embedded-mongo', uptime: process.uptime(),
    connections: { current: ctx.connections.current, totalCreated: ctx.connections.totalCreated, available: 1_000_000 },
    // This isolate's (the server's worker's) heap and external memory; docBytes is the stored BSON size.
    mem: { heapUsedBytes: heap.used_heap_size, externalBytes: heap.external_memory, docBytes, slabBytes },
    ok: 1,
  };
}

const ok = () => ({ ok: 1 });

/** The parameters setParameter can change (each a positive number of seconds). */
const SETTABLE = ['ttlMonitorSleepSecs', 'transactionLifetimeLimitSeconds'] as const;

function setParameter(cmd: Document, ctx: CommandContext): Document {
  const was: Document = {};
  for (const [name, value] of Object.entries(cmd)) {
    if (name === 'setParameter' || name.startsWith('$') || name === 'lsid') continue;
    const param = SETTABLE.find((p) => p === name);
    if (!param) throw new CommandError(2, 'BadValue', `attempted to set unrecognized parameter [${name}], use help:true to see options`);
    if (!(Number(value) > 0)) throw new CommandError(2, 'BadValue', `${param} must be greater than 0`);
    was.was = ctx.settings[param];
    ctx.settings[param] = Number(value);
  }
  return { ...was, ok: 1 };
}

export const helloHandlers: Record<string, Handler> = {
  hello,
  ismaster: hello,
  isMaster: hello,
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  getParameter: (_cmd, ctx) => ({ featureCompatibilityVersion: { version: '7.0' }, ttlMonitorSleepSecs: ctx.settings.ttlMonitorSleepSecs, transactionLifetimeLimitSeconds: ctx.settings.transactionLifetimeLimitSeconds, ok: 1 }),
  setParameter,
  getCmdLineOpts: () => ({ argv: ['embedded-mongo'], parsed: {}, ok: 1 }),
  whatsmyuri: () => ({ you: '127.0.0.1', ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  hostInfo: () => ({ system: { hostname: 'embedded' }, ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  serverStatus,
  startSession: () => ({ id: { id: new ObjectId() }, timeoutMinutes: 30, ok: 1 }),
  refreshSessions: ok,
};
