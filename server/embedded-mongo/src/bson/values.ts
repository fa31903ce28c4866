import { Binary, Decimal128, Long, ObjectId, Timestamp, type Document } from 'bson';

// Comparison of BSON values in MongoDB's sort order, and key extraction for indexes.

/** MongoDB's cross-type order: null < numbers < strings < objects < arrays < binData < ObjectId < bool < Date. */
function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1;
  if (typeof v === 'number' || v instanceof Long || v instanceof Decimal128 || typeof v === 'bigint') return 2;
  if (typeof v === 'string') return 3;
  if (v instanceof ObjectId) return 7;
  if (typeof v === 'boolean') return 8;
  if (v instanceof Date) return 9;
  if (v instanceof Timestamp) return 10;
  if (v instanceof Binary || Buffer.isBuffer(v)) return 6;
  if (v instanceof RegExp) return 11;
  if (Array.isArray(v)) return 5;
  return 4;
}

const toNumber = (v: unknown): number =>
  typeof v === 'number' ? v : v instanceof Long ? v.toNumber() : v instanceof Decimal128 ? Number(v.toString()) : Number(v);

/** MongoDB's order of two values; `strings` orders strings under a collation (binary order without one). */
export function compareValues(a: unknown, b: unknown, strings?: (a: string, b: string) => number): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 1:
      return 0;
    case 2: {
      const d = toNumber(a) - toNumber(b);
      return d < 0 ? -1 : d > 0 ? 1 : 0;
    }
    case 3:
      if (strings) return Math.sign(strings(a as string, b as string));
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    case 7:
      return Buffer.compare((a as ObjectId).id, (b as ObjectId).id);
    case 8:
      return Number(a) - Number(b);
    case 9:
      return (a as Date).getTime() - (b as Date).getTime();
    case 5:
      return compareArrays(a as unknown[], b as unknown[]);
    case 6:
      return Buffer.compare(Buffer.from((a as Binary).buffer ?? a), Buffer.from((b as Binary).buffer ?? b));
    case 4:
      return compareObjects(a as Document, b as Document);
    default:
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }
}

function compareArrays(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i], b[i]);
    if (c) return c;
  }
  return a.length - b.length;
}

function compareObjects(a: Document, b: Document): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const c = compareValues(a[ka[i]], b[kb[i]]) || (ka[i] < kb[i] ? -1 : ka[i] > kb[i] ? 1 : 0);
    if (c) return c;
  }
  return ka.length - kb.length;
}

export function compareTuples(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c) return c;
  }
  return 0;
}

/** A plain document (not an array, not a BSON value such as ObjectId or Date). */
export const isPlainObject = (v: unknown): v is Document =>
  !!v && typeof v === 'object' && ((v as object).constructor === Object || Object.getPrototypeOf(v) === null);

/** The one value at a dotted path through documents (no fan-out over arrays), or undefined. */
export const valueAt = (doc: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, part) => (v && typeof v === 'object' ? (v as Document)[part] : undefined), doc);

/** Values at a dotted path; arrays along the way fan out (multikey), as MongoDB indexes do. */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const parts = path.split('.');
  let current: unknown[] = [doc];
  for (const part of parts) {
    const next: unknown[] = [];
    for (const value of current) {
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof item === 'object') next.push((item as Document)[part]);
        if (/^\d+$/.test(part)) next.push(value[Number(part)]);
      } else if (value && typeof value === 'object' && !(value instanceof ObjectId) && !(value instanceof Date)) {
        next.push((value as Document)[part]);
      } else {
        next.push(undefined);
      }
    }
    current = next;
  }
  const out: unknown[] = [];
  for (const v of current) {
    if (Array.isArray(v)) out.push(...(v.length ? v : [undefined]));
    else out.push(v === undefined ? null : v);
  }
  return out.length ? out : [null];
}

/** The single value used to sort by a path (first value; arrays sort by their smallest element ascending). */
export function sortValue(doc: unknown, path: string, direction: number): unknown {
  const values = valuesAtPath(doc, path);
  if (values.length === 1) return values[0];
  return values.reduce((best, v) => (compareValues(v, best) * direction < 0 ? v : best));
}

/** A stable string key for a document's _id (map key of the primary store). */
export function idKey(id: unknown): string {
  if (id instanceof ObjectId) return `o${id.toHexString()}`;
  if (typeof id === 'string') return `s${id}`;
  if (typeof id === 'number') return `n${id}`;
  if (id instanceof Date) return `d${id.getTime()}`;
  return `j${JSON.stringify(id)}`;
}

export function isOperatorDoc(doc: Document): boolean {
  const keys = Object.keys(doc);
  return keys.length > 0 && keys[0].startsWith('$');
}

/** The values `distinct` reports for a path: arrays along the path and at its end are unwound; missing is nothing. */
export function distinctValues(doc: unknown, path: string): unknown[] {
  let current: unknown[] = [doc];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (item && typeof item === 'object' && !Array.isArray(item) && part in (item as Document)) next.push((item as Document)[part]);
      }
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}
