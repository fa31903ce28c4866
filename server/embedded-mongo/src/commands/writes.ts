import { BSON, type Document } from 'bson';
import { Query } from 'mingo';
import type { Collection, Match, MatchOptions } from '../storage/collection';
import { DuplicateKeyError } from '../indexes/index';
import { CommandError, badValue, fromMingoError } from './errors';
import { applyUpdate, upsertSeed, withId } from './updates';
import { collName, docOf, type CommandContext, type Handler } from './context';

// insert, update, delete and findAndModify. Every write is applied in memory, appended to the journal, and
// answered only after the journal's group commit (no-op when ephemeral).

export const dupError = (err: DuplicateKeyError) => ({
  code: 11000,
  errmsg: err.message,
  keyPattern: err.index.spec.key,
  keyValue: err.keyValue,
});

/** A write error entry of a batch reply, or rethrow when it is no per-document error. */
function writeError(err: unknown, index: number): Document {
  if (err instanceof DuplicateKeyError) return { index, ...dupError(err) };
  if (err instanceof CommandError) return { index, code: err.code, codeName: err.codeName, errmsg: err.message, ...err.extra };
  throw err;
}

function insertOne(ctx: CommandContext, coll: Collection, raw: Document): void {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw badValue('document to insert must be an object');
  ctx.storage.insert(coll, withId(raw));
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
      writeErrors.push(writeError(err, i));
      if (ordered) break;
    }
  }
  await ctx.storage.commit();
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
}

/** The `let` variables and collation a statement's filter is read with (a statement's collation wins). */
export function matchOptions(coll: Collection | undefined, cmd: Document, statement: Document = cmd): MatchOptions {
  return { variables: cmd.let, collation: coll?.collationFor(statement.collation ?? cmd.collation) ?? null };
}

/**
 * A read's options: as matchOptions, and other open transactions' changes hidden. (Writes see every document:
 * one changed by another transaction is a write conflict, storage.ts.)
 */
export function readOptions(ctx: CommandContext, coll: Collection | undefined, cmd: Document, statement: Document = cmd): MatchOptions {
  return { ...matchOptions(coll, cmd, statement), hidden: ctx.storage.hiddenFrom(coll) };
}

/**
 * The documents a write statement changes, found as a reader would find them: one that another open transaction
 * has changed matches as it was, and is a write conflict (as in MongoDB, which matches against its snapshot).
 */
function targets(ctx: CommandContext, coll: Collection | undefined, q: Document, multi: boolean, sort: Document | undefined, cmd: Document, statement: Document = cmd): Match[] {
  const matches = matching(coll, q, multi, sort, readOptions(ctx, coll, cmd, statement));
  for (const m of matches) if (m.doc) ctx.storage.willWrite(coll!, m.doc);
  return matches;
}

export function matching(coll: Collection | undefined, q: Document, multi: boolean, sort?: Document, opts: MatchOptions = {}): Match[] {
  if (!coll) return [];
  try {
    return coll.find(q, { limit: multi ? undefined : 1, sort, ...opts });
  } catch (err) {
    throw fromMingoError(err);
  }
}

interface UpdateOutcome {
  n: number;
  nModified: number;
  upserted?: unknown;
  after?: Document;
  before?: Document;
}

function applySafe(doc: Document, u: Document, q: Document, arrayFilters: Document[] | undefined, inserting: boolean, variables?: Document): Document {
  try {
    return applyUpdate(doc, u, q, arrayFilters, inserting, variables);
  } catch (err) {
    throw fromMingoError(err);
  }
}

function upsert(ctx: CommandContext, db: string, name: string, spec: Document, variables?: Document): UpdateOutcome {
  const target = ctx.storage.ensureCollection(db, name);
  const created = withId(applySafe(upsertSeed(spec.q ?? {}), spec.u, spec.q ?? {}, spec.arrayFilters, true, variables));
  ctx.storage.insert(target, created);
  return { n: 1, nModified: 0, upserted: created._id, after: created };
}

/** One update statement: matched documents changed in place, or an upsert. */
function updateOne(ctx: CommandContext, db: string, name: string, spec: Document, cmd: Document, sort?: Document): UpdateOutcome {
  const { q = {}, u, multi, arrayFilters } = spec;
  if (!u || typeof u !== 'object') throw badValue('update spec must have a u field');
  const coll = ctx.storage.collection(db, name);
  const matches = targets(ctx, coll, q, !!multi, sort, cmd, spec);
  if (!matches.length) return spec.upsert ? upsert(ctx, db, name, spec, cmd.let) : { n: 0, nModified: 0 };
  let nModified = 0;
  let outcome: UpdateOutcome = { n: matches.length, nModified: 0 };
  for (const m of matches) {
    const before = docOf(coll!, m);
    ctx.storage.willWrite(coll!, before); // even an update that changes nothing conflicts with a transaction's write
    const after = applySafe(before, u, q, arrayFilters, false, cmd.let);
    const bson = BSON.serialize(after);
    outcome = { ...outcome, before, after };
    // An update that changes nothing is no modification (and no journal record), as in MongoDB.
    if (Buffer.compare(bson, coll!.docs.get(m.rid)) === 0) continue;
    ctx.storage.replace(coll!, m.rid, after, before, bson);
    nModified++;
  }
  return { ...outcome, nModified };
}

const UPDATE_FIELDS = new Set(['q', 'u', 'upsert', 'multi', 'arrayFilters', 'collation', 'hint', 'c']);
const DELETE_FIELDS = new Set(['q', 'limit', 'collation', 'hint']);

/** MongoDB 7.0 refuses a statement with a field it does not know (a typo must not silently widen a write). */
/** Checked before any statement runs: like MongoDB's command parser, a bad statement fails the whole command. */
function checkStatements(specs: Document[], known: Set<string>, kind: 'update' | 'delete'): void {
  for (const spec of specs) {
    if (!spec || typeof spec !== 'object') throw badValue(`${kind} statement must be an object`);
    for (const field of Object.keys(spec)) {
      if (!known.has(field)) throw new CommandError(40415, 'Location40415', `BSON field '${kind}.${kind}s.${field}' is an unknown field.`);
    }
  }
}

/** A hint must name an index that exists (by name or by key pattern), or MongoDB answers BadValue. */
export function checkHint(coll: Collection | undefined, hint: unknown): void {
  if (!coll || hint === undefined || hint === null) return;
  if (typeof hint === 'string') {
    if (coll.indexes.has(hint)) return;
  } else if (typeof hint === 'object') {
    const wanted = JSON.stringify(hint);
    if (Object.keys(hint).length === 0 || [...coll.indexes.values()].some((i) => JSON.stringify(i.spec.key) === wanted)) return;
    if ((hint as Document).$natural !== undefined) return;
  }
  throw badValue('hint provided does not correspond to an existing index');
}

async function update(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const name = collName(cmd, 'update');
  const ordered = cmd.ordered !== false;
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors: Document[] = [];
  const specs: Document[] = cmd.updates ?? [];
  checkStatements(specs, UPDATE_FIELDS, 'update');
  for (let i = 0; i < specs.length; i++) {
    try {
      checkHint(ctx.storage.collection(db, name), specs[i].hint);
      const outcome = updateOne(ctx, db, name, specs[i], cmd);
      n += outcome.n;
      nModified += outcome.nModified;
      if (outcome.upserted !== undefined) upserted.push({ index: i, _id: outcome.upserted });
    } catch (err) {
      writeErrors.push(writeError(err, i));
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
  const ordered = cmd.ordered !== false;
  const writeErrors: Document[] = [];
  let n = 0;
  const specs: Document[] = cmd.deletes ?? [];
  checkStatements(specs, DELETE_FIELDS, 'delete');
  for (let i = 0; i < specs.length; i++) {
    try {
      const spec = specs[i];
      checkHint(coll, spec.hint);
      for (const m of targets(ctx, coll, spec.q ?? {}, Number(spec.limit) !== 1, undefined, cmd, spec)) {
        ctx.storage.remove(coll!, m.rid);
        n++;
      }
    } catch (err) {
      writeErrors.push(writeError(err, i));
      if (ordered) break;
    }
  }
  await ctx.storage.commit();
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
}

export function project(docs: Document[], projection?: Document): Document[] {
  if (!projection || !Object.keys(projection).length) return docs;
  const plain = plainProjection(projection);
  if (plain) return docs.map(plain);
  try {
    return (new Query({}, {}).find(docs, projection).all() as Document[]).map(idFirst);
  } catch (err) {
    throw fromMingoError(err);
  }
}

/** MongoDB returns `_id` first, as it is stored; mingo appends it after a dotted inclusion (`{'a.b': 1}`). */
function idFirst(doc: Document): Document {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

/**
 * The projections nearly every caller sends — top-level fields, each 1 or 0 — applied directly; mingo (a Query
 * built per call) answers the rest. Null when the projection is anything else. As in MongoDB, an inclusion
 * keeps `_id` unless told not to, and fields keep the document's order.
 */
function plainProjection(projection: Document): ((doc: Document) => Document) | null {
  const entries = Object.entries(projection);
  if (!entries.every(([field, v]) => !field.includes('.') && !field.startsWith('$') && (v === 0 || v === 1 || v === true || v === false))) return null;
  const wanted = (v: unknown) => v === 1 || v === true;
  const others = entries.filter(([field]) => field !== '_id');
  const inclusion = others.length ? others.some(([, v]) => wanted(v)) : wanted(projection._id);
  if (inclusion && !others.every(([, v]) => wanted(v))) return null; // a mix: MongoDB refuses it, mingo says so
  if (inclusion) {
    const keep = new Set(others.map(([field]) => field));
    if (projection._id === undefined || wanted(projection._id)) keep.add('_id');
    return (doc) => {
      const out: Document = {};
      for (const field of Object.keys(doc)) if (keep.has(field)) out[field] = doc[field];
      return out;
    };
  }
  const drop = new Set(entries.filter(([, v]) => !wanted(v)).map(([field]) => field));
  return (doc) => {
    const out: Document = {};
    for (const field of Object.keys(doc)) if (!drop.has(field)) out[field] = doc[field];
    return out;
  };
}

async function findAndModify(cmd: Document, ctx: CommandContext, db: string): Promise<Document> {
  const name = collName(cmd, 'findAndModify' in cmd ? 'findAndModify' : 'findandmodify');
  const q = cmd.query ?? {};
  checkHint(ctx.storage.collection(db, name), cmd.hint);
  const shown = (doc?: Document) => (doc ? project([doc], cmd.fields)[0] : null);
  if (cmd.remove) {
    const coll = ctx.storage.collection(db, name);
    const [m] = targets(ctx, coll, q, false, cmd.sort, cmd);
    const removed = m ? ctx.storage.remove(coll!, m.rid) : undefined;
    await ctx.storage.commit();
    return { lastErrorObject: { n: removed ? 1 : 0 }, value: shown(removed), ok: 1 };
  }
  if (!cmd.update || typeof cmd.update !== 'object') throw new CommandError(9, 'FailedToParse', 'Either an update or remove=true must be specified');
  const outcome = updateOne(ctx, db, name, { q, u: cmd.update, upsert: cmd.upsert, arrayFilters: cmd.arrayFilters, collation: cmd.collation }, cmd, cmd.sort);
  await ctx.storage.commit();
  const lastErrorObject: Document = { n: outcome.n, updatedExisting: outcome.n > 0 && outcome.upserted === undefined };
  if (outcome.upserted !== undefined) lastErrorObject.upserted = outcome.upserted;
  return { lastErrorObject, value: shown(cmd.new ? outcome.after : outcome.before), ok: 1 };
}

export const writeHandlers: Record<string, Handler> = {
  insert,
  update,
  delete: del,
  findAndModify,
  findandmodify: findAndModify,
};
