import { Query } from 'mingo';
import type { Document } from 'bson';
import { encodeField } from '../bson/keys';
import { valuesAtPath } from '../bson/values';
import { SortedList } from './sorted-list';
import { collateValue, parseCollation, type Collation } from '../bson/collation';
import { compileFilter } from '../commands/fast-paths';

// One index: its spec, the keys a document contributes, and the ordered (key, rid) entries.

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

export class DuplicateKeyError extends Error {
  constructor(
    readonly index: Index,
    readonly keyValue: Document,
    ns: string,
  ) {
    const shown = Object.entries(keyValue)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(', ');
    super(`E11000 duplicate key error collection: ${ns} index: ${index.spec.name} dup key: { ${shown} }`);
  }
}

export class Index {
  readonly fields: string[];
  readonly dirs: number[];
  readonly entries = new SortedList();
  private readonly partial?: Query;
  /** The partial filter without mingo, when it has a fast shape (undefined from it: mingo decides). */
  private readonly partialFast: ((doc: Document) => boolean | undefined) | null = null;
  /**
   * The top-level fields a document's keys depend on (indexed paths, partial filter), or null when the partial
   * filter is not a plain field list: an update that leaves them all as they were leaves the keys as they were.
   */
  private readonly dependsOn: string[] | null;
  /** Some document gave several keys (an array on an indexed path): index order is then no document order. */
  multikey = false;

  /** Text and geo indexes are accepted (so schemas declaring them load) but hold nothing and answer nothing. */
  readonly inert: boolean;
  /** The index's collation: its string keys are collation keys (so uniqueness follows the collation). */
  readonly collation: Collation | null;

  constructor(readonly spec: IndexSpec) {
    this.collation = parseCollation(spec.collation);
    this.inert = Object.values(spec.key).some((d) => typeof d === 'string' && d !== 'hashed');
    this.fields = Object.keys(spec.key);
    this.dirs = this.fields.map((f) => (spec.key[f] === -1 ? -1 : 1));
    if (spec.partialFilterExpression) {
      this.partial = new Query(spec.partialFilterExpression, {});
      this.partialFast = compileFilter(spec.partialFilterExpression);
    }
    const filterFields = Object.keys(spec.partialFilterExpression ?? {});
    this.dependsOn = filterFields.some((f) => f.startsWith('$'))
      ? null
      : [...new Set([...this.fields, ...filterFields].map((path) => path.split('.')[0]))];
  }

  /**
   * Whether `after` surely has the keys `before` has, without computing either: every field they depend on is
   * the same value (an update's copy shares what it left untouched with the stored document, so a document or
   * array left alone is the very same object). A thread's update re-derived the keys of its search terms on
   * every message.
   */
  sameKeys(before: Document, after: Document): boolean {
    return this.dependsOn !== null && this.dependsOn.every((field) => before[field] === after[field]);
  }

  /** Sparse and partial indexes hold only some documents, so they can neither answer nor order a query. */
  get complete(): boolean {
    return !this.partial && !this.spec.sparse && !this.inert;
  }

  covers(doc: Document): boolean {
    if (this.inert) return false;
    const fast = this.partialFast?.(doc);
    if (fast === false || (fast === undefined && this.partial && !this.partial.test(doc))) return false;
    if (this.spec.sparse) return this.fields.some((f) => valuesAtPath(doc, f).some((v) => v !== null));
    return true;
  }

  /** The key value tuples of a document (several when an indexed path holds an array). */
  tuplesOf(doc: Document): unknown[][] {
    let tuples: unknown[][] = [[]];
    for (const field of this.fields) {
      let values = valuesAtPath(doc, field);
      if (this.collation) values = values.map((v) => collateValue(v, this.collation!));
      tuples = values.length === 1 ? tuples.map((t) => [...t, values[0]]) : tuples.flatMap((t) => values.map((v) => [...t, v]));
    }
    return tuples;
  }

  encode(tuple: unknown[]): string {
    let key = '';
    for (let i = 0; i < tuple.length; i++) key += encodeField(tuple[i], this.dirs[i]);
    return flatten(key);
  }

  /** Distinct encoded keys of a document, or none when the index does not cover it. */
  keysOf(doc: Document): string[] {
    if (!this.covers(doc)) return [];
    const tuples = this.tuplesOf(doc);
    if (tuples.length === 1) return [this.encode(tuples[0])];
    this.multikey = true;
    return [...new Set(tuples.map((t) => this.encode(t)))];
  }

  insertKeys(keys: string[], rid: number): void {
    for (const k of keys) this.entries.insert(k, rid);
  }

  removeKeys(keys: string[], rid: number): void {
    for (const k of keys) this.entries.delete(k, rid);
  }

  /** The key tuple of `doc` that another document already holds, when this index is unique. */
  conflict(doc: Document, keys: string[], rid: number): Document | null {
    if (!this.spec.unique && this.spec.name !== '_id_') return null;
    for (const key of keys) {
      if (!this.entries.hasOther(key, rid)) continue;
      const tuple = this.tuplesOf(doc).find((t) => this.encode(t) === key) ?? [];
      return Object.fromEntries(this.fields.map((f, i) => [f, tuple[i] ?? null]));
    }
    return null;
  }
}

/**
 * Concatenation builds ropes (V8 cons strings) that keep every piece alive, several objects per key; an index
 * keeps its keys for long, so they are copied into one flat string (one-byte when every character fits).
 */
function flatten(s: string): string {
  if (s.length < 13) return s; // V8 builds short concatenations flat already
  const codes: number[] = new Array(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i);
  if (codes.length <= 4096) return String.fromCharCode.apply(null, codes);
  // Very long keys (rare): pieces of 4096 characters, a short rope is acceptable there.
  let out = '';
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode.apply(null, codes.slice(i, i + 4096));
  return out;
}
