import { Query } from 'mingo';
import type { Document } from 'bson';
import { DuplicateKeyError, type IndexSpec } from '../indexes/index';
import { CommandError, indexNotFound, indexOptionsConflict, namespaceExists, namespaceNotFound } from './errors';
import { toRaw } from './cursors';
import { parseCollation } from '../bson/collation';
import { collName, type CommandContext, type Handler, type Reply } from './context';

// Databases, collections and indexes: list, create, drop.

function listDatabases(cmd: Document, ctx: CommandContext): Document {
  const databases = [...ctx.storage.dbs.entries()].map(([name, colls]) => {
    const size = [...colls.values()].reduce((n, c) => n + c.docs.bytes, 0);
    return { name, sizeOnDisk: size, empty: [...colls.values()].every((c) => c.size === 0) };
  });
  if (cmd.nameOnly) return { databases: databases.map((d) => ({ name: d.name })), ok: 1 };
  return { databases, totalSize: databases.reduce((n, d) => n + d.sizeOnDisk, 0), ok: 1 };
}

function listCollections(cmd: Document, ctx: CommandContext, db: string): Reply {
  const colls = [...(ctx.storage.dbs.get(db)?.values() ?? [])];
  let infos: Document[] = colls.map((c) =>
    c.options.viewOn !== undefined
      ? { name: c.name, type: 'view', options: c.options, info: { readOnly: true } }
      : { name: c.name, type: 'collection', options: c.options, info: { readOnly: false }, idIndex: { v: 2, key: { _id: 1 }, name: '_id_' } },
  );
  if (cmd.filter && Object.keys(cmd.filter).length) infos = new Query(cmd.filter, {}).find(infos).all() as Document[];
  if (cmd.nameOnly) infos = infos.map((i) => ({ name: i.name, type: i.type }));
  return ctx.cursors.first(`${db}.$cmd.listCollections`, toRaw(infos), cmd.cursor?.batchSize);
}

function listIndexes(cmd: Document, ctx: CommandContext, db: string): Reply {
  const name = collName(cmd, 'listIndexes');
  const coll = ctx.storage.collection(db, name);
  if (!coll) throw namespaceNotFound(`${db}.${name}`);
  const specs = [...coll.indexes.values()].map((i) => ({ v: 2, ...i.spec }));
  return ctx.cursors.first(`${db}.${name}`, toRaw(specs), cmd.cursor?.batchSize);
}

const INDEX_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'collation'];
const sameKey = (a: IndexSpec, b: IndexSpec) => JSON.stringify(a.key) === JSON.stringify(b.key);
const sameOptions = (a: IndexSpec, b: IndexSpec) => INDEX_OPTIONS.every((o) => JSON.stringify(a[o] ?? null) === JSON.stringify(b[o] ?? null));

function indexSpec(raw: Document, collectionCollation?: Document): IndexSpec {
  if (!raw.key || typeof raw.key !== 'object' || !Object.keys(raw.key).length) {
    throw new CommandError(67, 'CannotCreateIndex', 'index key pattern must be a non-empty object');
  }
  for (const [field, dir] of Object.entries(raw.key)) {
    if (typeof dir === 'string' && !['hashed', 'text', '2d', '2dsphere'].includes(dir)) throw new CommandError(67, 'CannotCreateIndex', `Unknown index plugin '${dir}' on field ${field}`);
  }
  const spec: IndexSpec = { v: 2, key: raw.key, name: raw.name ?? Object.entries(raw.key).map(([k, v]) => `${k}_${v}`).join('_') };
  for (const option of INDEX_OPTIONS) if (raw[option] !== undefined) spec[option] = raw[option];
  // An index without a collation of its own takes the collection's default, as in MongoDB; "simple" means none.
  if (spec.collation === undefined && collectionCollation) spec.collation = collectionCollation;
  if ((spec.collation as Document | undefined)?.locale === 'simple') delete spec.collation;
  else if (spec.collation) parseCollation(spec.collation);
  return spec;
}

async function createIndexes(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const name = collName(cmd, 'createIndexes');
  const existed = !!ctx.storage.collection(db, name);
  const coll = ctx.storage.ensureCollection(db, name);
  const before = coll.indexes.size;
  for (const raw of (cmd.indexes ?? []) as Document[]) {
    const spec = indexSpec(raw, coll.options.collation);
    const existing = coll.indexes.get(spec.name);
    if (existing) {
      if (!sameKey(existing.spec, spec) || !sameOptions(existing.spec, spec)) throw indexOptionsConflict(spec.name);
      continue;
    }
    const other = [...coll.indexes.values()].find((i) => sameKey(i.spec, spec));
    if (other && sameOptions(other.spec, spec)) continue;
    if (other) throw new CommandError(85, 'IndexOptionsConflict', `An equivalent index already exists with a different name and options: ${other.spec.name}`);
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
  const name = collName(cmd, 'dropIndexes' in cmd ? 'dropIndexes' : 'deleteIndexes');
  const coll = ctx.storage.collection(db, name);
  if (!coll) throw namespaceNotFound(`${db}.${name}`);
  const before = coll.indexes.size;
  const wanted = cmd.index;
  const names: string[] =
    wanted === '*' ? [...coll.indexes.keys()].filter((n) => n !== '_id_')
    : typeof wanted === 'string' ? [wanted]
    : Array.isArray(wanted) ? wanted
    : [...coll.indexes.values()].filter((i) => JSON.stringify(i.spec.key) === JSON.stringify(wanted)).map((i) => i.spec.name);
  if (!names.length && wanted !== '*') throw indexNotFound(JSON.stringify(wanted));
  for (const indexName of names) {
    if (indexName === '_id_') throw new CommandError(72, 'InvalidOptions', 'cannot drop _id index');
    if (!coll.indexes.has(indexName)) throw indexNotFound(String(indexName));
  }
  for (const indexName of names) ctx.storage.dropIndex(db, name, indexName);
  await ctx.storage.commit();
  return { nIndexesWas: before, ok: 1 };
}

async function create(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const name = collName(cmd, 'create');
  if (ctx.storage.collection(db, name)) throw namespaceExists(`${db}.${name}`);
  const { create: _name, $db, lsid, txnNumber, autocommit, startTransaction, writeConcern, $clusterTime, $readPreference, ...options } = cmd;
  ctx.storage.createCollection(db, name, options);
  await ctx.storage.commit();
  return { ok: 1 };
}

const COLL_MOD_OPTIONS = ['validator', 'validationLevel', 'validationAction', 'viewOn', 'pipeline'];

async function collMod(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const name = collName(cmd, 'collMod');
  const coll = ctx.storage.collection(db, name);
  if (!coll) throw namespaceNotFound(`${db}.${name}`);
  const changes: Document = {};
  for (const option of COLL_MOD_OPTIONS) if (cmd[option] !== undefined) changes[option] = cmd[option];
  if (changes.validationLevel !== undefined && !['off', 'strict', 'moderate'].includes(changes.validationLevel)) throw new CommandError(2, 'BadValue', `Enumeration value '${changes.validationLevel}' for field 'validationLevel' is not a valid value.`);
  if (changes.validationAction !== undefined && !['error', 'warn'].includes(changes.validationAction)) throw new CommandError(2, 'BadValue', `Enumeration value '${changes.validationAction}' for field 'validationAction' is not a valid value.`);
  ctx.storage.modifyCollection(db, name, changes);
  await ctx.storage.commit();
  return { ok: 1 };
}

async function drop(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const name = collName(cmd, 'drop');
  const coll = ctx.storage.collection(db, name);
  // MongoDB 7.0 and later: dropping a collection that does not exist succeeds.
  if (!coll) return { ok: 1 };
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

function collStats(cmd: Document, ctx: CommandContext, db: string): Document {
  const coll = ctx.storage.collection(db, String(cmd.collStats));
  const size = coll?.docs.bytes ?? 0;
  const count = coll?.size ?? 0;
  return { ns: `${db}.${cmd.collStats}`, count, size, avgObjSize: count ? Math.round(size / count) : 0, nindexes: coll?.indexes.size ?? 0, ok: 1 };
}

function dbStats(_cmd: Document, ctx: CommandContext, db: string): Document {
  const colls = [...(ctx.storage.dbs.get(db)?.values() ?? [])];
  return { db, collections: colls.length, objects: colls.reduce((n, c) => n + c.size, 0), dataSize: colls.reduce((n, c) => n + c.docs.bytes, 0), ok: 1 };
}

export const ddlHandlers: Record<string, Handler> = {
  listDatabases, listCollections, listIndexes, createIndexes, dropIndexes, deleteIndexes: dropIndexes,
  create, drop, dropDatabase, collStats, dbStats, collMod,
};
