import { Decimal128, Long, ObjectId, type Document } from 'bson';
import { KEY_END, encodeField, rankOf } from '../bson/keys';
import type { Index } from './index';

// The query planner: what a filter says about each field, turned into key intervals on the index that
// covers the fewest entries (counted exactly from the index, which is cheap), preferring one that also
// yields the requested sort order.

export type SortPairs = [string, number][];

interface Range {
  lo?: unknown;
  loIncl?: boolean;
  hi?: unknown;
  hiIncl?: boolean;
}

interface FieldCondition {
  eq?: unknown;
  in?: unknown[];
  range?: Range;
}

/** Key intervals [start, end) scanned in order. */
export type Interval = [string, string];

export interface Plan {
  index: Index;
  intervals: Interval[];
  /** The scan yields documents already in the requested sort order. */
  ordered: boolean;
  reverse: boolean;
  /** The intervals alone decide the match (plain equalities on the index fields, one entry per document). */
  exact: boolean;
  /**
   * Top-level fields whose whole condition the intervals decide (an equality or an $in of exact values on a
   * non-multikey index): the matcher need not test them again — an $in of 500 ids tested per candidate was the
   * cost of every batched lookup.
   */
  decided: string[];
  /**
   * A `$or` answered by one index scan per branch: these plans' candidates too (each document once). The whole
   * filter is then tested on every candidate, and the result is never in index order.
   */
  union?: Plan[];
}

const RANGE_OPS = ['$gt', '$gte', '$lt', '$lte'];

function isOperatorObject(v: unknown): v is Document {
  if (!v || typeof v !== 'object' || (v as object).constructor !== Object) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys[0].startsWith('$');
}

const isPlainValue = (v: unknown) => v === undefined ? false : v === null || typeof v !== 'object' || (!Array.isArray(v) && !(v instanceof RegExp) && !isOperatorObject(v));

/** Values whose index encoding is exactly MongoDB equality (no precision or null/missing subtleties). */
const isExactValue = (v: unknown) =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || v instanceof ObjectId || v instanceof Date;

function describeCondition(cond: unknown): FieldCondition | null {
  if (!isOperatorObject(cond)) return isPlainValue(cond) ? { eq: cond } : null;
  let ops = cond;
  // {$elemMatch: {$gte, $lt}} on an array of scalars: one element within the range, an index range.
  if (Object.keys(ops).length === 1 && isOperatorObject(ops.$elemMatch)) ops = ops.$elemMatch;
  const keys = Object.keys(ops);
  // Only a lone $eq / $in is taken as such: {$eq: 1, $ne: 2} must still reach the matcher.
  if (keys.length === 1 && '$eq' in ops && isPlainValue(ops.$eq)) return { eq: ops.$eq };
  if (keys.length === 1 && Array.isArray(ops.$in) && ops.$in.length <= 500 && ops.$in.every(isPlainValue)) return { in: ops.$in };
  if (!keys.some((k) => RANGE_OPS.includes(k)) || !keys.every((k) => RANGE_OPS.includes(k))) return null;
  const range: Range = { lo: ops.$gte ?? ops.$gt, loIncl: '$gte' in ops, hi: ops.$lte ?? ops.$lt, hiIncl: '$lte' in ops };
  if (range.lo instanceof Long || range.lo instanceof Decimal128 || range.hi instanceof Long || range.hi instanceof Decimal128) {
    // Doubles cannot tell big Longs apart: widen to inclusive bounds, the matcher decides the rest.
    range.loIncl = range.hiIncl = true;
  }
  return { range };
}

/** Conditions per top-level field (several when $and repeats a field). */
function analyse(filter: Document, out = new Map<string, FieldCondition[]>()): Map<string, FieldCondition[]> {
  for (const [field, cond] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const clause of cond) analyse(clause, out);
      continue;
    }
    if (field.startsWith('$')) continue;
    const c = describeCondition(cond);
    if (c) out.set(field, [...(out.get(field) ?? []), c]);
  }
  return out;
}

/** Every way of picking one condition per field, at most 16. */
function choices(all: Map<string, FieldCondition[]>): Map<string, FieldCondition>[] {
  let out: Map<string, FieldCondition>[] = [new Map()];
  for (const [field, alternatives] of all) out = out.flatMap((m) => alternatives.map((c) => new Map(m).set(field, c))).slice(0, 16);
  return out;
}

/** The interval of keys with prefix `p` whose next field (direction `dir`) lies in `r`. */
function rangeInterval(p: string, r: Range, dir: number): Interval {
  const enc = (v: unknown) => p + encodeField(v, dir);
  const bracket = (v: unknown, next: boolean) => {
    const rank = rankOf(v).charCodeAt(0);
    const code = dir > 0 ? rank + (next ? 1 : 0) : 0xfffe - rank + (next ? 1 : 0);
    return p + String.fromCharCode(code);
  };
  // In index order, the low end of an ascending field is `lo`; of a descending one, `hi`.
  const [first, firstIncl, last, lastIncl] = dir > 0 ? [r.lo, r.loIncl, r.hi, r.hiIncl] : [r.hi, r.hiIncl, r.lo, r.loIncl];
  const start = first !== undefined ? (firstIncl ? enc(first) : enc(first) + KEY_END) : last !== undefined ? bracket(last, false) : p;
  const end = last !== undefined ? (lastIncl ? enc(last) + KEY_END : enc(last)) : first !== undefined ? bracket(first, true) : p + KEY_END;
  return [start, end];
}

function sortMatches(index: Index, from: number, sort: SortPairs): { ok: boolean; reverse: boolean } {
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

function planFor(index: Index, conds: Map<string, FieldCondition>, sort: SortPairs, filterKeys: string[]): { plan: Plan; score: number } | null {
  let prefixes: string[] = [''];
  let usedIn = false;
  let exactValues = true;
  let pos = 0;
  for (; pos < index.fields.length; pos++) {
    const c = conds.get(index.fields[pos]);
    const dir = index.dirs[pos];
    if (c && 'eq' in c) {
      exactValues &&= isExactValue(c.eq);
      prefixes = prefixes.map((p) => p + encodeField(c.eq, dir));
    } else if (c?.in && !usedIn && prefixes.length * c.in.length <= 1000) {
      usedIn = true;
      exactValues &&= c.in.every(isExactValue);
      const keys = [...new Set(c.in.map((v) => encodeField(v, dir)))].sort();
      prefixes = prefixes.flatMap((p) => keys.map((k) => p + k));
    } else break;
  }
  const range = pos < index.fields.length ? conds.get(index.fields[pos])?.range : undefined;
  const sortable = !usedIn && !index.multikey ? sortMatches(index, pos, sort) : { ok: false, reverse: false };
  const score = pos * 4 + (range ? 2 : 0) + (sortable.ok && sort.length ? 1 : 0);
  if (score === 0) return null;
  const intervals = prefixes.map((p): Interval => (range ? rangeInterval(p, range, index.dirs[pos]) : [p, p + KEY_END]));
  const fields = index.fields.slice(0, pos);
  const decided = exactValues && !index.multikey ? fields.filter((f) => filterKeys.includes(f)) : [];
  const exact = decided.length > 0 && !range && filterKeys.length === fields.length && filterKeys.every((k) => decided.includes(k));
  return { plan: { index, intervals, ordered: sortable.ok && sort.length > 0, reverse: sortable.reverse, exact, decided }, score };
}

interface Estimated { plan: Plan; score: number; estimate: number }

/** The index plan over the fewest entries for the filter's own fields (its `$or` aside), or null. */
function bestSingle(indexes: Index[], filter: Document, sort: SortPairs): Estimated | null {
  const alternatives = choices(analyse(filter));
  const filterKeys = Object.keys(filter);
  let best: Estimated | null = null;
  for (const index of indexes) {
    if (!index.complete) continue;
    for (const conds of alternatives) {
      const candidate = planFor(index, conds, sort, filterKeys);
      if (!candidate) continue;
      const estimate = candidate.plan.intervals.reduce((n, [s, e]) => n + index.entries.count(s, e), 0);
      // A plan that gives the sort order avoids sorting everything: worth a wider scan when a limit follows.
      if (!best || estimate < best.estimate || (estimate === best.estimate && candidate.score > best.score)) best = { ...candidate, estimate };
    }
  }
  return best;
}

/**
 * A top-level `$or` whose every branch (with the fields beside the `$or`, e.g. the tenant) has an index plan:
 * one scan per branch. Without it `{sroId, $or: [{memberId}, {_id}]}` read every user of the SRO.
 */
function unionOfBranches(indexes: Index[], filter: Document): Estimated | null {
  const branches = filter.$or;
  if (!Array.isArray(branches) || !branches.length || branches.length > 16) return null;
  const outer = Object.fromEntries(Object.entries(filter).filter(([key]) => key !== '$or'));
  const plans: Plan[] = [];
  let estimate = 0;
  for (const branch of branches) {
    if (!branch || typeof branch !== 'object') return null;
    const best = bestSingle(indexes, { $and: [outer, branch] }, []);
    if (!best) return null;
    plans.push({ ...best.plan, exact: false, decided: [], ordered: false, reverse: false });
    estimate += best.estimate;
  }
  const [first, ...rest] = plans;
  return { plan: { ...first, union: rest }, score: 0, estimate };
}

/** The best index plan for a filter and sort, or null for a full scan. */
export function planQuery(indexes: Iterable<Index>, filter: Document, sort: SortPairs): Plan | null {
  const usable = [...indexes];
  // An exact _id finds at most one document: no other index can do better, so none is weighed.
  const byId = isExactValue(filter._id) ? usable.find((index) => index.spec.name === '_id_' && index.complete) : undefined;
  const idPlan = byId && planFor(byId, new Map([['_id', { eq: filter._id }]]), sort, Object.keys(filter));
  if (idPlan) return idPlan.plan;
  const single = bestSingle(usable, filter, sort);
  const union = unionOfBranches(usable, filter);
  if (union && (!single || union.estimate < single.estimate)) return union.plan;
  return single?.plan ?? null;
}

export function sortPairs(sort?: Document): SortPairs {
  return Object.entries(sort ?? {})
    .filter(([, d]) => typeof d === 'number' || d instanceof Long)
    .map(([f, d]) => [f, Number(d) < 0 ? -1 : 1]);
}
