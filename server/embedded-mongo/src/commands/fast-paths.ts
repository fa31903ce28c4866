import { Binary, Decimal128, Long, ObjectId, type Document } from 'bson';
import { compareValues, isPlainObject } from '../bson/values';

// Fast paths for the shapes of filter and update the portal sends all day ({thread, seq: {$gt}}, {$inc: {count: 1},
// $set: {at}}), skipping mingo: building a mingo Query or update copies its whole operator table each time, and an
// update went through a BSON round trip to clone the document. Anything outside these shapes — arrays on a path,
// other operators, wrapped numbers — answers "not mine" and mingo decides, so semantics never depend on the path.


/** A value the fast matcher compares exactly as MongoDB does (no arrays, documents, regexes or wrapped numbers). */
const isScalar = (v: unknown) =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v)) || v instanceof ObjectId || v instanceof Date;

/** MongoDB compares ordered operators only within one type class (numbers with numbers, strings with strings …). */
function sameClass(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return typeof a === 'number' && typeof b === 'number';
  if (typeof a === 'string' || typeof b === 'string') return typeof a === 'string' && typeof b === 'string';
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date;
  if (a instanceof ObjectId || b instanceof ObjectId) return a instanceof ObjectId && b instanceof ObjectId;
  return typeof a === typeof b;
}

type Condition = (v: unknown) => boolean;

const equals = (a: unknown, b: unknown) => (a === null ? b === null || b === undefined : b !== undefined && sameClass(a, b) && compareValues(a, b) === 0);

function compileOperator(op: string, arg: unknown): Condition | null {
  switch (op) {
    case '$eq':
      return isScalar(arg) ? (v) => equals(arg, v) : null;
    case '$ne':
      return isScalar(arg) ? (v) => !equals(arg, v) : null;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (!isScalar(arg) || arg === null) return null;
      const test = op === '$gt' ? (c: number) => c > 0 : op === '$gte' ? (c: number) => c >= 0 : op === '$lt' ? (c: number) => c < 0 : (c: number) => c <= 0;
      return (v) => v !== undefined && v !== null && sameClass(v, arg) && test(compareValues(v, arg));
    }
    case '$in':
      return Array.isArray(arg) && arg.every(isScalar) ? (v) => arg.some((a) => equals(a, v)) : null;
    case '$nin':
      return Array.isArray(arg) && arg.every(isScalar) ? (v) => !arg.some((a) => equals(a, v)) : null;
    case '$exists':
      return typeof arg === 'boolean' ? (v) => (v !== undefined) === arg : null;
    // The partial indexes' `{field: {$type: 'string'}}`: wrapped numbers and arrays never reach here (readPath).
    case '$type':
      if (arg === 'string' || arg === 2) return (v) => typeof v === 'string';
      if (arg === 'number') return (v) => typeof v === 'number';
      return null;
    default:
      return null;
  }
}

/** Reads a dotted path through plain documents; `ARRAY` when an array (or anything but a document) is in the way. */
const ARRAY = Symbol('array');
function readPath(doc: Document, parts: string[]): unknown {
  let v: unknown = doc;
  for (const part of parts) {
    if (v === undefined || v === null) return undefined;
    if (!isPlainObject(v)) return ARRAY;
    v = v[part];
  }
  return Array.isArray(v) || v instanceof Binary || v instanceof Long || v instanceof Decimal128 ? ARRAY : v;
}

/**
 * A filter compiled to a test that answers true/false, or undefined when a document has an array (or a wrapped
 * number) on a tested path; null when the filter itself is outside the fast shapes.
 */
export function compileFilter(filter: Document): ((doc: Document) => boolean | undefined) | null {
  const tests: [string[], Condition[]][] = [];
  for (const [field, cond] of Object.entries(filter)) {
    if (field.startsWith('$')) return null;
    const conditions: Condition[] = [];
    if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith('$'))) {
      for (const [op, arg] of Object.entries(cond)) {
        const c = compileOperator(op, arg);
        if (!c) return null;
        conditions.push(c);
      }
    } else if (isScalar(cond)) conditions.push((v) => equals(cond, v));
    else return null;
    tests.push([field.split('.'), conditions]);
  }
  return (doc) => {
    for (const [parts, conditions] of tests) {
      const v = readPath(doc, parts);
      if (v === ARRAY) return undefined;
      for (const c of conditions) if (!c(v)) return false;
    }
    return true;
  };
}

const FAST_UPDATE_OPS = new Set(['$set', '$unset', '$inc', '$min', '$max', '$currentDate', '$push']);

/**
 * What a `$push` adds: one value, or `{$each, $slice}` (an integer slice). Null for `$sort` and `$position`,
 * left to mingo.
 */
function pushArgs(arg: unknown): { each: unknown[]; slice?: number } | null {
  if (!isPlainObject(arg) || !Object.keys(arg).some((k) => k.startsWith('$'))) return { each: [arg] };
  if (!Object.keys(arg).every((k) => k === '$each' || k === '$slice') || !Array.isArray(arg.$each)) return null;
  if (arg.$slice !== undefined && !(typeof arg.$slice === 'number' && Number.isInteger(arg.$slice))) return null;
  return { each: arg.$each, slice: arg.$slice as number | undefined };
}

/**
 * An operator update applied without mingo, or null when it is outside the fast shapes (positional or numeric
 * path parts, arrays or non-documents on a path, prefixes of one another, non-number arithmetic). The result
 * shares untouched sub-documents with `doc`, which is never changed. Fields are set in lexicographic path order,
 * as MongoDB 5.0 and later do.
 */
export function fastUpdate(doc: Document, modifier: Document): Document | null {
  const changes: [string, string, unknown][] = [];
  for (const [op, fields] of Object.entries(modifier)) {
    if (!FAST_UPDATE_OPS.has(op) || !isPlainObject(fields)) return null;
    for (const [path, arg] of Object.entries(fields)) {
      if (/(^|\.)(\$|\d+($|\.))/.test(path) || path.includes('$') || path === '' || path.startsWith('.') || path.endsWith('.')) return null;
      changes.push([path, op, arg]);
    }
  }
  changes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (let i = 1; i < changes.length; i++) {
    const [prev] = changes[i - 1];
    if (changes[i][0] === prev || changes[i][0].startsWith(prev + '.')) return null; // MongoDB: a conflict error
  }
  const out: Document = { ...doc };
  const now = new Date();
  for (const [path, op, arg] of changes) {
    const parts = path.split('.');
    let parent = out;
    for (const part of parts.slice(0, -1)) {
      const child = parent[part];
      if (child === undefined || child === null) {
        if (op === '$unset') break;
        parent = parent[part] = {};
      } else if (isPlainObject(child)) parent = parent[part] = { ...child };
      else return null;
    }
    const last = parts.at(-1)!;
    const current = parent[last];
    switch (op) {
      case '$set':
        parent[last] = arg;
        break;
      case '$unset':
        delete parent[last];
        break;
      case '$inc':
        if (typeof arg !== 'number' || (current !== undefined && typeof current !== 'number')) return null;
        parent[last] = (current ?? 0) + arg;
        break;
      case '$min':
      case '$max':
        if (!isScalar(arg) || (current !== undefined && !isScalar(current))) return null;
        if (current === undefined || (op === '$max' ? compareValues(arg, current) > 0 : compareValues(arg, current) < 0)) parent[last] = arg;
        break;
      case '$currentDate':
        if (arg !== true && !(isPlainObject(arg) && arg.$type === 'date')) return null;
        parent[last] = now;
        break;
      case '$push': {
        const push = pushArgs(arg);
        if (!push || (current !== undefined && !Array.isArray(current))) return null;
        const grown = [...((current as unknown[] | undefined) ?? []), ...push.each];
        parent[last] = push.slice === undefined ? grown : push.slice >= 0 ? grown.slice(0, push.slice) : grown.slice(Math.max(0, grown.length + push.slice));
        break;
      }
    }
  }
  return out;
}
