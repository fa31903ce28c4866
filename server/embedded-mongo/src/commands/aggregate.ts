import { Aggregator } from 'mingo';
import type { Document } from 'bson';
import type { Collection } from '../storage/collection';
import { CommandError, fromMingoError } from './errors';
import { toRaw } from './cursors';
import { viewOf, visibleViews, type CommandContext, type Handler, type Reply } from './context';
import { checkHint, readOptions } from './writes';
import { outputStageOf, writeOutput } from './merge';
import { jsonSchemaValidator } from '../bson/json-schema';
import type { MatchOptions } from '../storage/collection';

// aggregate: the stages come from mingo; a leading $match/$sort/$skip/$limit runs on the collection's indexes
// first, and countDocuments' pipeline ($match … $group {_id: 1, n: {$sum: 1}}) is answered by a count.

interface Prefix {
  filter: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
  rest: Document[];
}

function splitPrefix(pipeline: Document[]): Prefix {
  let i = 0;
  const out: Prefix = { filter: {}, rest: [] };
  if (pipeline[i]?.$match) out.filter = pipeline[i++].$match;
  if (pipeline[i]?.$sort) out.sort = pipeline[i++].$sort;
  if (pipeline[i]?.$skip !== undefined) out.skip = Number(pipeline[i++].$skip);
  if (pipeline[i]?.$limit !== undefined) out.limit = Number(pipeline[i++].$limit);
  out.rest = pipeline.slice(i);
  return out;
}

/** countDocuments: [$match, ($skip), ($limit), {$group: {_id: <constant>, n: {$sum: 1}}}]. */
function countOnly(coll: Collection, p: Prefix, opts: MatchOptions): Document[] | null {
  const group = p.rest[0]?.$group;
  if (p.rest.length !== 1 || p.sort || !group || Object.keys(group).length !== 2) return null;
  const [field] = Object.keys(group).filter((k) => k !== '_id');
  if (group[field]?.$sum !== 1 || typeof group._id === 'string' || (group._id && typeof group._id === 'object')) return null;
  const total = Math.max(0, coll.count(p.filter, opts) - (p.skip ?? 0));
  const n = p.limit ? Math.min(total, p.limit) : total;
  return n ? [{ _id: group._id, [field]: n }] : [];
}

/** A view's documents: its pipeline over its source (itself maybe a view); null when `coll` is no view. */
export function viewDocuments(ctx: CommandContext, db: string, coll: Collection | undefined, depth = 0): Document[] | null {
  if (!coll || coll.options.viewOn === undefined) return null;
  if (depth > 20) throw new CommandError(40373, 'ViewDepthLimitExceeded', 'View depth too deep or view cycle detected');
  const source = ctx.storage.collection(db, String(coll.options.viewOn));
  const input = viewDocuments(ctx, db, source, depth + 1) ?? (source ? visibleViews(ctx, source) : []);
  const pipeline = (coll.options.pipeline ?? []) as Document[];
  return pipeline.length ? (new Aggregator(pipeline, { collectionResolver: resolverFor(ctx, db) }).run(input) as Document[]) : input;
}

const resolverFor = (ctx: CommandContext, db: string) => (name: string) => {
  const other = ctx.storage.collection(db, name);
  return viewDocuments(ctx, db, other) ?? (other ? visibleViews(ctx, other) : []);
};

/** Runs a pipeline over a view's documents (its own pipeline first). */
export function runOnView(ctx: CommandContext, db: string, docs: Document[], pipeline: Document[], cmd: Document): Document[] {
  if (!pipeline.length) return docs;
  return new Aggregator(pipeline, { collectionResolver: resolverFor(ctx, db), variables: cmd.let, jsonSchemaValidator }).run(docs) as Document[];
}

function runPipeline(ctx: CommandContext, db: string, coll: Collection | undefined, pipeline: Document[], cmd: Document): Document[] {
  // A collection-less aggregate ({aggregate: 1}) starting with $listLocalSessions: the sessions this server knows.
  if (pipeline[0]?.$listLocalSessions !== undefined) return runOnView(ctx, db, ctx.sessions.listLocal(), pipeline.slice(1), cmd);
  const viewed = viewDocuments(ctx, db, coll);
  if (viewed) return runOnView(ctx, db, viewed, pipeline, cmd);
  const p = splitPrefix(pipeline);
  const opts = readOptions(ctx, coll, cmd);
  let input: Document[] = [];
  if (coll) {
    const counted = countOnly(coll, p, opts);
    if (counted) return counted;
    input = coll.find(p.filter, { ...p, ...opts }).map((m) => viewOf(coll, m));
  }
  if (!p.rest.length) return input;
  // $lookup and friends read other collections (and views) of the same database.
  const collectionResolver = resolverFor(ctx, db);
  const collation = opts.collation ? { locale: opts.collation.locale, strength: opts.collation.strength as 1 | 2 | 3, caseLevel: opts.collation.caseLevel, numericOrdering: opts.collation.numericOrdering } : undefined;
  return new Aggregator(p.rest, { collectionResolver, variables: cmd.let, collation, jsonSchemaValidator }).run(input) as Document[];
}

async function aggregate(cmd: Document, ctx: CommandContext, db: string): Promise<Reply> {
  if (!Array.isArray(cmd.pipeline)) throw new CommandError(14, 'TypeMismatch', "'pipeline' option must be specified as an array");
  const name = cmd.aggregate;
  const coll = typeof name === 'string' ? ctx.storage.collection(db, name) : undefined;
  const output = outputStageOf(cmd.pipeline);
  let docs: Document[];
  try {
    checkHint(coll, cmd.hint);
    docs = runPipeline(ctx, db, coll, output ? cmd.pipeline.slice(0, -1) : cmd.pipeline, cmd);
  } catch (err) {
    throw fromMingoError(err);
  }
  if (output) {
    writeOutput(ctx.storage, output, docs, db, cmd.let);
    await ctx.storage.commit();
    docs = [];
  }
  const ns = `${db}.${typeof name === 'string' ? name : '$cmd.aggregate'}`;
  return ctx.cursors.first(ns, toRaw(docs), cmd.cursor?.batchSize);
}

export const aggregateHandlers: Record<string, Handler> = { aggregate };
