import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { BSON, type Document } from 'bson';
import { BSON_READ } from './wire';

// The durable journal: append-only records [length u32][crc32 u32][BSON], written and fdatasync'ed in groups.
// Every command's records are appended, then the command awaits commit(): all writes that arrived in the same
// turn of the event loop share one fdatasync (group commit). A torn or corrupt tail is cut off at start-up.

const HEADER = 8;

export class Journal {
  private fd: number;
  private pending: Buffer[] = [];
  private waiters: (() => void)[] = [];
  private scheduled = false;
  size: number;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  append(record: Document): void {
    this.pending.push(encodeRecord(record));
  }

  /** Resolves once everything appended so far is on disk. */
  commit(): Promise<void> {
    if (!this.pending.length) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  flush(): void {
    this.scheduled = false;
    if (!this.pending.length) return;
    const buf = Buffer.concat(this.pending);
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    fs.writeSync(this.fd, buf);
    fs.fdatasyncSync(this.fd);
    this.size += buf.length;
    for (const resolve of waiters) resolve();
  }

  /** Empties the journal once its content is safely in a snapshot. */
  truncate(): void {
    this.flush();
    fs.ftruncateSync(this.fd, 0);
    fs.fdatasyncSync(this.fd);
    this.size = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

export function encodeRecord(record: Document): Buffer {
  const body = BSON.serialize(record);
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(body.length, 0);
  header.writeUInt32LE(crc32(body), 4);
  return Buffer.concat([header, body]);
}

/** Reads every intact record; returns the byte length of the intact prefix (the rest is a torn write). */
export function readRecords(file: string, onRecord: (record: Document) => void): number {
  if (!fs.existsSync(file)) return 0;
  const data = fs.readFileSync(file);
  let offset = 0;
  while (offset + HEADER <= data.length) {
    const length = data.readUInt32LE(offset);
    const crc = data.readUInt32LE(offset + 4);
    const end = offset + HEADER + length;
    if (length < 5 || end > data.length) break;
    const body = data.subarray(offset + HEADER, end);
    if (crc32(body) !== crc) break;
    onRecord(BSON.deserialize(body, BSON_READ));
    offset = end;
  }
  return offset;
}

/** Writes records to `file` atomically: a temporary file, fsync, rename, fsync of the folder. */
export function writeSnapshot(file: string, records: Iterable<Document>): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let batch: Buffer[] = [];
  let batchBytes = 0;
  for (const record of records) {
    const buf = encodeRecord(record);
    batch.push(buf);
    batchBytes += buf.length;
    if (batchBytes > 8 * 1024 * 1024) {
      fs.writeSync(fd, Buffer.concat(batch));
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length) fs.writeSync(fd, Buffer.concat(batch));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  const dir = fs.openSync(path.dirname(file), 'r');
  fs.fsyncSync(dir);
  fs.closeSync(dir);
}
