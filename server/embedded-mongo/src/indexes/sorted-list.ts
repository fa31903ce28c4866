// An ordered multiset of (key, rid) pairs: a list of sorted chunks (the "sorted containers" layout), so an
// insert or delete moves at most a chunk's worth of pointers instead of the whole index, and a lookup is two
// binary searches. Keys are strings from bson/keys.ts; entries with equal keys are ordered by rid.
// Memory: rids sit in a typed array (4 bytes each, where a JS array slot takes 8), and equal keys — adjacent in
// sorted order — share one string (a status index of 100 000 entries holds 100 strings, not 100 000).

const MAX_CHUNK = 512;
/** A chunk splits when it passes 2 × MAX_CHUNK entries, so its rids never need more room than this. */
const MAX_CAPACITY = MAX_CHUNK * 2 + 1;

interface Chunk {
  keys: string[];
  /** The first `keys.length` slots are the rids, beside their keys; the rest is room to grow. */
  rids: Int32Array;
}

const chunkOf = (keys: string[], rids: ArrayLike<number>, capacity = Math.max(8, keys.length)): Chunk => {
  const typed = new Int32Array(Math.min(MAX_CAPACITY, capacity));
  typed.set(rids);
  return { keys, rids: typed };
};

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
      this.chunks.push(chunkOf([key], [rid]));
      return;
    }
    let c = this.chunkFor(key, rid);
    if (c === this.chunks.length) c--; // beyond the end: append to the last chunk
    const ch = this.chunks[c];
    const i = SortedList.offset(ch, key, rid);
    const n = ch.keys.length;
    // An equal key is a neighbour: keep its string and let this one go.
    const shared = i > 0 && ch.keys[i - 1] === key ? ch.keys[i - 1] : i < n && ch.keys[i] === key ? ch.keys[i] : key;
    if (n === ch.rids.length) ch.rids = chunkOf([], ch.rids, n * 2).rids;
    ch.rids.copyWithin(i + 1, i, n);
    ch.rids[i] = rid;
    ch.keys.splice(i, 0, shared);
    if (n + 1 > MAX_CHUNK * 2) {
      const keys = ch.keys.splice(MAX_CHUNK);
      this.chunks.splice(c + 1, 0, chunkOf(keys, ch.rids.subarray(MAX_CHUNK, n + 1), MAX_CHUNK + MAX_CHUNK / 2));
      ch.rids = chunkOf([], ch.rids.subarray(0, MAX_CHUNK), MAX_CHUNK + MAX_CHUNK / 2).rids;
    }
  }

  /** Removes the exact (key, rid) pair; false when absent. */
  delete(key: string, rid: number): boolean {
    const { c, i } = this.lowerBound(key, rid);
    const ch = this.chunks[c];
    if (!ch || i >= ch.keys.length || ch.keys[i] !== key || ch.rids[i] !== rid) return false;
    ch.rids.copyWithin(i, i + 1, ch.keys.length);
    ch.keys.splice(i, 1);
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
