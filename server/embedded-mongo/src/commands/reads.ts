import { BSON, type Document, type Long } from 'bson';
import { compareValues, distinctValues } from '../bson/values';
import { cursorNotFound, fromMingoError } from './errors';
import { checkHint, matching, project, readOptions } from './writes';
import { runOnView, viewDocuments } from './aggregate';
import { collationKey, type Collation } from '../bson/collation';
import { stringComparator } from '../bson/collation';
import { collName, docOf, type CommandContext, type Handler, type Reply } from './context';

// find, getMore, killCursors, count, distinct. Results without a projection go out as the stored raw BSON.

function find(cmd: Document, ctx: CommandContext, db: string): Reply {
  const name = collName(cmd, 'find');
  const coll = ctx.storage.collection(db, name);
  const limit = cmd.limit ? Math.abs(Number(cmd.limit)) : undefined;
  let docs: Uint8Array[] = [];
  const viewed = viewDocuments(ctx, db, coll);
  if (viewed) {
    const pipeline: Document[] = [{ $match: cmd.filter ?? {} }];
    if (cmd.sort && Object.keys(cmd.sort).length) pipeline.push({ $sort: cmd.sort });
    if (cmd.skip) pipeline.push({ $skip: Number(cmd.skip) });
    if (limit) pipeline.push({ $limit: limit });
    if (cmd.projection && Object.keys(cmd.projection).length) pipeline.push({ $project: cmd.projection });
    docs = runOnView(ctx, db, viewed, pipeline, cmd).map((d) => BSON.serialize(d));
  } else if (coll) {
    checkHint(coll, cmd.hint);
    try {
      const matches = coll.find(cmd.filter ?? {}, { sort: cmd.sort, skip: Number(cmd.skip ?? 0), limit, ...readOptions(ctx, coll, cmd) });
      const projection = cmd.projection && Object.keys(cmd.projection).length ? cmd.projection : undefined;
      docs = projection
        ? project(matches.map((m) => docOf(coll, m)), projection).map((d) => BSON.serialize(d))
        : matches.map((m) => (m.doc ? BSON.serialize(m.doc) : coll.docs.get(m.rid)));
    } catch (err) {
      throw fromMingoError(err);
    }
  }
  const singleBatch = cmd.singleBatch === true || Number(cmd.limit) < 0;
  return ctx.cursors.first(`${db}.${name}`, docs, cmd.batchSize === undefined ? undefined : Number(cmd.batchSize), singleBatch);
}

function getMore(cmd: Document, ctx: CommandContext): Reply {
  const reply = ctx.cursors.next(cmd.getMore as Long, cmd.batchSize === undefined ? undefined : Number(cmd.batchSize));
  if (!reply) throw cursorNotFound(String(cmd.getMore));
  return reply;
}

function killCursors(cmd: Document, ctx: CommandContext): Document {
  const { killed, notFound } = ctx.cursors.kill(cmd.cursors ?? []);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

function count(cmd: Document, ctx: CommandContext, db: string): Document {
  const coll = ctx.storage.collection(db, collName(cmd, 'count'));
  if (!coll) return { n: 0, ok: 1 };
  const viewed = viewDocuments(ctx, db, coll);
  if (viewed) {
    const n = runOnView(ctx, db, viewed, [{ $match: cmd.query ?? {} }], cmd).length - Number(cmd.skip ?? 0);
    return { n: Math.max(0, cmd.limit ? Math.min(n, Math.abs(Number(cmd.limit))) : n), ok: 1 };
  }
  const skip = Number(cmd.skip ?? 0);
  const limit = Math.abs(Number(cmd.limit ?? 0));
  checkHint(coll, cmd.hint);
  let n: number;
  try {
    n = Math.max(0, coll.count(cmd.query ?? {}, readOptions(ctx, coll, cmd)) - skip);
  } catch (err) {
    throw fromMingoError(err);
  }
  return { n: limit ? Math.min(n, limit) : n, ok: 1 };
}

function distinct(cmd: Document, ctx: CommandContext, db: string): Document {
  const coll = ctx.storage.collection(db, collName(cmd, 'distinct'));
  const values: unknown[] = [];
  const opts = readOptions(ctx, coll, cmd);
  const viewed = viewDocuments(ctx, db, coll);
  const docs = viewed ? runOnView(ctx, db, viewed, [{ $match: cmd.query ?? {} }], cmd) : matching(coll, cmd.query ?? {}, true, undefined, opts).map((m) => docOf(coll!, m));
  for (const doc of docs) for (const v of distinctValues(doc, String(cmd.key))) values.push(v);
  return { values: distinctOf(values, opts.collation ?? null), ok: 1 };
}

/** Sorted distinct values; under a collation, values equal by it count once (the first one seen is kept). */
function distinctOf(values: unknown[], collation: Collation | null): unknown[] {
  if (collation) {
    const seen = new Map<string, unknown>();
    for (const v of values) {
      const key = typeof v === 'string' ? `s${collationKey(v, collation)}` : null;
      if (key === null) seen.set(`v${seen.size}`, v);
      else if (!seen.has(key)) seen.set(key, v);
    }
    values = [...seen.values()];
  }
  const strings = collation ? stringComparator(collation) : undefined;
  values.sort((a, b) => compareValues(a, b, strings));
  return values.filter((v, i) => i === 0 || (collation && typeof v === 'string') || compareValues(values[i - 1], v) !== 0);
}

export const readHandlers: Record<string, Handler> = { find, getMore, killCursors, count, distinct };
