import { Aggregator, update as mingoUpdate } from 'mingo';
import { BSON, Decimal128, Double, Int32, Long, ObjectId, type Document } from 'bson';
import { CommandError, immutableField } from './errors';
import { idKey, isOperatorDoc, valueAt } from '../bson/values';
import { BSON_READ } from '../bson/options';
import { decimalAdd, decimalMultiply } from '../bson/decimal';
import { fastUpdate } from './fast-paths';
import { bsonTypeName } from '../bson/types';

// Update semantics: operator updates and pipelines through mingo, replacements, and upsert seeding
// (mingo has no $setOnInsert and mutates in place, so we work on a deep copy).

export const cloneDoc = (doc: Document): Document => BSON.deserialize(BSON.serialize(doc), BSON_READ);

const SUPPORTED = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$push', '$pull', '$pullAll', '$addToSet',
  '$pop', '$currentDate', '$bit', '$setOnInsert',
]);

/** Returns the updated copy of `doc` (the stored document is never touched). */
export function applyUpdate(doc: Document, u: Document | Document[], q: Document, arrayFilters: Document[] | undefined, inserting: boolean, variables?: Document): Document {
  if (Array.isArray(u)) {
    const [result] = new Aggregator(u, { variables }).run([cloneDoc(doc)]) as Document[];
    return keepId(doc, result);
  }
  if (!isOperatorDoc(u)) return keepId(doc, { _id: doc._id, ...u });
  for (const op of Object.keys(u)) {
    if (!SUPPORTED.has(op)) throw new CommandError(9, 'FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  checkArithmetic(doc, u);
  checkArrayTargets(doc, u);
  const { $setOnInsert, ...modifier } = decimalArithmetic(doc, u);
  if (!inserting && touchesId(modifier, doc)) throw immutableField();
  const effective = inserting && $setOnInsert ? { ...modifier, $set: { ...(modifier.$set ?? {}), ...$setOnInsert } } : modifier;
  const fast = fastUpdate(doc, effective);
  if (fast) return keepId(doc, fast);
  const copy = cloneDoc(doc);
  if (Object.keys(effective).length) mingoUpdate(copy, effective, arrayFilters, hasPositional(effective) ? q : undefined, { cloneMode: 'none' });
  return keepId(doc, copy);
}

/** An operator that would change _id (setting it to the same value is allowed, as in MongoDB). */
function touchesId(modifier: Document, doc: Document): boolean {
  return Object.entries(modifier).some(([op, fields]) => {
    if (!fields || typeof fields !== 'object' || !('_id' in fields)) return false;
    return op !== '$set' || idKey(fields._id) !== idKey(doc._id);
  });
}

function hasPositional(modifier: Document): boolean {
  return Object.values(modifier).some((fields) => fields && typeof fields === 'object' && Object.keys(fields).some((p) => /\.\$(\.|$)/.test(p)));
}

function keepId(before: Document, after: Document): Document {
  if (after._id === undefined) return { _id: before._id, ...after };
  if (before._id !== undefined && idKey(after._id) !== idKey(before._id)) throw immutableField();
  if (Object.keys(after)[0] !== '_id') {
    const { _id, ...rest } = after;
    return { _id, ...rest };
  }
  return after;
}

/** The document an upsert starts from: the filter's equality fields (MongoDB's upsert seeding). */
export function upsertSeed(q: Document): Document {
  const seed: Document = {};
  collectEqualities(q, seed);
  return seed;
}

function collectEqualities(q: Document, seed: Document): void {
  for (const [key, value] of Object.entries(q)) {
    if (key === '$and' && Array.isArray(value)) value.forEach((clause) => collectEqualities(clause, seed));
    if (key.startsWith('$')) continue;
    if (value && typeof value === 'object' && value.constructor === Object && isOperatorDoc(value)) {
      if ('$eq' in value) setPath(seed, key, value.$eq);
      continue;
    }
    setPath(seed, key, value);
  }
}

export function setPath(obj: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = obj;
  for (const part of parts.slice(0, -1)) {
    if (!target[part] || typeof target[part] !== 'object') target[part] = {};
    target = target[part];
  }
  target[parts.at(-1)!] = value;
}

/**
 * MongoDB stores _id first, and gives one to a document that has none (a null _id is a value, and kept). An _id
 * may be neither an array nor a document with $-prefixed fields (InvalidIdField).
 */
export function withId(doc: Document): Document {
  const { _id, ...rest } = doc;
  if (Array.isArray(_id)) throw new CommandError(53, 'InvalidIdField', 'The \'_id\' value cannot be of type array');
  if (_id && typeof _id === 'object' && _id.constructor === Object) {
    const bad = Object.keys(_id).find((k) => k.startsWith('$'));
    if (bad) throw new CommandError(53, 'InvalidIdField', `_id fields may not contain '$'-prefixed fields: ${bad} is not valid for storage.`);
  }
  return { _id: _id !== undefined ? _id : new ObjectId(), ...rest };
}

/**
 * $inc/$mul where the field or the operand is a Decimal128 are computed exactly here and become a $set (mingo
 * would compute them in floating point, or refuse); the rest of the update is left to mingo.
 */
function decimalArithmetic(doc: Document, u: Document): Document {
  if (!u.$inc && !u.$mul) return u;
  const out: Document = { ...u };
  const set: Document = { ...(u.$set ?? {}) };
  for (const op of ['$inc', '$mul'] as const) {
    if (!u[op]) continue;
    const rest: Document = {};
    for (const [path, by] of Object.entries(u[op] as Document)) {
      const current = path.includes('$') ? undefined : valueAt(doc, path);
      const decimal = !path.includes('$') && (by instanceof Decimal128 || current instanceof Decimal128);
      const result = decimal ? (op === '$inc' ? decimalAdd(current ?? 0, by) : decimalMultiply(current ?? 0, by)) : null;
      if (result) set[path] = result;
      else rest[path] = by;
    }
    if (Object.keys(rest).length) out[op] = rest;
    else delete out[op];
  }
  if (Object.keys(set).length) out.$set = set;
  return out;
}

const isNumeric = (v: unknown) => typeof v === 'number' || v instanceof Long || v instanceof Decimal128 || v instanceof Int32 || v instanceof Double;

/** `$push` / `$addToSet` onto a field that holds something other than an array: MongoDB's BadValue (mingo ignores it). */
function checkArrayTargets(doc: Document, u: Document): void {
  for (const op of ['$push', '$addToSet']) {
    for (const path of Object.keys((u[op] ?? {}) as Document)) {
      if (path.includes('$')) continue;
      const current = valueAt(doc, path);
      if (current === undefined || Array.isArray(current)) continue;
      throw new CommandError(2, 'BadValue', `The field '${path}' must be an array but is of type ${bsonTypeName(current)} in document {_id: ${JSON.stringify(doc._id)}}`);
    }
  }
}

/** $inc/$mul on a non-number: mingo ignores it silently, MongoDB refuses with TypeMismatch (14). */
function checkArithmetic(doc: Document, u: Document): void {
  for (const op of ['$inc', '$mul']) {
    for (const [path, by] of Object.entries((u[op] ?? {}) as Document)) {
      if (!isNumeric(by)) throw new CommandError(14, 'TypeMismatch', `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(by)}}`);
      if (path.includes('$')) continue;
      const current = valueAt(doc, path);
      if (current !== undefined && !isNumeric(current)) {
        throw new CommandError(14, 'TypeMismatch', `Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${Array.isArray(current) ? 'array' : current === null ? 'null' : typeof current}`);
      }
    }
  }
}
