import { Query } from 'mingo';
import { BSON, type Document } from 'bson';
import { DuplicateKeyError, Index, type IndexSpec } from '../indexes/index';
import { planQuery, sortPairs, type Plan, type SortPairs } from '../indexes/planner';
import { compareValues, sortValue } from '../bson/values';
import { BSON_READ, BSON_VIEW } from '../bson/options';
import { DocStore } from './doc-store';
import type { SpillFile } from './spill-file';
import { rewriteTypeQueries } from '../bson/types';
import { compileFilter } from '../commands/fast-paths';
import { jsonSchemaValidator } from '../bson/json-schema';
import { collateFilter, collateValue, effectiveCollation, sameCollation, stringComparator, type Collation } from '../bson/collation';

// One collection: raw BSON documents by rid, its indexes, and query execution (plan, scan, match, sort).

/** How a filter is read: the command's `let` variables and its collation (null: binary comparison). */
export interface MatchOptions {
  variables?: Document;
  collation?: Collation | null;
  /** Other open transactions' changes, for a reader who must not see them (Storage.hiddenFrom). */
  hidden?: Hidden;
}

/** What a reader must not see of open transactions: the documents they changed, and how those were before. */
export interface Hidden {
  rids: Set<number>;
  before: Document[];
}

export interface FindOptions extends MatchOptions {
  sort?: Document;
  skip?: number;
  limit?: number;
}

/** A matching document: its rid, and its view (Longs as numbers) when the matcher needed one. */
export interface Match {
  rid: number;
  view?: Document;
  /** A document as it was before an open transaction changed it: not in the store (rid -1), exact. */
  doc?: Document;
}

export class Collection {
  readonly docs: DocStore;
  readonly indexes = new Map<string, Index>();
  readonly idIndex: Index;

  /** The collection's default collation (create's `collation` option); commands may override it. */
  readonly collation: Collation | null;

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Document = {},
    spill?: SpillFile,
  ) {
    this.docs = new DocStore(spill);
    this.collation = effectiveCollation(options.collation, undefined);
    this.idIndex = new Index({ v: 2, key: { _id: 1 }, name: '_id_' });
    this.indexes.set('_id_', this.idIndex);
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get size(): number {
    return this.docs.count;
  }

  /** The stored document, every BSON type exact (for updates and replies). */
  getDoc(rid: number): Document {
    return BSON.deserialize(this.docs.get(rid), BSON_READ);
  }

  /** The document as mingo should see it (matching, sorting, aggregation input). */
  getView(rid: number): Document {
    return BSON.deserialize(this.docs.get(rid), BSON_VIEW);
  }

  ridOf(id: unknown): number | undefined {
    const key = this.idIndex.encode([id]);
    const p = this.idIndex.entries.lowerBound(key);
    return this.idIndex.entries.keyAt(p) === key ? this.idIndex.entries.ridAt(p) : undefined;
  }

  /** Builds an index over the existing documents; a unique one over duplicates throws and leaves nothing. */
  addIndex(spec: IndexSpec, checkUnique = true): Index {
    const index = new Index(spec);
    for (const rid of this.docs.rids()) {
      const doc = this.getDoc(rid);
      const keys = index.keysOf(doc);
      if (checkUnique) {
        const dup = index.conflict(doc, keys, rid);
        if (dup) throw new DuplicateKeyError(index, dup, this.ns);
      }
      index.insertKeys(keys, rid);
    }
    this.indexes.set(spec.name, index);
    return index;
  }

  private keysOf(doc: Document): Map<Index, string[]> {
    const out = new Map<Index, string[]>();
    for (const index of this.indexes.values()) out.set(index, index.keysOf(doc));
    return out;
  }

  private checkUnique(doc: Document, keys: Map<Index, string[]>, rid: number): void {
    for (const [index, k] of keys) {
      const dup = index.conflict(doc, k, rid);
      if (dup) throw new DuplicateKeyError(index, dup, this.ns);
    }
  }

  /** Inserts a document (with _id); throws DuplicateKeyError before changing anything. */
  insert(doc: Document, bson: Uint8Array = BSON.serialize(doc), checkUnique = true): number {
    const keys = this.keysOf(doc);
    if (checkUnique) this.checkUnique(doc, keys, -1);
    const rid = this.docs.add(bson);
    for (const [index, k] of keys) index.insertKeys(k, rid);
    return rid;
  }

  /**
   * Replaces the document at `rid` (`stored`: the document there now, when the caller has it); throws
   * DuplicateKeyError before changing anything. Only the indexes whose fields changed are touched.
   */
  replace(rid: number, doc: Document, bson: Uint8Array = BSON.serialize(doc), checkUnique = true, stored?: Document): void {
    const old = stored ?? this.getDoc(rid);
    const keys = new Map<Index, string[]>();
    for (const index of this.indexes.values()) if (!index.sameKeys(old, doc)) keys.set(index, index.keysOf(doc));
    if (checkUnique) this.checkUnique(doc, keys, rid);
    for (const [index, k] of keys) {
      const before = index.keysOf(old);
      if (before.length === 1 && k.length === 1 && before[0] === k[0]) continue;
      index.removeKeys(before, rid);
      index.insertKeys(k, rid);
    }
    this.docs.replace(rid, bson);
  }

  remove(rid: number): Document {
    const old = this.getDoc(rid);
    for (const index of this.indexes.values()) index.removeKeys(index.keysOf(old), rid);
    this.docs.delete(rid);
    return old;
  }

  /** Journal replay: insert or replace by _id, trusting the journal (no uniqueness check). */
  put(doc: Document, bson?: Uint8Array): void {
    const rid = this.ridOf(doc._id);
    if (rid === undefined) this.insert(doc, bson, false);
    else this.replace(rid, doc, bson, false);
  }

  /** The collation a command runs under on this collection: its own, else the collection's default. */
  collationFor(commandSpec: unknown): Collation | null {
    return commandSpec === undefined || commandSpec === null ? this.collation : effectiveCollation(commandSpec, undefined);
  }

  /**
   * An index answers a query only under its own collation: keys of a {strength: 2} index are lower-cased, and
   * binary keys cannot answer a case-insensitive query. (A collated query without such an index scans.)
   */
  plan(filter: Document, sort: SortPairs, collation: Collation | null = null): Plan | null {
    if (collation) return null;
    const usable = [...this.indexes.values()].filter((index) => sameCollation(index.collation, null));
    return planQuery(usable, filter, sort);
  }

  /** Matching documents in sort order, after skip, at most limit. */
  find(filter: Document = {}, opts: FindOptions = {}): Match[] {
    const sort = sortPairs(opts.sort);
    const skip = Math.max(0, opts.skip ?? 0);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const collation = opts.collation ?? null;
    const plan = this.plan(filter, sort, collation);
    const hidden = opts.hidden;
    const matches = hidden ? this.matchesHiding(filter, plan, hidden, opts) : this.matches(filter, plan, opts);
    if (!sort.length || (plan?.ordered && !hidden)) return take(matches, skip, limit);
    const all = [...matches].map((m) => ({ ...m, view: m.view ?? this.getView(m.rid) }));
    all.sort(comparator(sort, collation));
    return all.slice(skip, skip + limit);
  }

  count(filter: Document = {}, opts: MatchOptions = {}): number {
    if (opts.hidden) return this.find(filter, opts).length;
    if (!Object.keys(filter).length) return this.docs.count;
    const plan = this.plan(filter, [], opts.collation ?? null);
    if (plan?.exact) return plan.intervals.reduce((n, [s, e]) => n + plan.index.entries.count(s, e), 0);
    let n = 0;
    for (const _ of this.matches(filter, plan, opts)) n++;
    return n;
  }

  /** Candidates from the plan (or every document), tested by mingo unless the index alone decides. */
  private *matches(filter: Document, plan: Plan | null, opts: MatchOptions = {}): Generator<Match> {
    const rest = plan?.decided.length ? Object.fromEntries(Object.entries(filter).filter(([k]) => !plan.decided.includes(k))) : filter;
    if (plan?.exact || !Object.keys(rest).length) {
      for (const rid of this.candidates(plan)) yield { rid };
      return;
    }
    const test = this.matcher(rest, opts);
    for (const rid of this.candidates(plan)) {
      const view = this.getView(rid);
      if (test(view)) yield { rid, view };
    }
  }

  /** As `matches`, for a reader outside the transactions in `hidden`: their documents as they were before. */
  private *matchesHiding(filter: Document, plan: Plan | null, hidden: Hidden, opts: MatchOptions): Generator<Match> {
    for (const m of this.matches(filter, plan, opts)) if (!hidden.rids.has(m.rid)) yield m;
    const test = this.matcher(filter, opts);
    for (const doc of hidden.before) {
      const view = BSON.deserialize(BSON.serialize(doc), BSON_VIEW);
      if (test(view)) yield { rid: -1, view, doc };
    }
  }

  /**
   * A filter as a test of a document's view. The common shapes are tested directly; mingo (built once, lazily)
   * answers the rest and any document with an array on a tested path. Under a collation, the filter and each
   * document are compared by their collation keys.
   */
  private matcher(filter: Document, opts: MatchOptions): (view: Document) => boolean {
    const collation = opts.collation ?? null;
    const tested = rewriteTypeQueries(collation ? (collateFilter(filter, collation) as Document) : filter);
    const fast = collation ? null : compileFilter(tested);
    let query: Query | undefined;
    const mingo = () => (query ??= new Query(tested, { variables: opts.variables, jsonSchemaValidator }));
    return (view) => {
      const quick = fast?.(view);
      return quick === true || (quick === undefined && mingo().test(collation ? (collateValue(view, collation) as Document) : view));
    };
  }

  private *candidates(plan: Plan | null): Generator<number> {
    if (!plan) {
      yield* this.docs.rids();
      return;
    }
    const scans = [plan, ...(plan.union ?? [])];
    const seen = scans.length > 1 || plan.index.multikey || plan.intervals.length > 1 ? new Set<number>() : null;
    for (const scan of scans) {
      for (const [start, end] of scan.intervals) {
        for (const rid of scan.index.entries.range(start, end, scan.reverse)) {
          if (seen) {
            if (seen.has(rid)) continue;
            seen.add(rid);
          }
          yield rid;
        }
      }
    }
  }
}

function take(matches: Iterable<Match>, skip: number, limit: number): Match[] {
  const out: Match[] = [];
  if (limit <= 0) return out;
  let skipped = 0;
  for (const m of matches) {
    if (skipped < skip) {
      skipped++;
      continue;
    }
    out.push(m);
    if (out.length >= limit) break;
  }
  return out;
}

export function comparator(sort: SortPairs, collation: Collation | null = null): (a: { view?: Document }, b: { view?: Document }) => number {
  const strings = collation ? stringComparator(collation) : undefined;
  return (a, b) => {
    for (const [field, dir] of sort) {
      const c = compareValues(sortValue(a.view, field, dir), sortValue(b.view, field, dir), strings) * dir;
      if (c) return c;
    }
    return 0;
  };
}
