import { BSON, type Document } from 'bson';
import { BSON_READ } from '../bson/options';
import { crc32c } from './crc32c';

// MongoDB wire protocol framing: OP_MSG (2013) and the legacy OP_QUERY (2004) / OP_REPLY (1) handshake.

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const MAX_MESSAGE_BYTES = 48_000_000;

const FLAG_CHECKSUM = 1;
const FLAG_MORE_TO_COME = 2;
const FLAG_EXHAUST_ALLOWED = 1 << 16;

export interface IncomingMessage {
  requestId: number;
  opCode: number;
  /** The command document with OP_MSG document sequences merged in as arrays. */
  command: Document;
  moreToCome: boolean;
  /** The client accepts a stream of replies to this request (the driver's awaitable hello). */
  exhaustAllowed: boolean;
  /** OP_QUERY: the namespace the command was sent to (e.g. admin.$cmd). */
  legacy: boolean;
}

export class WireError extends Error {}

function readCString(buf: Buffer, offset: number): [string, number] {
  const end = buf.indexOf(0, offset);
  if (end < 0) throw new WireError('unterminated cstring');
  return [buf.toString('utf8', offset, end), end + 1];
}

function readDocument(buf: Buffer, offset: number, limit: number): [Document, number] {
  if (offset + 5 > limit) throw new WireError('truncated document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > limit) throw new WireError('bad document size');
  return [BSON.deserialize(buf.subarray(offset, offset + size), BSON_READ), offset + size];
}

/** Parses one complete message (header included). Throws WireError on malformed input. */
export function parseMessage(buf: Buffer): IncomingMessage {
  const length = buf.readInt32LE(0);
  const requestId = buf.readInt32LE(4);
  const opCode = buf.readInt32LE(12);
  if (opCode === OP_MSG) return parseOpMsg(buf, length, requestId);
  if (opCode === OP_QUERY) return parseOpQuery(buf, length, requestId);
  throw new WireError(`unsupported opCode ${opCode}`);
}

function parseOpMsg(buf: Buffer, length: number, requestId: number): IncomingMessage {
  const flags = buf.readUInt32LE(16);
  const end = flags & FLAG_CHECKSUM ? length - 4 : length;
  // A message whose checksum does not match is corrupt: treated as malformed (the connection closes).
  if (flags & FLAG_CHECKSUM && (end < 21 || crc32c(buf.subarray(0, end)) !== buf.readUInt32LE(end))) throw new WireError('checksum mismatch');
  let offset = 20;
  let command: Document | undefined;
  const sequences: [string, Document[]][] = [];
  while (offset < end) {
    const kind = buf[offset++];
    if (kind === 0) {
      [command, offset] = readDocument(buf, offset, end);
    } else if (kind === 1) {
      const size = buf.readInt32LE(offset);
      const sectionEnd = offset + size;
      if (size < 5 || sectionEnd > end) throw new WireError('bad sequence size');
      let [identifier, pos] = readCString(buf, offset + 4);
      const docs: Document[] = [];
      while (pos < sectionEnd) {
        let doc: Document;
        [doc, pos] = readDocument(buf, pos, sectionEnd);
        docs.push(doc);
      }
      sequences.push([identifier, docs]);
      offset = sectionEnd;
    } else {
      throw new WireError(`unknown section kind ${kind}`);
    }
  }
  if (!command) throw new WireError('OP_MSG without a body section');
  for (const [identifier, docs] of sequences) command[identifier] = docs;
  return { requestId, opCode: OP_MSG, command, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0, exhaustAllowed: (flags & FLAG_EXHAUST_ALLOWED) !== 0, legacy: false };
}

function parseOpQuery(buf: Buffer, length: number, requestId: number): IncomingMessage {
  let [collection, offset] = readCString(buf, 20);
  offset += 8; // numberToSkip, numberToReturn
  let [query] = readDocument(buf, offset, length);
  if (!collection.endsWith('.$cmd')) throw new WireError('legacy OP_QUERY is only accepted for commands');
  // Legacy commands may be wrapped: { $query: {...}, $readPreference: ... }
  if (query.$query) query = query.$query;
  query.$db = collection.slice(0, -'.$cmd'.length);
  return { requestId, opCode: OP_QUERY, command: query, moreToCome: false, exhaustAllowed: false, legacy: true };
}

let nextRequestId = 1;

function header(size: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(size);
  h.writeInt32LE(0, 0);
  h.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** An OP_MSG reply, one body section; `moreToCome` when more replies to the same request follow (exhaust). */
export function encodeOpMsg(responseTo: number, body: Uint8Array, moreToCome = false): Buffer {
  const h = header(21, responseTo, OP_MSG);
  h.writeUInt32LE(moreToCome ? FLAG_MORE_TO_COME : 0, 16);
  h[20] = 0;
  h.writeInt32LE(21 + body.length, 0);
  return Buffer.concat([h, body]);
}

/** An OP_REPLY to a legacy OP_QUERY command (the driver's first isMaster). */
export function encodeOpReply(responseTo: number, body: Uint8Array): Buffer {
  const h = header(36, responseTo, OP_REPLY);
  h.writeInt32LE(0, 16); // responseFlags
  h.writeBigInt64LE(0n, 20); // cursorID
  h.writeInt32LE(0, 28); // startingFrom
  h.writeInt32LE(1, 32); // numberReturned
  h.writeInt32LE(36 + body.length, 0);
  return Buffer.concat([h, body]);
}
