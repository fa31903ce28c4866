import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeAll } from '../journal/records';

// Where large documents (GridFS chunks of uploaded files, big documents) live instead of the heap: an unlinked
// scratch file, append-only, read back through a small LRU cache. It is not what makes data durable — the journal
// and the snapshot are — so it starts empty on each start and replay fills it again. Freed space is reused only
// after a restart (the file shrinks to the live data then); it is disk, not memory, that an upload costs.

const CACHE_BYTES = 16 * 1024 * 1024;

export class SpillFile {
  private readonly fd: number;
  private size = 0;
  /** Recently read values by offset, least recently used first (a Map keeps insertion order). */
  private readonly cache = new Map<number, Buffer>();
  private cacheBytes = 0;

  constructor(dir: string = os.tmpdir()) {
    const file = path.join(dir, `embedded-mongo-spill-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    this.fd = fs.openSync(file, 'w+', 0o600);
    fs.unlinkSync(file); // the open descriptor keeps it; nothing is left behind by a crash
  }

  /** Appends a value; returns its offset. */
  write(value: Uint8Array): number {
    const at = this.size;
    writeAll(this.fd, value, at);
    this.size += value.length;
    return at;
  }

  /** The value at `offset` as a Buffer of its own (never overwritten: callers may keep it). */
  read(offset: number, length: number): Buffer {
    const hit = this.cache.get(offset);
    if (hit) {
      this.cache.delete(offset);
      this.cache.set(offset, hit);
      return hit;
    }
    const buf = Buffer.allocUnsafe(length);
    for (let done = 0; done < length; ) {
      const got = fs.readSync(this.fd, buf, done, length - done, offset + done);
      if (got === 0) throw new Error(`spill file ends before ${offset + length}`);
      done += got;
    }
    this.remember(offset, buf);
    return buf;
  }

  private remember(offset: number, buf: Buffer): void {
    if (buf.length > CACHE_BYTES / 4) return;
    this.cache.set(offset, buf);
    this.cacheBytes += buf.length;
    for (const [key, old] of this.cache) {
      if (this.cacheBytes <= CACHE_BYTES) break;
      this.cache.delete(key);
      this.cacheBytes -= old.length;
    }
  }

  /** Forgets a replaced or deleted value (its bytes stay in the file until restart). */
  release(offset: number): void {
    const cached = this.cache.get(offset);
    if (cached) {
      this.cache.delete(offset);
      this.cacheBytes -= cached.length;
    }
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
