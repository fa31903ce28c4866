import { getHeapStatistics } from 'node:v8';
import { Aggregator, Query } from 'mingo';
import { Long, ObjectId, type Document } from 'bson';
import type { Storage } from './storage';
import type { Cursors } from './cursors';
import type { Collection } from './collection';
import { DuplicateKeyError, type IndexSpec } from './indexes';
import {
  CommandError, badValue, commandNotFound, cursorNotFound, fromMingoError, indexNotFound, indexOptionsConflict,
  namespaceExists, namespaceNotFound,
} from './errors';
import { applyUpdate, upsertSeed, withId } from './updates';
import { compareValues, idKey } from './values';

export interface CommandContext {
  storage: Storage;
  cursors: Cursors;
  connectionId: number;
}

type Handler = (cmd: Document, ctx: CommandContext, db: string) => Document | Promise<Document>;

const MAX_WIRE_VERSION = 21; // MongoDB 7.0

function hello(cmd: Document, ctx: CommandContext): Document {
  return {
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

const dupReply = (err: DuplicateKeyError, index: number) => ({
  index,
  code: 11000,
  errmsg: err.message,
  keyPattern: err.index.spec.key,
  keyValue: err.keyValue,
});

function collName(cmd: Document, name: string): string {
  const coll = cmd[name];
  if (typeof coll !== 'string' || !coll) throw badValue(`collection name has invalid type ${typeof coll}`);
  return coll;
}

/** Insert or replace with the unique-index check first, so a failed write leaves nothing behind. */
function store(ctx: CommandContext, coll: Collection, doc: Document): void {
  coll.checkUnique(doc, idKey(doc._id));
  ctx.storage.put(coll, doc);
}

function insertOne(ctx: CommandContext, coll: Collection, raw: Document): void {
  const doc = withId(raw);
  const id = idKey(doc._id);
  if (coll.docs.has(id)) {
    const idIndex = coll.indexes.get('_id_')!;
    throw new DuplicateKeyError(idIndex, { _id: doc._id }, coll.ns);
  }
  store(ctx, coll, doc);
}

async function insert(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const coll = ctx.storage.ensureCollection(db, collName(cmd, 'insert'));
  const docs: Document[] = cmd.documents ?? [];
  const ordered = cmd.ordered !== false;
  const writeErrors: Document[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      insertOne(ctx, coll, docs[i]);
      n++;
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      writeErrors.push(dupReply(err, i));
      if (ordered) break;
    }
  }
  await ctx.storage.commit();
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
}

function matching(coll: Collection | undefined, q: Document, multi: boolean, sort?: Document): Document[] {
  if (!coll) return [];
  try {
    return coll.find(q, { limit: multi ? undefined : 1, sort });
  } catch (err) {
    throw fromMingoError(err);
  }
}

interface UpdateOutcome {
  n: number;
  nModified: number;
  upserted?: unknown;
  doc?: Document;
  before?: Document;
}

function updateOneSpec(ctx: CommandContext, db: string, name: string, spec: Document, sort?: Document): UpdateOutcome {
  const { q = {}, u, upsert, multi, arrayFilters } = spec;
  if (!u || typeof u !== 'object') throw badValue('update spec must have a u field');
  const coll = ctx.storage.collection(db, name);
  const docs = matching(coll, q, !!multi, sort);
  if (!docs.length) {
    if (!upsert) return { n: 0, nModified: 0 };
    const target = ctx.storage.ensureCollection(db, name);
    const created = withId(applyUpdateSafe({ ...upsertSeed(q) }, u, q, arrayFilters, true));
    insertOne(ctx, target, created);
    return { n: 1, nModified: 0, upserted: created._id, doc: created };
  }
  let nModified = 0;
  let last: Document | undefined;
  for (const doc of docs) {
    const next = applyUpdateSafe(doc, u, q, arrayFilters, false);
    last = next;
    if (compareValues(next, doc) === 0 && Object.keys(next).length === Object.keys(doc).length) continue;
    store(ctx, coll!, next);
    nModified++;
  }
  return { n: docs.length, nModified, doc: last, before: docs[0] };
}

function applyUpdateSafe(doc: Document, u: Document, q: Document, arrayFilters: Document[] | undefined, inserting: boolean) {
  try {
    return applyUpdate(doc, u, q, arrayFilters, inserting);
  } catch (err) {
    throw fromMingoError(err);
  }
}

async function update(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const name = collName(cmd, 'update');
  const ordered = cmd.ordered !== false;
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors: Document[] = [];
  const specs: Document[] = cmd.updates ?? [];
  for (let i = 0; i < specs.length; i++) {
    try {
      const outcome = updateOneSpec(ctx, db, name, specs[i]);
      n += outcome.n;
      nModified += outcome.nModified;
      if (outcome.upserted !== undefined) upserted.push({ index: i, _id: outcome.upserted });
    } catch (err) {
      if (err instanceof DuplicateKeyError) writeErrors.push(dupReply(err, i));
      else if (err instanceof CommandError) writeErrors.push({ index: i, code: err.code, errmsg: err.message });
      else throw err;
      if (ordered) break;
    }
  }
  await ctx.storage.commit();
  const reply: Document = { n, nModified, ok: 1 };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  return reply;
}

async function del(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const coll = ctx.storage.collection(db, collName(cmd, 'delete'));
  let n = 0;
  for (const spec of (cmd.deletes ?? []) as Document[]) {
    for (const doc of matching(coll, spec.q ?? {}, spec.limit !== 1)) {
      ctx.storage.remove(coll!, doc._id);
      n++;
    }
  }
  await ctx.storage.commit();
  return { n, ok: 1 };
}

function project(docs: Document[], projection?: Document): Document[] {
  if (!projection || !Object.keys(projection).length) return docs;
  try {
    return new Query({}, {}).find(docs, projection).all() as Document[];
  } catch (err) {
    throw fromMingoError(err);
  }
}

function find(cmd: Document, ctx: CommandContext, db: string): Document {
  const name = collName(cmd, 'find');
  const coll = ctx.storage.collection(db, name);
  const limit = cmd.limit ? Math.abs(Number(cmd.limit)) : undefined;
  let docs: Document[] = [];
  if (coll) {
    try {
      docs = coll.find(cmd.filter ?? {}, { sort: cmd.sort, skip: Number(cmd.skip ?? 0), limit });
    } catch (err) {
      throw fromMingoError(err);
    }
  }
  const singleBatch = cmd.singleBatch === true || Number(cmd.limit) < 0;
  return ctx.cursors.first(`${db}.${name}`, project(docs, cmd.projection), cmd.batchSize, singleBatch);
}

async function findAndModify(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const name = collName(cmd, 'findAndModify');
  const q = cmd.query ?? {};
  if (cmd.remove) {
    const coll = ctx.storage.collection(db, name);
    const [doc] = matching(coll, q, false, cmd.sort);
    if (doc) ctx.storage.remove(coll!, doc._id);
    await ctx.storage.commit();
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: doc ? project([doc], cmd.fields)[0] : null, ok: 1 };
  }
  const outcome = updateOneSpec(ctx, db, name, { q, u: cmd.update, upsert: cmd.upsert, arrayFilters: cmd.arrayFilters }, cmd.sort);
  await ctx.storage.commit();
  const value = outcome.n === 0 ? null : cmd.new || outcome.upserted !== undefined ? (cmd.new ? outcome.doc : null) : outcome.before;
  const lastErrorObject: Document = { n: outcome.n, updatedExisting: outcome.n > 0 && outcome.upserted === undefined };
  if (outcome.upserted !== undefined) lastErrorObject.upserted = outcome.upserted;
  return { lastErrorObject, value: value ? project([value], cmd.fields)[0] : null, ok: 1 };
}

function count(cmd: Document, ctx: CommandContext, db: string): Document {
  const coll = ctx.storage.collection(db, collName(cmd, 'count'));
  if (!coll) return { n: 0, ok: 1 };
  const skip = Number(cmd.skip ?? 0);
  const limit = Number(cmd.limit ?? 0);
  let n = Math.max(0, coll.count(cmd.query ?? {}) - skip);
  if (limit) n = Math.min(n, Math.abs(limit));
  return { n, ok: 1 };
}

function distinct(cmd: Document, ctx: CommandContext, db: string): Document {
  const coll = ctx.storage.collection(db, collName(cmd, 'distinct'));
  const values: unknown[] = [];
  for (const doc of matching(coll, cmd.query ?? {}, true)) {
    const found = new Aggregator([{ $project: { v: `$${cmd.key}` } }], {}).run([doc])[0]?.v;
    for (const v of Array.isArray(found) ? found : [found]) {
      if (v !== undefined && !values.some((x) => compareValues(x, v) === 0)) values.push(v);
    }
  }
  values.sort(compareValues);
  return { values, ok: 1 };
}

/** Runs a pipeline; a leading $match (+ $sort/$skip/$limit) uses the collection's indexes. */
function runPipeline(ctx: CommandContext, db: string, coll: Collection | undefined, pipeline: Document[]): Document[] {
  let stages = pipeline;
  let input: Document[] = [];
  if (coll) {
    const opts: { sort?: Document; skip?: number; limit?: number } = {};
    let filter: Document = {};
    let i = 0;
    if (stages[0]?.$match) filter = stages[i++].$match;
    if (stages[i]?.$sort) opts.sort = stages[i++].$sort;
    if (stages[i]?.$skip !== undefined) opts.skip = stages[i++].$skip;
    if (stages[i]?.$limit !== undefined) opts.limit = stages[i++].$limit;
    if (opts.skip !== undefined && opts.limit !== undefined && !opts.sort && i === 3) opts.limit = opts.limit;
    const group = stages[i]?.$group;
    // countDocuments: [$match, ($skip), ($limit), {$group: {_id: 1, n: {$sum: 1}}}] — count without copying.
    if (group && Object.keys(group).length === 2 && group.n?.$sum === 1 && typeof group._id !== 'string' && stages.length === i + 1 && !opts.sort) {
      const total = Math.max(0, coll.count(filter) - (opts.skip ?? 0));
      const n = opts.limit ? Math.min(total, opts.limit) : total;
      return n ? [{ _id: group._id, n }] : [];
    }
    input = coll.find(filter, opts);
    stages = stages.slice(i);
  }
  if (!stages.length) return input;
  const collectionResolver = (name: string) => ctx.storage.collection(db, name)?.find({}) ?? [];
  return new Aggregator(stages, { collectionResolver }).run(input) as Document[];
}

function aggregate(cmd: Document, ctx: CommandContext, db: string): Document {
  if (!Array.isArray(cmd.pipeline)) throw new CommandError(14, 'TypeMismatch', "'pipeline' option must be specified as an array");
  const name = cmd.aggregate;
  const coll = typeof name === 'string' ? ctx.storage.collection(db, name) : undefined;
  let docs: Document[];
  try {
    docs = runPipeline(ctx, db, coll, cmd.pipeline);
  } catch (err) {
    throw fromMingoError(err);
  }
  return ctx.cursors.first(`${db}.${name}`, docs, cmd.cursor?.batchSize);
}

function listCollections(cmd: Document, ctx: CommandContext, db: string): Document {
  const colls = [...(ctx.storage.dbs.get(db)?.values() ?? [])];
  let infos: Document[] = colls.map((c) => ({
    name: c.name,
    type: 'collection',
    options: {},
    info: { readOnly: false },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  }));
  if (cmd.filter && Object.keys(cmd.filter).length) infos = new Query(cmd.filter, {}).find(infos).all() as Document[];
  if (cmd.nameOnly) infos = infos.map((i) => ({ name: i.name, type: i.type }));
  return ctx.cursors.first(`${db}.$cmd.listCollections`, infos, cmd.cursor?.batchSize);
}

function listIndexes(cmd: Document, ctx: CommandContext, db: string): Document {
  const name = collName(cmd, 'listIndexes');
  const coll = ctx.storage.collection(db, name);
  if (!coll) throw namespaceNotFound(`${db}.${name}`);
  const specs = [...coll.indexes.values()].map((i) => ({ v: 2, ...i.spec }));
  return ctx.cursors.first(`${db}.${name}`, specs, cmd.cursor?.batchSize);
}

const INDEX_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds'];
const sameSpec = (a: IndexSpec, b: IndexSpec) =>
  JSON.stringify(a.key) === JSON.stringify(b.key) && INDEX_OPTIONS.every((o) => JSON.stringify(a[o] ?? null) === JSON.stringify(b[o] ?? null));

async function createIndexes(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const name = collName(cmd, 'createIndexes');
  const existed = !!ctx.storage.collection(db, name);
  const coll = ctx.storage.ensureCollection(db, name);
  const before = coll.indexes.size;
  for (const raw of (cmd.indexes ?? []) as Document[]) {
    if (!raw.key || !Object.keys(raw.key).length) throw new CommandError(67, 'CannotCreateIndex', 'index key pattern must be a non-empty object');
    const spec: IndexSpec = { v: 2, key: raw.key, name: raw.name ?? Object.entries(raw.key).map(([k, v]) => `${k}_${v}`).join('_') };
    for (const option of INDEX_OPTIONS) if (raw[option] !== undefined) spec[option] = raw[option];
    const existing = coll.indexes.get(spec.name);
    if (existing) {
      if (!sameSpec(existing.spec, spec)) throw indexOptionsConflict(spec.name);
      continue;
    }
    const sameKey = [...coll.indexes.values()].find((i) => JSON.stringify(i.spec.key) === JSON.stringify(spec.key));
    if (sameKey && sameSpec(sameKey.spec, spec)) continue;
    try {
      ctx.storage.createIndex(db, name, spec);
    } catch (err) {
      if (err instanceof DuplicateKeyError) throw new CommandError(11000, 'DuplicateKey', err.message, { keyPattern: spec.key, keyValue: err.keyValue });
      throw err;
    }
  }
  await ctx.storage.commit();
  return { createdCollectionAutomatically: !existed, numIndexesBefore: before, numIndexesAfter: coll.indexes.size, ok: 1 };
}

async function dropIndexes(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const name = collName(cmd, 'dropIndexes');
  const coll = ctx.storage.collection(db, name);
  if (!coll) throw namespaceNotFound(`${db}.${name}`);
  const before = coll.indexes.size;
  const wanted = cmd.index;
  const names = wanted === '*' ? [...coll.indexes.keys()].filter((n) => n !== '_id_')
    : typeof wanted === 'string' ? [wanted]
    : Array.isArray(wanted) ? wanted
    : [...coll.indexes.values()].filter((i) => JSON.stringify(i.spec.key) === JSON.stringify(wanted)).map((i) => i.spec.name);
  for (const indexName of names) {
    if (indexName === '_id_') throw new CommandError(72, 'InvalidOptions', 'cannot drop _id index');
    if (!coll.indexes.has(indexName)) throw indexNotFound(String(indexName));
    ctx.storage.dropIndex(db, name, indexName);
  }
  await ctx.storage.commit();
  return { nIndexesWas: before, ok: 1 };
}

async function create(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const name = collName(cmd, 'create');
  if (ctx.storage.collection(db, name)) throw namespaceExists(`${db}.${name}`);
  ctx.storage.createCollection(db, name);
  await ctx.storage.commit();
  return { ok: 1 };
}

async function drop(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const name = collName(cmd, 'drop');
  const coll = ctx.storage.collection(db, name);
  if (!coll) throw namespaceNotFound(`${db}.${name}`);
  const nIndexesWas = coll.indexes.size;
  ctx.storage.dropCollection(db, name);
  await ctx.storage.commit();
  return { nIndexesWas, ns: `${db}.${name}`, ok: 1 };
}

async function dropDatabase(_cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  ctx.storage.dropDatabase(db);
  await ctx.storage.commit();
  return { dropped: db, ok: 1 };
}

function listDatabases(cmd: Document, ctx: CommandContext): Document {
  const databases = [...ctx.storage.dbs.entries()].map(([name, colls]) => ({
    name,
    sizeOnDisk: 0,
    empty: [...colls.values()].every((c) => c.docs.size === 0),
  }));
  return cmd.nameOnly ? { databases: databases.map((d) => ({ name: d.name })), ok: 1 } : { databases, totalSize: 0, ok: 1 };
}

function getMore(cmd: Document, ctx: CommandContext): Document {
  const reply = ctx.cursors.next(cmd.getMore as Long, cmd.batchSize);
  if (!reply) throw cursorNotFound(String(cmd.getMore));
  return reply;
}

function collStats(cmd: Document, ctx: CommandContext, db: string): Document {
  const coll = ctx.storage.collection(db, String(cmd.collStats));
  return { ns: `${db}.${cmd.collStats}`, count: coll?.docs.size ?? 0, nindexes: coll?.indexes.size ?? 0, ok: 1 };
}

const ok = () => ({ ok: 1 });

export const handlers: Record<string, Handler> = {
  hello,
  ismaster: hello,
  isMaster: hello,
  ping: ok,
  buildInfo: () => ({ version: '7.0.0', gitVersion: 'embedded', versionArray: [7, 0, 0, 0], bits: 64, maxBsonObjectSize: 16 * 1024 * 1024, ok: 1 }),
  buildinfo: () => handlers.buildInfo({}, undefined as never, ''),
  getParameter: () => ({ featureCompatibilityVersion: { version: '7.0' }, ok: 1 }),
  whatsmyuri: () => ({ you: '127.0.0.1', ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  hostInfo: () => ({ system: { hostname: 'embedded' }, ok: 1 }),
  // `mem.heapUsedBytes` is the server's own V8 heap (its worker thread's isolate), after a collection.
  serverStatus: (_c, ctx) => {
    (globalThis as { gc?: () => void }).gc?.();
    return { host: 'embedded', version: '7.0.0', process: 'embedded-mongo', uptime: process.uptime(), connections: { current: ctx.connectionId }, mem: { heapUsedBytes: getHeapStatistics().used_heap_size }, ok: 1 };
  },
  endSessions: ok,
  startSession: () => ({ id: { id: new ObjectId() }, timeoutMinutes: 30, ok: 1 }),
  refreshSessions: ok,
  killSessions: ok,
  // Transactions: accepted, and each operation applies at once; commit is a no-op and abort does NOT roll back.
  commitTransaction: ok,
  abortTransaction: ok,
  listDatabases,
  dropDatabase,
  listCollections,
  create,
  drop,
  insert,
  find,
  getMore,
  killCursors: (cmd, ctx) => ({ cursorsKilled: ctx.cursors.kill(cmd.cursors ?? []).killed, cursorsNotFound: [], cursorsAlive: [], cursorsUnknown: [], ok: 1 }),
  update,
  delete: del,
  findAndModify,
  findandmodify: findAndModify,
  count,
  distinct,
  aggregate,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  collStats,
  dbStats: (_c, ctx, db) => ({ db, collections: ctx.storage.dbs.get(db)?.size ?? 0, ok: 1 }),
};

/** Runs one command; any failure becomes MongoDB's error reply, never a dropped connection. */
export async function runCommand(cmd: Document, ctx: CommandContext): Promise<Document> {
  const name = Object.keys(cmd)[0];
  const db = typeof cmd.$db === 'string' ? cmd.$db : 'admin';
  const handler = handlers[name];
  try {
    if (!handler) throw commandNotFound(name);
    return await handler(cmd, ctx, db);
  } catch (err) {
    if (err instanceof CommandError) return err.toReply();
    if (err instanceof DuplicateKeyError) return { ok: 0, code: 11000, codeName: 'DuplicateKey', errmsg: err.message, keyPattern: err.index.spec.key, keyValue: err.keyValue };
    return { ok: 0, code: 1, codeName: 'InternalError', errmsg: err instanceof Error ? err.message : String(err) };
  }
}

export { Long };
