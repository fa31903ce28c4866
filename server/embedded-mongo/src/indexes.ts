import { Query } from 'mingo';
import type { Document } from 'bson';
import { compareValues, valuesAtPath } from './values';

// An ordered secondary index: a sorted array of (key tuple, document id). Binary search gives equality
// prefixes, ranges and index-ordered scans; inserting is a splice (a memmove of pointers), cheap at 10^5.

export interface IndexSpec {
  v?: number;
  name: string;
  key: Record<string, number | string>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  [option: string]: unknown;
}

interface Entry {
  k: unknown[];
  id: string;
}

export interface Bounds {
  /** Equality values for the first fields of the index. */
  eq: unknown[];
  /** An optional range on the field after the equality prefix. */
  range?: { lo?: unknown; loIncl?: boolean; hi?: unknown; hiIncl?: boolean };
}

export class DuplicateKeyError extends Error {
  constructor(
    readonly index: SortedIndex,
    readonly keyValue: Document,
    ns: string,
  ) {
    const shown = Object.entries(keyValue)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(', ');
    super(`E11000 duplicate key error collection: ${ns} index: ${index.spec.name} dup key: { ${shown} }`);
  }
}

export class SortedIndex {
  readonly fields: string[];
  readonly dirs: number[];
  private entries: Entry[] = [];
  private readonly partial?: Query;
  multikey = false;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.dirs = this.fields.map((f) => (spec.key[f] === -1 ? -1 : 1));
    if (spec.partialFilterExpression) this.partial = new Query(spec.partialFilterExpression, {});
  }

  get size(): number {
    return this.entries.length;
  }

  /** Whether the index holds this document at all (sparse and partial indexes skip some). */
  covers(doc: Document): boolean {
    if (this.partial && !this.partial.test(doc)) return false;
    if (this.spec.sparse) return this.fields.some((f) => valuesAtPath(doc, f).some((v) => v !== null));
    return true;
  }

  keysOf(doc: Document): unknown[][] {
    let tuples: unknown[][] = [[]];
    for (const field of this.fields) {
      const values = valuesAtPath(doc, field);
      if (values.length > 1) this.multikey = true;
      tuples = tuples.flatMap((t) => dedupe(values).map((v) => [...t, v]));
    }
    return tuples;
  }

  private compare(a: Entry, b: Entry): number {
    for (let i = 0; i < this.dirs.length; i++) {
      const c = compareValues(a.k[i], b.k[i]) * this.dirs[i];
      if (c) return c;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  }

  /** First position whose entry is not `before(entry)` (predicate must be monotonic in index order). */
  private search(before: (e: Entry) => boolean, from = 0, to = this.entries.length): number {
    let lo = from;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.entries[mid])) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(doc: Document, id: string): void {
    if (!this.covers(doc)) return;
    for (const k of this.keysOf(doc)) {
      const entry = { k, id };
      this.entries.splice(this.search((e) => this.compare(e, entry) < 0), 0, entry);
    }
  }

  remove(doc: Document, id: string): void {
    if (!this.covers(doc)) return;
    for (const k of this.keysOf(doc)) {
      const entry = { k, id };
      const at = this.search((e) => this.compare(e, entry) < 0);
      if (this.entries[at]?.id === id) this.entries.splice(at, 1);
    }
  }

  /** The key of `doc` that another document already holds in this unique index, if any. */
  conflict(doc: Document, id: string): unknown[] | null {
    if (!this.spec.unique || !this.covers(doc)) return null;
    for (const k of this.keysOf(doc)) {
      const [start, end] = this.equalRange(k);
      for (let i = start; i < end; i++) if (this.entries[i].id !== id) return k;
    }
    return null;
  }

  private prefixCompare(e: Entry, values: unknown[]): number {
    for (let i = 0; i < values.length; i++) {
      const c = compareValues(e.k[i], values[i]) * this.dirs[i];
      if (c) return c;
    }
    return 0;
  }

  private equalRange(values: unknown[]): [number, number] {
    const start = this.search((e) => this.prefixCompare(e, values) < 0);
    const end = this.search((e) => this.prefixCompare(e, values) <= 0, start);
    return [start, end];
  }

  /** The [start, end) positions of the entries within the bounds. */
  private rangeOf(bounds: Bounds): [number, number] {
    let [start, end] = this.equalRange(bounds.eq);
    const r = bounds.range;
    if (r) {
      const dir = this.dirs[bounds.eq.length];
      const pos = bounds.eq.length;
      const tooLow = (v: unknown) =>
        r.lo !== undefined && (compareValues(v, r.lo) < 0 || (!r.loIncl && compareValues(v, r.lo) === 0));
      const tooHigh = (v: unknown) =>
        r.hi !== undefined && (compareValues(v, r.hi) > 0 || (!r.hiIncl && compareValues(v, r.hi) === 0));
      const beforeStart = (e: Entry) => (dir === 1 ? tooLow(e.k[pos]) : tooHigh(e.k[pos]));
      const notAfterEnd = (e: Entry) => !(dir === 1 ? tooHigh(e.k[pos]) : tooLow(e.k[pos]));
      start = this.search(beforeStart, start, end);
      end = this.search(notAfterEnd, start, end);
    }
    return [start, end];
  }

  /** How many entries the bounds cover: two binary searches, used by the planner to pick the narrowest. */
  estimate(bounds: Bounds): number {
    const [start, end] = this.rangeOf(bounds);
    return end - start;
  }

  /** Document ids within the bounds, in index order (reversed when asked). */
  *scan(bounds: Bounds, reverse = false): Generator<string> {
    const [start, end] = this.rangeOf(bounds);
    if (reverse) for (let i = end - 1; i >= start; i--) yield this.entries[i].id;
    else for (let i = start; i < end; i++) yield this.entries[i].id;
  }

  /** The key values of one entry as a {field: value} document (for duplicate-key errors). */
  keyValue(k: unknown[]): Document {
    return Object.fromEntries(this.fields.map((f, i) => [f, k[i]]));
  }

  clear(): void {
    this.entries = [];
  }
}

function dedupe(values: unknown[]): unknown[] {
  if (values.length < 2) return values;
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => compareValues(o, v) === 0)) out.push(v);
  return out;
}
