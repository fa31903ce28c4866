import { Aggregator } from 'mingo';
import type { Document } from 'bson';
import type { Storage } from '../storage/storage';
import type { Collection } from '../storage/collection';
import { DuplicateKeyError } from '../indexes/index';
import { CommandError, badValue } from './errors';
import { cloneDoc, withId } from './updates';
import { valueAt } from '../bson/values';

// The writing stages of an aggregation, run after the pipeline before them: $out replaces a collection's
// documents with the results (keeping its indexes), $merge folds the results into one by `on` fields.

export type OutputStage = { $out: unknown } | { $merge: unknown };

export function outputStageOf(pipeline: Document[]): OutputStage | null {
  pipeline.forEach((stage, i) => {
    if (i < pipeline.length - 1 && stage && (stage.$out !== undefined || stage.$merge !== undefined)) {
      throw new CommandError(40601, 'Location40601', `${stage.$out !== undefined ? '$out' : '$merge'} can only be the final stage in the pipeline`);
    }
  });
  const last = pipeline.at(-1);
  return last && (last.$out !== undefined || last.$merge !== undefined) ? (last as OutputStage) : null;
}

function target(spec: unknown, db: string, stage: string): { db: string; coll: string } {
  if (typeof spec === 'string') return { db, coll: spec };
  if (spec && typeof spec === 'object' && typeof (spec as Document).coll === 'string') return { db: (spec as Document).db ?? db, coll: (spec as Document).coll };
  throw badValue(`${stage} requires a collection name or {db, coll}`);
}

/** $out: the target holds exactly the results afterwards; its indexes stay (a unique one may refuse them). */
function out(storage: Storage, results: Document[], spec: unknown, db: string): void {
  const to = target(spec, db, '$out');
  const coll = storage.ensureCollection(to.db, to.coll);
  for (const rid of [...coll.docs.rids()]) storage.remove(coll, rid);
  for (const doc of results) storage.insert(coll, withId(doc));
}

function findBy(coll: Collection, on: string[], doc: Document): number | undefined {
  const filter = Object.fromEntries(on.map((f) => [f, valueAt(doc, f) ?? null]));
  return coll.find(filter, { limit: 1 })[0]?.rid;
}

function merge(storage: Storage, results: Document[], spec: unknown, db: string, variables: Document | undefined): void {
  const options: Document = typeof spec === 'string' ? { into: spec } : ((spec ?? {}) as Document);
  const to = target(options.into, db, '$merge');
  const on: string[] = options.on === undefined ? ['_id'] : Array.isArray(options.on) ? options.on : [options.on];
  const whenMatched = options.whenMatched ?? 'merge';
  const whenNotMatched = options.whenNotMatched ?? 'insert';
  const coll = storage.ensureCollection(to.db, to.coll);
  for (const raw of results) {
    const doc = on.includes('_id') ? raw : withId(raw);
    const rid = findBy(coll, on, doc);
    if (rid === undefined) {
      if (whenNotMatched === 'discard') continue;
      if (whenNotMatched === 'fail') throw new CommandError(13113, 'MergeStageNoMatchingDocument', '$merge could not find a matching document in the target collection for at least one document in the source collection');
      storage.insert(coll, withId(doc));
      continue;
    }
    const existing = coll.getDoc(rid);
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail') {
      const index = [...coll.indexes.values()].find((i) => JSON.stringify(Object.keys(i.spec.key)) === JSON.stringify(on)) ?? coll.idIndex;
      throw new DuplicateKeyError(index, Object.fromEntries(on.map((f) => [f, valueAt(doc, f)])), coll.ns);
    }
    let next: Document;
    if (whenMatched === 'replace') next = { ...doc, _id: existing._id };
    else if (whenMatched === 'merge') next = { ...existing, ...doc, _id: existing._id };
    else if (Array.isArray(whenMatched)) {
      const vars = { ...(variables ?? {}), ...(options.let ?? {}), new: doc };
      [next] = new Aggregator(whenMatched, { variables: vars }).run([cloneDoc(existing)]) as Document[];
      next = { ...next, _id: existing._id };
    } else throw badValue(`unknown whenMatched mode: ${JSON.stringify(whenMatched)}`);
    storage.replace(coll, rid, next, existing);
  }
}

/** Writes an aggregation's results as its final stage asks. */
export function writeOutput(storage: Storage, stage: OutputStage, results: Document[], db: string, variables?: Document): void {
  if ('$out' in stage) out(storage, results, stage.$out, db);
  else merge(storage, results, stage.$merge, db, variables);
}
