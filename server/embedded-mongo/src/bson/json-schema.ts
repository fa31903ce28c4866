import { Binary, Decimal128, Long, ObjectId, Timestamp, type Document } from 'bson';
import { isPlainObject } from './values';

// MongoDB's $jsonSchema (draft 4 with bsonType), for validators and queries: type/bsonType, required, properties,
// additionalProperties, patternProperties, enum, minimum/maximum (exclusive*), minLength/maxLength, pattern,
// items, minItems/maxItems, uniqueItems, minProperties/maxProperties, allOf/anyOf/oneOf/not. Each failed rule is
// reported as MongoDB's errInfo reports it: {operatorName, specifiedAs, reason}.

export interface RuleFailure {
  operatorName: string;
  specifiedAs: Document;
  reason: string;
  propertyName?: string;
}

const BSON_TYPES: Record<string, (v: unknown) => boolean> = {
  double: (v) => typeof v === 'number',
  string: (v) => typeof v === 'string',
  object: isPlainObject,
  array: Array.isArray,
  binData: (v) => v instanceof Binary,
  objectId: (v) => v instanceof ObjectId,
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  regex: (v) => v instanceof RegExp,
  int: (v) => typeof v === 'number' && Number.isInteger(v),
  long: (v) => v instanceof Long || (typeof v === 'number' && Number.isInteger(v)),
  decimal: (v) => v instanceof Decimal128,
  timestamp: (v) => v instanceof Timestamp,
  number: (v) => typeof v === 'number' || v instanceof Long || v instanceof Decimal128,
};
const JSON_TYPES: Record<string, (v: unknown) => boolean> = {
  object: BSON_TYPES.object, array: Array.isArray, string: BSON_TYPES.string, boolean: BSON_TYPES.bool,
  null: BSON_TYPES.null, number: BSON_TYPES.number, integer: (v) => typeof v === 'number' && Number.isInteger(v),
};

const num = (v: unknown): number | null => (typeof v === 'number' ? v : v instanceof Long || v instanceof Decimal128 ? Number(v.toString()) : null);
const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

function typeMatches(value: unknown, names: string | string[], table: Record<string, (v: unknown) => boolean>): boolean {
  return list(names).some((t) => table[t]?.(value));
}

/** Every rule of `schema` that `value` breaks (empty: valid). */
export function schemaFailures(schema: Document, value: unknown): RuleFailure[] {
  const out: RuleFailure[] = [];
  const fail = (operatorName: string, reason: string, extra: Partial<RuleFailure> = {}) => out.push({ operatorName, specifiedAs: { [operatorName]: schema[operatorName] }, reason, ...extra });
  if (schema.bsonType !== undefined && !typeMatches(value, schema.bsonType, BSON_TYPES)) fail('bsonType', 'type did not match');
  if (schema.type !== undefined && !typeMatches(value, schema.type, JSON_TYPES)) fail('type', 'type did not match');
  if (Array.isArray(schema.enum) && !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) fail('enum', 'value was not found in enum');
  const n = num(value);
  if (n !== null) {
    if (schema.minimum !== undefined && (schema.exclusiveMinimum ? n <= schema.minimum : n < schema.minimum)) fail('minimum', 'comparison failed');
    if (schema.maximum !== undefined && (schema.exclusiveMaximum ? n >= schema.maximum : n > schema.maximum)) fail('maximum', 'comparison failed');
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) fail('minLength', 'specified string length was not satisfied');
    if (schema.maxLength !== undefined && length > schema.maxLength) fail('maxLength', 'specified string length was not satisfied');
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) fail('pattern', 'regular expression did not match');
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) fail('minItems', 'array did not match specified length');
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail('maxItems', 'array did not match specified length');
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) fail('uniqueItems', 'found a duplicate item');
    if (schema.items && !Array.isArray(schema.items) && value.some((item) => schemaFailures(schema.items, item).length)) fail('items', 'At least one item did not match the sub-schema');
  }
  if (BSON_TYPES.object(value)) objectFailures(schema, value as Document, fail);
  for (const [op, test] of [['allOf', (k: number) => k === 0], ['anyOf', (k: number, all: number) => k < all], ['oneOf', (k: number, all: number) => all - k === 1]] as const) {
    if (!Array.isArray(schema[op])) continue;
    const failing = schema[op].filter((sub: Document) => schemaFailures(sub, value).length).length;
    if (!test(failing, schema[op].length)) fail(op, `${op} failed`);
  }
  if (schema.not && !schemaFailures(schema.not, value).length) fail('not', 'child schema matched');
  return out;
}

function objectFailures(schema: Document, doc: Document, fail: (op: string, reason: string, extra?: Partial<RuleFailure>) => void): void {
  if (Array.isArray(schema.required)) {
    const missing = schema.required.filter((f: string) => !(f in doc));
    if (missing.length) fail('required', 'missingProperties', { missingProperties: missing } as never);
  }
  const keys = Object.keys(doc);
  if (schema.minProperties !== undefined && keys.length < schema.minProperties) fail('minProperties', 'specified number of properties was not satisfied');
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) fail('maxProperties', 'specified number of properties was not satisfied');
  const properties: Document = schema.properties ?? {};
  for (const [name, sub] of Object.entries(properties)) {
    if (!(name in doc)) continue;
    const failures = schemaFailures(sub as Document, doc[name]);
    if (failures.length) fail('properties', 'property did not match', { propertyName: name });
  }
  const patterns = Object.entries((schema.patternProperties ?? {}) as Document).map(([p, sub]) => [new RegExp(p, 'u'), sub] as const);
  for (const key of keys) {
    for (const [re, sub] of patterns) if (re.test(key) && schemaFailures(sub, doc[key]).length) fail('patternProperties', 'property did not match', { propertyName: key });
  }
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) {
    const extra = keys.filter((k) => !(k in properties) && !patterns.some(([re]) => re.test(k)));
    if (schema.additionalProperties === false && extra.length) fail('additionalProperties', 'found additional properties', { additionalProperties: extra } as never);
    if (typeof schema.additionalProperties === 'object' && extra.some((k) => schemaFailures(schema.additionalProperties, doc[k]).length)) fail('additionalProperties', 'property did not match');
  }
}

/** mingo's jsonSchemaValidator option: a schema compiled to a predicate. */
export const jsonSchemaValidator = (schema: Document) => (doc: unknown) => schemaFailures(schema, doc).length === 0;
