import type { SpillFile } from './spill-file';

// Documents as raw BSON packed into large slabs, addressed by a record id (rid). Why: a deserialised
// document costs several times its BSON size in JS objects, and a Buffer per document adds ~100 bytes of
// heap each; a slab holds thousands of documents behind one object. Writes only ever append, so a Buffer
// view handed to a cursor stays valid; a slab that is mostly garbage is copied out and dropped.
// Large documents (≥ 64 KB: GridFS chunks of uploads, big documents) go to the spill file on disk instead, with
// only their place kept here, so 20 uploads of 20 MB do not cost 400 MB of memory.

/**
 * Slabs start small and double up to 1 MB: most collections hold a few documents and must not cost a big slab each,
 * and the last slab of a collection is part empty — with 4 MB slabs that was ~3 MB of 17 MB of documents.
 */
const FIRST_SLAB_BYTES = 64 * 1024;
const SLAB_BYTES = 1024 * 1024;
export const LARGE_DOCUMENT_BYTES = 64 * 1024;
const DELETED = -1;
const SPILLED = -2;
const OFFSET_BITS = 2 ** 25; // slabs up to 32 MB (a 16 MB document always fits)

interface Slab {
  buf: Buffer;
  used: number;
  garbage: number;
  /** Rids written into this slab, in order (stale ones are skipped when compacting). */
  rids: number[];
}

export class DocStore {
  private slabs: (Slab | undefined)[] = [];
  private current = -1;
  /** rid → slab * 2^25 + offset; DELETED or SPILLED. A Float64Array: 8 bytes per document, no objects. */
  private locs = new Float64Array(1024);
  /** Spilled documents: rid → [offset, length] in the spill file. */
  private readonly spilled = new Map<number, [number, number]>();
  private nextRid = 0;
  count = 0;
  bytes = 0;

  constructor(private readonly spill?: SpillFile) {}

  private slabFor(size: number): number {
    const slab = this.slabs[this.current];
    if (slab && slab.used + size <= slab.buf.length) return this.current;
    const next = Math.min(SLAB_BYTES, slab ? slab.buf.length * 2 : FIRST_SLAB_BYTES);
    this.slabs.push({ buf: Buffer.allocUnsafeSlow(Math.max(next, size)), used: 0, garbage: 0, rids: [] });
    this.current = this.slabs.length - 1;
    return this.current;
  }

  private write(rid: number, bson: Uint8Array): void {
    if (this.spill && bson.length >= LARGE_DOCUMENT_BYTES) {
      this.spilled.set(rid, [this.spill.write(bson), bson.length]);
      this.locs[rid] = SPILLED;
      return;
    }
    const s = this.slabFor(bson.length);
    const slab = this.slabs[s]!;
    slab.buf.set(bson, slab.used);
    this.locs[rid] = s * OFFSET_BITS + slab.used;
    slab.used += bson.length;
    slab.rids.push(rid);
  }

  /** Stores a new document; returns its rid. Rids only grow, so rid order is insertion order. */
  add(bson: Uint8Array): number {
    const rid = this.nextRid++;
    if (rid >= this.locs.length) {
      const grown = new Float64Array(this.locs.length * 2);
      grown.set(this.locs);
      this.locs = grown;
    }
    this.write(rid, bson);
    this.count++;
    this.bytes += bson.length;
    return rid;
  }

  replace(rid: number, bson: Uint8Array): void {
    this.release(rid);
    this.write(rid, bson);
    this.bytes += bson.length;
  }

  delete(rid: number): void {
    this.release(rid);
    this.count--;
  }

  private release(rid: number): void {
    const loc = this.locs[rid];
    if (loc === SPILLED) {
      const [offset, length] = this.spilled.get(rid)!;
      this.spill!.release(offset);
      this.spilled.delete(rid);
      this.bytes -= length;
      this.locs[rid] = DELETED;
      return;
    }
    const s = Math.floor(loc / OFFSET_BITS);
    const slab = this.slabs[s]!;
    const size = slab.buf.readInt32LE(loc - s * OFFSET_BITS);
    slab.garbage += size;
    this.bytes -= size;
    this.locs[rid] = DELETED; // before compacting: the old copy must not be moved
    if (s !== this.current && slab.garbage > slab.used / 2) this.compactSlab(s);
  }

  /** Moves the live documents of a mostly-dead slab to the current one and drops it. */
  private compactSlab(s: number): void {
    const slab = this.slabs[s]!;
    this.slabs[s] = undefined;
    for (const rid of slab.rids) {
      const loc = this.locs[rid];
      if (loc < 0 || Math.floor(loc / OFFSET_BITS) !== s) continue; // deleted, spilled or moved
      const offset = loc - s * OFFSET_BITS;
      this.write(rid, slab.buf.subarray(offset, offset + slab.buf.readInt32LE(offset)));
    }
  }

  has(rid: number): boolean {
    return rid >= 0 && rid < this.nextRid && this.locs[rid] !== DELETED;
  }

  /** A view of the document's BSON (valid forever: slabs are never overwritten). */
  get(rid: number): Buffer {
    const loc = this.locs[rid];
    if (loc === SPILLED) {
      const [offset, length] = this.spilled.get(rid)!;
      return this.spill!.read(offset, length);
    }
    const s = Math.floor(loc / OFFSET_BITS);
    const buf = this.slabs[s]!.buf;
    const offset = loc - s * OFFSET_BITS;
    return buf.subarray(offset, offset + buf.readInt32LE(offset));
  }

  /** Live rids in insertion order. */
  *rids(): Generator<number> {
    for (let rid = 0; rid < this.nextRid; rid++) if (this.locs[rid] !== DELETED) yield rid;
  }

  /** Heap and slab bytes held (for serverStatus). */
  get allocated(): number {
    return this.slabs.reduce((n, s) => n + (s?.buf.length ?? 0), 0) + this.locs.byteLength;
  }
}
