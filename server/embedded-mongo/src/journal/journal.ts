import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { BSON, type Document } from 'bson';
import { BSON_READ } from '../bson/options';

// The durable journal: append-only records [length u32][crc32 u32][BSON], written and fdatasync'ed in groups.
// Every command's records are appended, then the command awaits commit(): all writes that arrived in the same
// turn of the event loop share one fdatasync (group commit). A torn or corrupt tail is cut off at start-up.

const HEADER = 8;

export class Journal {
  private fd: number;
  private pending: Buffer[] = [];
  private waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private scheduled = false;
  /** An fdatasync is in flight on the thread pool; the next group gathers meanwhile (group commit). */
  private syncing = false;
  size: number;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  append(record: Document | Buffer): void {
    this.pending.push(Buffer.isBuffer(record) ? record : encodeRecord(record));
  }

  /** Resolves once everything appended so far is on disk. */
  commit(): Promise<void> {
    if (!this.pending.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (this.scheduled || this.syncing) return;
      this.scheduled = true;
      // Let every command that arrived in this turn append first: they then share one sync.
      setImmediate(() => {
        this.scheduled = false;
        this.startSync();
      });
    });
  }

  private take(): { buf: Buffer; waiters: Journal['waiters'] } {
    const buf = Buffer.concat(this.pending);
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    fs.writeSync(this.fd, buf);
    this.size += buf.length;
    return { buf, waiters };
  }

  /** Writes the gathered group and syncs it off-thread, so reads keep being served during the sync. */
  private startSync(): void {
    if (this.syncing || !this.pending.length) return;
    const { waiters } = this.take();
    this.syncing = true;
    fs.fdatasync(this.fd, (err) => {
      this.syncing = false;
      for (const w of waiters) err ? w.reject(err) : w.resolve();
      this.startSync();
    });
  }

  /** Synchronous write and sync of everything pending (compaction, close). */
  flush(): void {
    if (!this.pending.length) return;
    const { waiters } = this.take();
    fs.fdatasyncSync(this.fd);
    for (const w of waiters) w.resolve();
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
    fs.fdatasyncSync(this.fd);
    fs.closeSync(this.fd);
  }
}

export function encodeRecord(record: Document, raw?: { name: string; bson: Uint8Array }): Buffer {
  const body = raw ? withRawField(BSON.serialize(record), raw.name, raw.bson) : BSON.serialize(record);
  const header = Buffer.alloc(HEADER);
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
export function writeSnapshot(file: string, records: Iterable<Buffer>): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let batch: Buffer[] = [];
  let batchBytes = 0;
  for (const record of records) {
    const buf = record;
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
