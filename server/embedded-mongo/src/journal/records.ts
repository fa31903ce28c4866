import fs from 'node:fs';
import { crc32 } from 'node:zlib';
import { BSON, type Document } from 'bson';
import { BSON_READ } from '../bson/options';

// The record format shared by the journal and the snapshot: [length u32][crc32 u32][BSON body of `length` bytes].
// Files are read as a stream of chunks, never whole: a snapshot may be larger than any one Buffer (2 GiB).

export const RECORD_HEADER = 8;
const CHUNK_BYTES = 32 * 1024 * 1024;

/**
 * Writes all of `buf` (at `position`, or at the file's current offset): write(2) may write less than asked when the
 * disk fills up; the rest then fails with ENOSPC.
 */
export function writeAll(fd: number, buf: Uint8Array, position?: number): void {
  for (let done = 0; done < buf.length; ) done += fs.writeSync(fd, buf, done, buf.length - done, position === undefined ? null : position + done);
}

export function encodeRecord(record: Document, raw?: { name: string; bson: Uint8Array }): Buffer {
  const body = raw ? withRawField(BSON.serialize(record), raw.name, raw.bson) : BSON.serialize(record);
  const header = Buffer.alloc(RECORD_HEADER);
  header.writeUInt32LE(body.length, 0);
  header.writeUInt32LE(crc32(body), 4);
  return Buffer.concat([header, body]);
}

/** Appends an embedded document given as raw BSON to a serialised document, without re-serialising it. */
export function withRawField(doc: Uint8Array, name: string, bson: Uint8Array): Buffer {
  const key = Buffer.from(name + '\0', 'utf8');
  const out = Buffer.allocUnsafe(doc.length + 1 + key.length + bson.length);
  out.set(doc.subarray(0, doc.length - 1), 0);
  let at = doc.length - 1;
  out[at++] = 0x03;
  out.set(key, at);
  at += key.length;
  out.set(bson, at);
  out[at + bson.length] = 0;
  out.writeInt32LE(out.length, 0);
  return out;
}

/** A stretch of a file that holds no valid record, followed by valid records (only `repair` reads past it). */
export interface DamagedRange {
  from: number;
  to: number;
}

export interface ScanResult {
  /** Bytes up to the end of the last valid record read. */
  intact: number;
  /** The file's size when scanned. */
  size: number;
  /** Records delivered. */
  records: number;
  /** Damage with valid records after it: mid-file corruption, never a torn write. */
  damaged: DamagedRange[];
  /**
   * A running crc32 of the records' headers (length and checksum of each) up to `intact`: with every record's own
   * checksum it vouches for the whole file in order, without checksumming each byte twice (the snapshot's trailer).
   */
  crc: number;
}

/** Reads a file sequentially in chunks; `at(offset, n)` gives the bytes [offset, offset+n) while they are buffered. */
class ChunkReader {
  private buf = Buffer.alloc(0);
  private base = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  /** The n bytes at `offset` (offset only moves forward), or null past the end of the file. */
  at(offset: number, n: number): Buffer | null {
    if (offset + n > this.size) return null;
    if (offset < this.base || offset + n > this.base + this.buf.length) this.fill(offset, n);
    return this.buf.subarray(offset - this.base, offset - this.base + n);
  }

  private fill(offset: number, n: number): void {
    const want = Math.max(n, Math.min(CHUNK_BYTES, this.size - offset));
    const keepFrom = offset - this.base;
    const next = Buffer.allocUnsafe(want);
    let have = 0;
    // Reuse what is already buffered from `offset` on, read the rest.
    if (keepFrom >= 0 && keepFrom < this.buf.length) have = this.buf.copy(next, 0, keepFrom, Math.min(this.buf.length, keepFrom + want));
    while (have < want) {
      const got = fs.readSync(this.fd, next, have, want - have, offset + have);
      if (got === 0) throw new Error(`unexpected end of file at ${offset + have}`);
      have += got;
    }
    this.buf = next;
    this.base = offset;
  }
}

/** The body of a valid record starting at `offset`, or null. A body must checksum and start with its own length. */
function recordAt(reader: ChunkReader, offset: number): Buffer | null {
  const header = reader.at(offset, RECORD_HEADER);
  if (!header) return null;
  const length = header.readUInt32LE(0);
  const crc = header.readUInt32LE(4);
  if (length < 5 || offset + RECORD_HEADER + length > reader.size) return null;
  const body = reader.at(offset + RECORD_HEADER, length);
  if (!body || body.readInt32LE(0) !== length || body[length - 1] !== 0 || crc32(body) !== crc) return null;
  return body;
}

/** The offset of the next valid record after a damaged one, or -1 (the damage runs to the end: a torn write). */
function nextValidRecord(reader: ChunkReader, from: number): number {
  for (let offset = from; offset + RECORD_HEADER + 5 <= reader.size; offset++) {
    const probe = reader.at(offset, RECORD_HEADER + 4)!;
    // Cheap filter first: the header's length equals the BSON document's own length prefix.
    if (probe.readUInt32LE(0) !== probe.readUInt32LE(RECORD_HEADER)) continue;
    if (recordAt(reader, offset)) return offset;
  }
  return -1;
}

/**
 * Streams every valid record of `file` to `onRecord`. A damaged record with nothing valid after it is a torn
 * write (the tail never acknowledged): the scan stops there. Damage followed by valid records is corruption: it
 * is reported in `damaged`, and the records after it are read only when `repair` is set.
 */
export function scanRecords(file: string, onRecord: (record: Document, crcBefore: number) => void, opts: { repair?: boolean } = {}): ScanResult {
  const result: ScanResult = { intact: 0, size: 0, records: 0, damaged: [], crc: 0 };
  if (!fs.existsSync(file)) return result;
  const fd = fs.openSync(file, 'r');
  try {
    const reader = new ChunkReader(fd, fs.fstatSync(fd).size);
    result.size = reader.size;
    let offset = 0;
    while (offset < reader.size) {
      const body = recordAt(reader, offset);
      if (!body) {
        const resume = nextValidRecord(reader, offset + 1);
        if (resume < 0) break;
        result.damaged.push({ from: offset, to: resume });
        if (!opts.repair) break;
        offset = resume;
        continue;
      }
      const length = RECORD_HEADER + body.length;
      const crcBefore = result.crc;
      result.crc = crc32(reader.at(offset, RECORD_HEADER)!, result.crc);
      onRecord(BSON.deserialize(body, BSON_READ), crcBefore);
      result.records++;
      offset += length;
      result.intact = offset;
    }
    return result;
  } finally {
    fs.closeSync(fd);
  }
}
