import { isPlainObject } from './values';
import { Binary, Code, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, BSONRegExp, BSONSymbol, type Document } from 'bson';

// $type in filters by MongoDB's names, aliases and numbers (mingo knows only some: no "objectId", "binData",
// "timestamp", "minKey" …). A {$type} condition is rewritten into a $where predicate over the document's values.
// Numbers are read from the matcher's view, where int32 and doubles are both JS numbers: an integral value counts
// as "int" (or "long" beyond 32 bits), a fractional one as "double"; "number" matches any of them.

const INT32 = 2 ** 31;

const CHECKS: Record<string, (v: unknown) => boolean> = {
  double: (v) => typeof v === 'number' && !Number.isInteger(v),
  string: (v) => typeof v === 'string',
  object: isPlainObject,
  array: Array.isArray,
  binData: (v) => v instanceof Binary,
  undefined: (v) => v === undefined,
  objectId: (v) => v instanceof ObjectId,
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  regex: (v) => v instanceof RegExp || v instanceof BSONRegExp,
  javascript: (v) => v instanceof Code,
  symbol: (v) => v instanceof BSONSymbol,
  int: (v) => typeof v === 'number' && Number.isInteger(v) && v >= -INT32 && v < INT32,
  timestamp: (v) => v instanceof Timestamp,
  long: (v) => v instanceof Long || (typeof v === 'number' && Number.isInteger(v) && (v < -INT32 || v >= INT32)),
  decimal: (v) => v instanceof Decimal128,
  minKey: (v) => v instanceof MinKey,
  maxKey: (v) => v instanceof MaxKey,
};
CHECKS.number = (v) => typeof v === 'number' || v instanceof Long || v instanceof Decimal128;

const BY_NUMBER: Record<number, string> = {
  1: 'double', 2: 'string', 3: 'object', 4: 'array', 5: 'binData', 6: 'undefined', 7: 'objectId', 8: 'bool', 9: 'date',
  10: 'null', 11: 'regex', 13: 'javascript', 14: 'symbol', 16: 'int', 17: 'timestamp', 18: 'long', 19: 'decimal',
  [-1]: 'minKey', 127: 'maxKey',
};

/** A value's BSON type by MongoDB's name ("int", "objectId", "bool" …), as its error messages say it. */
export function bsonTypeName(value: unknown): string {
  if (value instanceof Int32) return 'int';
  if (value instanceof Double) return 'double';
  return Object.keys(CHECKS).find((name) => name !== 'number' && CHECKS[name](value)) ?? 'object';
}

function checkFor(type: unknown): (v: unknown) => boolean {
  const name = typeof type === 'number' ? BY_NUMBER[type] : typeof type === 'string' ? type : undefined;
  const check = name ? CHECKS[name] : undefined;
  if (!check) throw Object.assign(new Error(`Unknown type name alias: ${String(type)}`), { code: 2 });
  return check;
}

/** The values a path reaches: arrays themselves and, one level down, their elements (as $type sees them). */
function candidates(doc: unknown, path: string[]): unknown[] {
  if (!path.length) return Array.isArray(doc) ? [doc, ...doc] : [doc];
  if (Array.isArray(doc)) {
    if (/^\d+$/.test(path[0])) return candidates(doc[Number(path[0])], path.slice(1));
    return doc.flatMap((item) => candidates(item, path));
  }
  if (!doc || typeof doc !== 'object' || !(path[0] in (doc as Document))) return [];
  return candidates((doc as Document)[path[0]], path.slice(1));
}

function typePredicate(field: string, types: unknown): Document {
  const checks = (Array.isArray(types) ? types : [types]).map(checkFor);
  const path = field.split('.');
  return {
    $where: function (this: Document) {
      return candidates(this, path).some((v) => checks.some((check) => check(v)));
    },
  };
}


/** The filter with every {field: {$type}} replaced by an equivalent $where (only when it has a $type at all). */
export function rewriteTypeQueries(filter: Document): Document {
  if (!JSON.stringify(filter, (_k, v) => (typeof v === 'function' ? undefined : v))?.includes('"$type"')) return filter;
  return rewrite(filter);
}

function rewrite(filter: Document): Document {
  const out: Document = {};
  const extra: Document[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(value)) out[key] = value.map((clause) => (isPlainObject(clause) ? rewrite(clause) : clause));
    else if (!key.startsWith('$') && isPlainObject(value) && '$type' in value) {
      const { $type, ...rest } = value;
      extra.push(typePredicate(key, $type));
      if (Object.keys(rest).length) out[key] = rest;
    } else out[key] = value;
  }
  if (!extra.length) return out;
  return Object.keys(out).length ? { $and: [out, ...extra] } : extra.length === 1 ? extra[0] : { $and: extra };
}
