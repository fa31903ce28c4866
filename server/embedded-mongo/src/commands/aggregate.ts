import { Aggregator } from 'mingo';
import type { Document } from 'bson';
import type { Collection } from '../storage/collection';
import { CommandError, fromMingoError } from './errors';
import { toRaw } from './cursors';
import { viewOf, type CommandContext, type Handler, type Reply } from './context';
import { checkHint, matchOptions } from './writes';
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

function runPipeline(ctx: CommandContext, db: string, coll: Collection | undefined, pipeline: Document[], cmd: Document): Document[] {
  const p = splitPrefix(pipeline);
  const opts = matchOptions(coll, cmd);
  let input: Document[] = [];
  if (coll) {
    const counted = countOnly(coll, p, opts);
    if (counted) return counted;
    input = coll.find(p.filter, { ...p, ...opts }).map((m) => viewOf(coll, m));
  }
  if (!p.rest.length) return input;
  // $lookup and friends read other collections of the same database.
  const collectionResolver = (name: string) => {
    const other = ctx.storage.collection(db, name);
    return other ? other.find({}).map((m) => viewOf(other, m)) : [];
  };
  const collation = opts.collation ? { locale: opts.collation.locale, strength: opts.collation.strength as 1 | 2 | 3, caseLevel: opts.collation.caseLevel, numericOrdering: opts.collation.numericOrdering } : undefined;
  return new Aggregator(p.rest, { collectionResolver, variables: cmd.let, collation }).run(input) as Document[];
}

function aggregate(cmd: Document, ctx: CommandContext, db: string): Reply {
  if (!Array.isArray(cmd.pipeline)) throw new CommandError(14, 'TypeMismatch', "'pipeline' option must be specified as an array");
  const name = cmd.aggregate;
  const coll = typeof name === 'string' ? ctx.storage.collection(db, name) : undefined;
  if (cmd.pipeline.some((s: Document) => s && (s.$out || s.$merge))) throw new CommandError(20, 'IllegalOperation', '$out and $merge are not supported by the embedded server');
  let docs: Document[];
  try {
    checkHint(coll, cmd.hint);
    docs = runPipeline(ctx, db, coll, cmd.pipeline, cmd);
  } catch (err) {
    throw fromMingoError(err);
  }
  const ns = `${db}.${typeof name === 'string' ? name : '$cmd.aggregate'}`;
  return ctx.cursors.first(ns, toRaw(docs), cmd.cursor?.batchSize);
}

export const aggregateHandlers: Record<string, Handler> = { aggregate };
