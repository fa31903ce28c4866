import { BSON, Long, type Document } from 'bson';
import { randomInt } from 'node:crypto';

// Open cursors of find/aggregate/list*: the remaining documents, handed out in batches by getMore.

const BATCH_BYTES = 8 * 1024 * 1024;
const CURSOR_IDLE_MS = 10 * 60 * 1000;

interface OpenCursor {
  ns: string;
  docs: Document[];
  pos: number;
  touched: number;
}

export class Cursors {
  private readonly open = new Map<string, OpenCursor>();

  /** The first batch and a cursor id (0 when everything fitted). */
  first(ns: string, docs: Document[], batchSize?: number, singleBatch = false): Document {
    const cursor = { ns, docs, pos: 0, touched: Date.now() };
    const batch = this.take(cursor, batchSize ?? 101);
    let id = Long.ZERO;
    if (!singleBatch && cursor.pos < docs.length) {
      id = Long.fromNumber(randomInt(1, 2 ** 47));
      this.open.set(id.toString(), cursor);
    }
    return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
  }

  next(id: Long | number, batchSize?: number): Document | null {
    const key = id.toString();
    const cursor = this.open.get(key);
    if (!cursor) return null;
    cursor.touched = Date.now();
    const batch = this.take(cursor, batchSize ?? Infinity);
    const done = cursor.pos >= cursor.docs.length;
    if (done) this.open.delete(key);
    return { cursor: { nextBatch: batch, id: done ? Long.ZERO : Long.fromString(key), ns: cursor.ns }, ok: 1 };
  }

  kill(ids: (Long | number)[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) {
      const long = Long.fromString(id.toString());
      (this.open.delete(id.toString()) ? killed : notFound).push(long);
    }
    return { killed, notFound };
  }

  /** Batches stop at the count asked for or about 8 MB, whichever comes first (replies must stay under 16 MB). */
  private take(cursor: OpenCursor, batchSize: number): Document[] {
    const batch: Document[] = [];
    let bytes = 0;
    const limit = batchSize > 0 ? batchSize : Infinity;
    while (cursor.pos < cursor.docs.length && batch.length < limit) {
      const doc = cursor.docs[cursor.pos];
      const size = BSON.calculateObjectSize(doc);
      if (batch.length && bytes + size > BATCH_BYTES) break;
      batch.push(doc);
      bytes += size;
      cursor.pos++;
    }
    return batch;
  }

  sweep(): void {
    const cutoff = Date.now() - CURSOR_IDLE_MS;
    for (const [id, cursor] of this.open) if (cursor.touched < cutoff) this.open.delete(id);
  }
}
