import { BSON, Long, type Document } from 'bson';
import { randomInt } from 'node:crypto';
import { cursorReply } from '../wire/raw-bson';

// Open cursors of find/aggregate/list*: the remaining documents as raw BSON, handed out in batches by getMore.
// Ids are Int64 (the driver insists), random so a stale id from another connection is unlikely to hit.

const BATCH_BYTES = 8 * 1024 * 1024;
const CURSOR_IDLE_MS = 10 * 60 * 1000;

interface OpenCursor {
  ns: string;
  docs: Uint8Array[];
  pos: number;
  touched: number;
}

export const toRaw = (docs: Document[]): Uint8Array[] => docs.map((d) => BSON.serialize(d));

export class Cursors {
  private readonly open = new Map<string, OpenCursor>();

  /** The first batch and a cursor id (0 when everything fitted). */
  first(ns: string, docs: Uint8Array[], batchSize?: number, singleBatch = false): Buffer {
    const cursor = { ns, docs, pos: 0, touched: Date.now() };
    const batch = take(cursor, batchSize ?? 101);
    let id = Long.ZERO;
    if (!singleBatch && cursor.pos < docs.length) {
      id = Long.fromNumber(randomInt(1, 2 ** 47));
      this.open.set(id.toString(), cursor);
    }
    return cursorReply(ns, id, batch, true);
  }

  next(id: Long | number, batchSize?: number): Buffer | null {
    const key = id.toString();
    const cursor = this.open.get(key);
    if (!cursor) return null;
    cursor.touched = Date.now();
    const batch = take(cursor, batchSize ?? Infinity);
    const done = cursor.pos >= cursor.docs.length;
    if (done) this.open.delete(key);
    return cursorReply(cursor.ns, done ? Long.ZERO : Long.fromString(key), batch, false);
  }

  kill(ids: (Long | number)[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.open.delete(id.toString()) ? killed : notFound).push(Long.fromString(id.toString()));
    return { killed, notFound };
  }

  sweep(): void {
    const cutoff = Date.now() - CURSOR_IDLE_MS;
    for (const [id, cursor] of this.open) if (cursor.touched < cutoff) this.open.delete(id);
  }
}

/** A batch stops at the count asked for or about 8 MB, whichever comes first (replies must stay under 16 MB). */
function take(cursor: OpenCursor, batchSize: number): Uint8Array[] {
  const limit = batchSize > 0 ? batchSize : Infinity;
  const start = cursor.pos;
  let bytes = 0;
  while (cursor.pos < cursor.docs.length && cursor.pos - start < limit) {
    const size = cursor.docs[cursor.pos].length;
    if (cursor.pos > start && bytes + size > BATCH_BYTES) break;
    bytes += size;
    cursor.pos++;
  }
  const batch = cursor.docs.slice(start, cursor.pos);
  // Let sent documents go: a long cursor must not pin everything it has already handed out.
  if (cursor.pos > 1000) {
    cursor.docs = cursor.docs.slice(cursor.pos);
    cursor.pos = 0;
  }
  return batch;
}
