import { Query } from 'mingo';
import type { Document } from 'bson';
import { DuplicateKeyError, SortedIndex, type Bounds, type IndexSpec } from './indexes';
import { compareValues, idKey, sortValue } from './values';

// One collection: documents by _id, its indexes, and the query planner that picks an index for a filter.

export type SortSpec = Record<string, number | Document>;

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
}

interface FieldCondition {
  eq?: unknown;
  in?: unknown[];
  range?: Bounds['range'];
}

const RANGE_OPS = ['$gt', '$gte', '$lt', '$lte'];

/** What a filter says about each top-level field, as far as an index can use it (several per field via $and). */
function analyseFilter(filter: Document, out = new Map<string, FieldCondition[]>()): Map<string, FieldCondition[]> {
  for (const [field, cond] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const clause of cond) analyseFilter(clause, out);
      continue;
    }
    if (field.startsWith('$')) continue;
    const c = describeCondition(cond);
    if (c) out.set(field, [...(out.get(field) ?? []), c]);
  }
  return out;
}

/** Every way of picking one condition per field (a field matched by several $and clauses), at most 16. */
function conditionChoices(all: Map<string, FieldCondition[]>): Map<string, FieldCondition>[] {
  let choices: Map<string, FieldCondition>[] = [new Map()];
  for (const [field, alternatives] of all) {
    choices = choices.flatMap((choice) => alternatives.map((c) => new Map(choice).set(field, c))).slice(0, 16);
  }
  return choices;
}

const isPlainValue = (v: unknown) =>
  v === null || typeof v !== 'object' || (!Array.isArray(v) && !(v instanceof RegExp) && !isOperatorObject(v));

function isOperatorObject(v: unknown): boolean {
  if (!v || typeof v !== 'object' || v.constructor !== Object) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys[0].startsWith('$');
}

function describeCondition(cond: unknown): FieldCondition | null {
  if (cond instanceof RegExp || Array.isArray(cond)) return null;
  if (!isOperatorObject(cond)) return isPlainValue(cond) && cond !== null ? { eq: cond } : null;
  let ops = cond as Document;
  // {$elemMatch: {$gte, $lt}} on an array of scalars: one element within the range — an index range.
  if (Object.keys(ops).length === 1 && ops.$elemMatch && typeof ops.$elemMatch === 'object' && isOperatorObject(ops.$elemMatch)) ops = ops.$elemMatch;
  if ('$eq' in ops && isPlainValue(ops.$eq) && ops.$eq !== null) return { eq: ops.$eq };
  if (Array.isArray(ops.$in) && ops.$in.length <= 200 && ops.$in.every((v) => isPlainValue(v) && v !== null)) {
    return { in: ops.$in };
  }
  const keys = Object.keys(ops);
  if (keys.some((k) => RANGE_OPS.includes(k)) && keys.every((k) => RANGE_OPS.includes(k))) {
    return {
      range: {
        lo: ops.$gte ?? ops.$gt,
        loIncl: '$gte' in ops,
        hi: ops.$lte ?? ops.$lt,
        hiIncl: '$lte' in ops,
      },
    };
  }
  return null;
}

interface Plan {
  index: SortedIndex;
  bounds: Bounds[];
  /** The scan yields documents already in the requested sort order. */
  ordered: boolean;
  /** The bounds alone decide the match: every filter field is an equality on the index, one entry per doc. */
  exact: boolean;
  reverse: boolean;
}

function sortEntries(sort?: SortSpec): [string, number][] {
  return Object.entries(sort ?? {})
    .filter(([, d]) => typeof d === 'number')
    .map(([f, d]) => [f, (d as number) < 0 ? -1 : 1]);
}

export class Collection {
  readonly docs = new Map<string, Document>();
  readonly indexes = new Map<string, SortedIndex>();

  constructor(
    readonly db: string,
    readonly name: string,
  ) {
    this.addIndex({ v: 2, key: { _id: 1 }, name: '_id_' });
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  addIndex(spec: IndexSpec, checkUnique = true): SortedIndex {
    const index = new SortedIndex(spec);
    for (const [id, doc] of this.docs) {
      if (checkUnique) {
        const dup = index.conflict(doc, id);
        if (dup) throw new DuplicateKeyError(index, index.keyValue(dup), this.ns);
      }
      index.insert(doc, id);
    }
    this.indexes.set(spec.name, index);
    return index;
  }

  /** Throws DuplicateKeyError when `doc` (stored under `id`) would break a unique index. */
  checkUnique(doc: Document, id: string): void {
    for (const index of this.indexes.values()) {
      if (index.spec.name === '_id_') continue;
      const dup = index.conflict(doc, id);
      if (dup) throw new DuplicateKeyError(index, index.keyValue(dup), this.ns);
    }
  }

  /** Stores a new or changed document (uniqueness already checked by the caller unless replaying). */
  put(doc: Document): void {
    const id = idKey(doc._id);
    const old = this.docs.get(id);
    for (const index of this.indexes.values()) {
      if (old) index.remove(old, id);
      index.insert(doc, id);
    }
    this.docs.set(id, doc);
  }

  remove(id: string): Document | undefined {
    const old = this.docs.get(id);
    if (!old) return undefined;
    for (const index of this.indexes.values()) index.remove(old, id);
    this.docs.delete(id);
    return old;
  }

  find(filter: Document = {}, opts: FindOptions = {}): Document[] {
    const query = new Query(filter, {});
    const sort = sortEntries(opts.sort);
    const skip = opts.skip ?? 0;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const plan = this.plan(filter, sort);
    if (plan?.ordered) return this.scanOrdered(plan, query, skip, limit);
    const matches: Document[] = [];
    for (const doc of this.candidates(plan)) if (query.test(doc)) matches.push(doc);
    if (sort.length) matches.sort(comparator(sort));
    return matches.slice(skip, skip + limit);
  }

  count(filter: Document = {}): number {
    if (!Object.keys(filter).length) return this.docs.size;
    const plan = this.plan(filter, []);
    // When the index answers the whole filter (plain equalities on its fields), count its entries.
    if (plan?.exact) {
      let n = 0;
      for (const bounds of plan.bounds) for (const _ of plan.index.scan(bounds)) n++;
      return n;
    }
    const query = new Query(filter, {});
    let n = 0;
    for (const doc of this.candidates(plan)) if (query.test(doc)) n++;
    return n;
  }

  private scanOrdered(plan: Plan, query: Query, skip: number, limit: number): Document[] {
    const out: Document[] = [];
    let skipped = 0;
    for (const doc of this.candidates(plan)) {
      if (!query.test(doc)) continue;
      if (skipped++ < skip) continue;
      out.push(doc);
      if (out.length >= limit) break;
    }
    return out;
  }

  private *candidates(plan: Plan | null): Generator<Document> {
    if (!plan) {
      yield* this.docs.values();
      return;
    }
    const seen = plan.index.multikey || plan.bounds.length > 1 ? new Set<string>() : null;
    for (const bounds of plan.bounds) {
      for (const id of plan.index.scan(bounds, plan.reverse)) {
        if (seen) {
          if (seen.has(id)) continue;
          seen.add(id);
        }
        const doc = this.docs.get(id);
        if (doc) yield doc;
      }
    }
  }

  /** Picks the index with the longest equality prefix (then a range, then one that gives the sort order). */
  /**
   * Picks the plan whose bounds cover the fewest index entries (counted by binary search, so the estimate is
   * exact and cheap); among equal ones, the longest equality prefix, then a range, then the sort order.
   */
  private plan(filter: Document, sort: [string, number][]): Plan | null {
    const choices = conditionChoices(analyseFilter(filter));
    const filterKeys = Object.keys(filter);
    let best: { plan: Plan; score: number; estimate: number } | null = null;
    for (const index of this.indexes.values()) {
      if (index.spec.partialFilterExpression || index.spec.sparse) continue;
      for (const conditions of choices) {
        const candidate = planFor(index, conditions, sort, filterKeys);
        if (!candidate) continue;
        const estimate = candidate.plan.bounds.reduce((n, b) => n + index.estimate(b), 0);
        if (!best || estimate < best.estimate || (estimate === best.estimate && candidate.score > best.score)) best = { ...candidate, estimate };
      }
    }
    return best?.plan ?? null;
  }
}

function planFor(index: SortedIndex, conditions: Map<string, FieldCondition>, sort: [string, number][], filterKeys: string[]) {
  let tuples: unknown[][] = [[]];
  let usedIn = false;
  let pos = 0;
  for (; pos < index.fields.length; pos++) {
    const c = conditions.get(index.fields[pos]);
    if (c?.eq !== undefined) tuples = tuples.map((t) => [...t, c.eq]);
    else if (c?.in && !usedIn) {
      usedIn = true;
      tuples = tuples.flatMap((t) => c.in!.map((v) => [...t, v]));
    } else break;
  }
  const rangeCond = pos < index.fields.length ? conditions.get(index.fields[pos])?.range : undefined;
  const sortable = !usedIn && !index.multikey ? sortMatches(index, pos, sort) : { ok: false, reverse: false };
  const score = pos * 4 + (rangeCond ? 2 : 0) + (sortable.ok && sort.length ? 1 : 0);
  if (score === 0) return null;
  const bounds = tuples.map((eq) => ({ eq, range: rangeCond }));
  const exact = !index.multikey && !usedIn && !rangeCond && conditionsAreSimple(filterKeys, conditions, index.fields.slice(0, pos));
  return { plan: { index, bounds, ordered: sortable.ok && sort.length > 0, reverse: sortable.reverse, exact }, score };
}

/** True when the filter is nothing but plain equalities on exactly these index fields (no $or, no operators). */
function conditionsAreSimple(filterKeys: string[], conditions: Map<string, FieldCondition>, fields: string[]): boolean {
  return filterKeys.length === fields.length && filterKeys.every((k) => fields.includes(k)) && fields.every((f) => conditions.get(f)?.eq !== undefined);
}

function sortMatches(index: SortedIndex, from: number, sort: [string, number][]): { ok: boolean; reverse: boolean } {
  if (!sort.length) return { ok: true, reverse: false };
  if (from + sort.length > index.fields.length) return { ok: false, reverse: false };
  let reverse: boolean | undefined;
  for (let i = 0; i < sort.length; i++) {
    const [field, dir] = sort[i];
    if (index.fields[from + i] !== field) return { ok: false, reverse: false };
    const flipped = dir !== index.dirs[from + i];
    if (reverse === undefined) reverse = flipped;
    else if (reverse !== flipped) return { ok: false, reverse: false };
  }
  return { ok: true, reverse: !!reverse };
}

export function comparator(sort: [string, number][]): (a: Document, b: Document) => number {
  return (a, b) => {
    for (const [field, dir] of sort) {
      const c = compareValues(sortValue(a, field, dir), sortValue(b, field, dir)) * dir;
      if (c) return c;
    }
    return 0;
  };
}
