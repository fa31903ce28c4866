import { Binary, Decimal128, Long, MaxKey, MinKey, ObjectId, Timestamp, type Document } from 'bson';

// Index keys as strings whose plain JS comparison (`<`) is MongoDB's BSON order. A compound key is the
// concatenation of its fields' encodings, each self-delimiting, so comparing strings compares tuples.
// Why strings: one primitive per index entry is far smaller and faster to compare than a tuple of BSON objects.

const RANK = {
  minKey: '\x01', emptyArray: '\x02', null: '\x03', number: '\x10', string: '\x14', object: '\x18', array: '\x1a',
  binary: '\x1c', objectId: '\x20', boolean: '\x24', date: '\x28', timestamp: '\x2c', regex: '\x30', maxKey: '\x7f',
} as const;

/** Above every encoded key continuing a given prefix: rank characters and string escapes never reach it. */
export const KEY_END = '\uffff';

const f64 = new Float64Array(1);
const u8 = new Uint8Array(f64.buffer);

/** 8 one-byte characters that sort like the number (IEEE 754 bits, sign-flipped, big-endian). */
function encodeDouble(n: number): string {
  f64[0] = n === 0 ? 0 : n; // -0 sorts with 0
  const negative = u8[7] & 0x80;
  let out = '';
  for (let i = 7; i >= 0; i--) out += String.fromCharCode(negative ? 0xff - u8[i] : i === 7 ? u8[i] | 0x80 : u8[i]);
  return out;
}

/** Strings: each NUL escaped as NUL 0x01, terminated by NUL NUL, so "ab" < "abc" as in MongoDB. */
function encodeString(s: string): string {
  return (s.includes('\0') ? s.replaceAll('\0', '\0\x01') : s) + '\0\0';
}

function bytesToString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function encodeNumber(v: number | Long | Decimal128 | bigint): string {
  if (typeof v === 'number') return encodeDouble(v);
  if (typeof v === 'bigint') return encodeDouble(Number(v));
  if (v instanceof Long) return encodeDouble(v.toNumber());
  return encodeDouble(Number(v.toString()));
}

/** The ascending encoding of one BSON value. */
export function encodeValue(v: unknown): string {
  if (v === null || v === undefined) return RANK.null;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return RANK.number + encodeNumber(v);
    case 'string':
      return RANK.string + encodeString(v);
    case 'boolean':
      return RANK.boolean + (v ? '\x02' : '\x01');
  }
  if (v instanceof Date) return RANK.date + encodeDouble(v.getTime());
  if (v instanceof ObjectId) return RANK.objectId + bytesToString(v.id);
  if (v instanceof Long || v instanceof Decimal128) return RANK.number + encodeNumber(v);
  if (v instanceof Binary) {
    // MongoDB orders BinData by length, then subtype, then bytes.
    const len = v.length();
    return RANK.binary + encodeDouble(len) + String.fromCharCode(v.sub_type) + bytesToString(v.buffer.subarray(0, len));
  }
  if (v instanceof Timestamp) return RANK.timestamp + encodeDouble(v.high) + encodeDouble(v.low);
  if (v instanceof RegExp) return RANK.regex + encodeString(v.source) + encodeString(v.flags);
  if (v instanceof MinKey) return RANK.minKey;
  if (v instanceof MaxKey) return RANK.maxKey;
  if (Array.isArray(v)) return v.length ? RANK.array + v.map(encodeValue).join('') + '\0' : RANK.emptyArray;
  if (v instanceof Uint8Array) return RANK.binary + encodeDouble(v.length) + '\0' + bytesToString(v);
  // Embedded documents: field name then value, field after field (MongoDB compares them the same way).
  let out: string = RANK.object;
  for (const [k, val] of Object.entries(v as Document)) out += encodeString(k) + encodeValue(val);
  return out + '\0';
}

/** Descending fields: every code unit mirrored, which reverses the order and keeps encodings self-delimiting. */
export function invert(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(0xfffe - s.charCodeAt(i));
  return out;
}

export function encodeField(v: unknown, dir: number): string {
  const s = encodeValue(v);
  return dir < 0 ? invert(s) : s;
}

/** The rank character of a value: range queries stay within one BSON type as in MongoDB (type bracketing). */
export function rankOf(v: unknown): string {
  return encodeValue(v)[0];
}
