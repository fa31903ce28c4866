import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Document } from 'bson';
import { RECORD_HEADER, encodeRecord, writeAll } from './records';

// The durable journal: append-only records (records.ts), written and fdatasync'ed in groups. Every command's
// records are appended, then the command awaits commit(): all writes that arrived in the same turn of the event
// loop share one fdatasync (group commit).
//
// A failed write or fdatasync (a full disk, an I/O error) is final until restart: every waiting write fails, and
// later writes are refused. Retrying an fsync after it failed can report success although the data never reached
// the disk (the lesson of PostgreSQL's fsync bug), so nothing after a failure may be acknowledged as durable.

export class JournalFailedError extends Error {
  constructor(readonly cause: NodeJS.ErrnoException) {
    super(`the journal could not be written (${cause.code ?? cause.message}): writes are refused until the server restarts`);
  }
}

export class Journal {
  private fd: number;
  private pending: Buffer[] = [];
  private waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private scheduled = false;
  /** An fdatasync is in flight on the thread pool; the next group gathers meanwhile (group commit). */
  private syncing = false;
  /** Set by the first failed write or sync; the journal accepts nothing after it. */
  failure: JournalFailedError | null = null;
  /** Test hook (the `journalSyncFailure` fail point): the next syncs report this error instead of syncing. */
  injectSyncError: (() => NodeJS.ErrnoException | null) | null = null;
  size: number;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  append(record: Document | Buffer): void {
    if (this.failure) throw this.failure;
    this.pending.push(Buffer.isBuffer(record) ? record : encodeRecord(record));
  }

  /** Resolves once everything appended so far is on disk; rejects if it cannot be. */
  commit(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
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

  /** Writes the gathered group; null (and the journal failed) when the write itself fails. */
  private take(): Journal['waiters'] | null {
    const buf = Buffer.concat(this.pending);
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    try {
      writeAll(this.fd, buf);
    } catch (err) {
      this.fail(err as NodeJS.ErrnoException, waiters);
      return null;
    }
    this.size += buf.length;
    return waiters;
  }

  /** Writes the gathered group and syncs it off-thread, so reads keep being served during the sync. */
  private startSync(): void {
    if (this.syncing || this.failure || !this.pending.length) return;
    const waiters = this.take();
    if (!waiters) return;
    this.syncing = true;
    const injected = this.injectSyncError?.();
    const done = (err: NodeJS.ErrnoException | null) => {
      this.syncing = false;
      if (err) return this.fail(err, waiters);
      for (const w of waiters) w.resolve();
      this.startSync();
    };
    if (injected) setImmediate(() => done(injected));
    else fs.fdatasync(this.fd, done);
  }

  /** Fails the given waiters and everything gathered since, and refuses every later write. */
  private fail(cause: NodeJS.ErrnoException, waiters: Journal['waiters']): void {
    this.failure ??= new JournalFailedError(cause);
    const all = [...waiters, ...this.waiters];
    this.waiters = [];
    this.pending = [];
    console.error(`embedded mongo: ${this.failure.message} (${this.file})`);
    for (const w of all) w.reject(this.failure);
  }

  /** Synchronous write and sync of everything pending (compaction, close). Throws if the journal has failed. */
  flush(): void {
    if (this.failure) throw this.failure;
    if (!this.pending.length) return;
    const waiters = this.take();
    if (!waiters) throw this.failure!;
    try {
      fs.fdatasyncSync(this.fd);
    } catch (err) {
      this.fail(err as NodeJS.ErrnoException, waiters);
      throw this.failure!;
    }
    for (const w of waiters) w.resolve();
  }

  /** Empties the journal once its content is safely in a snapshot. */
  truncate(): void {
    this.flush();
    fs.ftruncateSync(this.fd, 0);
    fs.fdatasyncSync(this.fd);
    this.size = 0;
  }

  /** Closes the file; what a failed journal held is not acknowledged and stays as it is on disk. */
  close(): void {
    try {
      if (!this.failure) {
        this.flush();
        fs.fdatasyncSync(this.fd);
      }
    } catch {
      // flush() has logged the failure and failed its waiters; closing must still release the file.
    } finally {
      fs.closeSync(this.fd);
    }
  }
}

export const SNAPSHOT_HEADER = { op: 'snapshot', v: 2 };

/**
 * Writes a snapshot atomically (a temporary file, fsync, rename, fsync of the folder), streamed in 8 MB batches:
 * a header record first, a trailer last with the number of records and the crc32 of their headers (each record
 * carries its own checksum), so a snapshot cut short, reordered or altered is recognised on start-up.
 */
export function writeSnapshot(file: string, records: Iterable<Buffer>): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    let batch: Buffer[] = [];
    let batchBytes = 0;
    let crc = 0;
    let count = 0;
    const add = (record: Buffer) => {
      crc = crc32(record.subarray(0, RECORD_HEADER), crc);
      count++;
      batch.push(record);
      batchBytes += record.length;
      if (batchBytes > 8 * 1024 * 1024) {
        writeAll(fd, Buffer.concat(batch));
        batch = [];
        batchBytes = 0;
      }
    };
    add(encodeRecord(SNAPSHOT_HEADER));
    for (const record of records) add(record);
    batch.push(encodeRecord({ op: 'end', records: count, crc }));
    writeAll(fd, Buffer.concat(batch));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const dir = fs.openSync(path.dirname(file), 'r');
  fs.fsyncSync(dir);
  fs.closeSync(dir);
}
