// An ordered multiset of (key, rid) pairs: a list of sorted chunks (the "sorted containers" layout), so an
// insert or delete moves at most a chunk's worth of pointers instead of the whole index, and a lookup is two
// binary searches. Keys are strings from bson/keys.ts; entries with equal keys are ordered by rid.

const MAX_CHUNK = 512;

interface Chunk {
  keys: string[];
  rids: number[];
}

/** A position in the list: chunk number and offset inside it. */
export interface Position {
  c: number;
  i: number;
}

const before = (k1: string, r1: number, k2: string, r2: number) => k1 < k2 || (k1 === k2 && r1 < r2);

export class SortedList {
  private chunks: Chunk[] = [];
  size = 0;

  /** Index of the first chunk whose last entry is not before (key, rid). */
  private chunkFor(key: string, rid: number): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const ch = this.chunks[mid];
      const last = ch.keys.length - 1;
      if (before(ch.keys[last], ch.rids[last], key, rid)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static offset(ch: Chunk, key: string, rid: number): number {
    let lo = 0;
    let hi = ch.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(ch.keys[mid], ch.rids[mid], key, rid)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first position whose entry is not before (key, rid); rid -1 means "before every rid of key". */
  lowerBound(key: string, rid = -1): Position {
    const c = this.chunkFor(key, rid);
    if (c === this.chunks.length) return { c, i: 0 };
    return { c, i: SortedList.offset(this.chunks[c], key, rid) };
  }

  insert(key: string, rid: number): void {
    this.size++;
    if (!this.chunks.length) {
      this.chunks.push({ keys: [key], rids: [rid] });
      return;
    }
    let c = this.chunkFor(key, rid);
    if (c === this.chunks.length) c--; // beyond the end: append to the last chunk
    const ch = this.chunks[c];
    const i = SortedList.offset(ch, key, rid);
    ch.keys.splice(i, 0, key);
    ch.rids.splice(i, 0, rid);
    if (ch.keys.length > MAX_CHUNK * 2) {
      this.chunks.splice(c + 1, 0, { keys: ch.keys.splice(MAX_CHUNK), rids: ch.rids.splice(MAX_CHUNK) });
    }
  }

  /** Removes the exact (key, rid) pair; false when absent. */
  delete(key: string, rid: number): boolean {
    const { c, i } = this.lowerBound(key, rid);
    const ch = this.chunks[c];
    if (!ch || ch.keys[i] !== key || ch.rids[i] !== rid) return false;
    ch.keys.splice(i, 1);
    ch.rids.splice(i, 1);
    if (!ch.keys.length) this.chunks.splice(c, 1);
    this.size--;
    return true;
  }

  keyAt(p: Position): string | undefined {
    return this.chunks[p.c]?.keys[p.i];
  }

  ridAt(p: Position): number {
    return this.chunks[p.c].rids[p.i];
  }

  /** Entries from `from` (inclusive) while the key is below `end`, in order or reversed. */
  *range(start: string, end: string, reverse = false): Generator<number> {
    const from = this.lowerBound(start);
    const to = this.lowerBound(end);
    if (!reverse) {
      for (let c = from.c, i = from.i; c < to.c || (c === to.c && i < to.i); ) {
        const ch = this.chunks[c];
        yield ch.rids[i];
        if (++i >= ch.keys.length) (c++, (i = 0));
      }
      return;
    }
    let c = to.c;
    let i = to.i - 1;
    while (c > from.c || (c === from.c && i >= from.i)) {
      if (i < 0) {
        c--;
        if (c < 0) return;
        i = this.chunks[c].keys.length - 1;
        continue;
      }
      yield this.chunks[c].rids[i];
      i--;
    }
  }

  /** How many entries lie in [start, end): whole chunks are counted by length, so this stays cheap. */
  count(start: string, end: string): number {
    const from = this.lowerBound(start);
    const to = this.lowerBound(end);
    if (from.c === to.c) return to.i - from.i;
    let n = this.chunks[from.c].keys.length - from.i + to.i;
    for (let c = from.c + 1; c < to.c; c++) n += this.chunks[c].keys.length;
    return n;
  }

  /** True when some entry with exactly this key has a rid other than `rid`. */
  hasOther(key: string, rid: number): boolean {
    const p = this.lowerBound(key);
    for (let seen = 0; seen < 2; seen++) {
      const k = this.keyAt(p);
      if (k !== key) return false;
      if (this.ridAt(p) !== rid) return true;
      if (++p.i >= this.chunks[p.c].keys.length) (p.c++, (p.i = 0));
    }
    return false;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }
}
