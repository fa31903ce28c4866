import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientSession, Collection, Db, MongoClient } from 'mongodb';
import { startTarget, uniqueDbName } from './support';

// Transactions as other clients see them: isolation until commit, write conflicts between transactions, plain
// writes waiting for a transaction to end, and the lifetime limit that frees an abandoned one.

let target: Awaited<ReturnType<typeof startTarget>>;
let client: MongoClient;
let db: Db;
let items: Collection<{ _id: number; n: number }>;

beforeAll(async () => {
  target = await startTarget();
  client = target.client;
  db = client.db(uniqueDbName('txn'));
});
afterAll(() => target.stop());

beforeEach(async () => {
  items = db.collection(`items_${Math.random().toString(36).slice(2, 8)}`);
  await items.insertMany([
    { _id: 1, n: 1 },
    { _id: 2, n: 2 },
  ]);
});

const sorted = (s?: ClientSession) => items.find({}, { session: s, sort: { _id: 1 } }).toArray();

/** A promise's state without waiting for it. */
function track<T>(p: Promise<T>): { done: () => boolean; promise: Promise<T> } {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { done: () => settled, promise: p };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('isolation', () => {
  it('hides a transaction’s writes from other readers until it commits', async () => {
    const session = client.startSession();
    session.startTransaction();
    await items.updateOne({ _id: 1 }, { $set: { n: 10 } }, { session });
    await items.insertOne({ _id: 3, n: 3 }, { session });
    await items.deleteOne({ _id: 2 }, { session });

    expect(await sorted(session)).toEqual([{ _id: 1, n: 10 }, { _id: 3, n: 3 }]);
    // Outside: every kind of read sees the documents as they were.
    expect(await sorted()).toEqual([{ _id: 1, n: 1 }, { _id: 2, n: 2 }]);
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, n: 1 });
    expect(await items.find({ n: 10 }).toArray()).toEqual([]);
    expect(await items.find({ n: { $gte: 2 } }).toArray()).toEqual([{ _id: 2, n: 2 }]);
    expect(await items.countDocuments({})).toBe(2);
    expect(await items.countDocuments({ n: { $lt: 5 } })).toBe(2);
    expect(await items.distinct('n')).toEqual([1, 2]);
    expect(await items.aggregate([{ $group: { _id: null, total: { $sum: '$n' } } }]).toArray()).toEqual([{ _id: null, total: 3 }]);

    await session.commitTransaction();
    await session.endSession();
    expect(await sorted()).toEqual([{ _id: 1, n: 10 }, { _id: 3, n: 3 }]);
    expect(await items.countDocuments({})).toBe(2);
  });

  it('shows nothing of an aborted transaction, before or after', async () => {
    const session = client.startSession();
    session.startTransaction();
    await items.updateMany({}, { $inc: { n: 100 } }, { session });
    await items.insertOne({ _id: 9, n: 9 }, { session });
    expect(await sorted()).toEqual([{ _id: 1, n: 1 }, { _id: 2, n: 2 }]);
    await session.abortTransaction();
    await session.endSession();
    expect(await sorted()).toEqual([{ _id: 1, n: 1 }, { _id: 2, n: 2 }]);
  });
});

describe('snapshot reads', () => {
  it('reads one snapshot from its first operation on: later plain writes and commits stay out, its own writes are on top', async () => {
    await items.createIndex({ n: 1 });
    await items.insertOne({ _id: 3, n: 3 });
    const session = client.startSession();
    session.startTransaction();
    expect(await sorted(session)).toEqual([{ _id: 1, n: 1 }, { _id: 2, n: 2 }, { _id: 3, n: 3 }]);

    // Outside, after it began: an update, an insert and a delete, and another transaction's commit.
    await items.updateOne({ _id: 1 }, { $set: { n: 50 } });
    await items.insertOne({ _id: 4, n: 4 });
    await items.deleteOne({ _id: 3 });
    const other = client.startSession();
    await other.withTransaction(async () => {
      await items.updateOne({ _id: 2 }, { $set: { n: 20 } }, { session: other });
    });
    await other.endSession();
    expect(await sorted()).toEqual([{ _id: 1, n: 50 }, { _id: 2, n: 20 }, { _id: 4, n: 4 }]);

    // Inside, by every path — a scan, the index on n by old and new values, _id lookups, an aggregation — the snapshot.
    expect(await sorted(session)).toEqual([{ _id: 1, n: 1 }, { _id: 2, n: 2 }, { _id: 3, n: 3 }]);
    expect(await items.find({ n: { $lte: 4 } }, { session, sort: { n: -1 } }).toArray()).toEqual([{ _id: 3, n: 3 }, { _id: 2, n: 2 }, { _id: 1, n: 1 }]);
    expect(await items.find({ n: { $in: [20, 50] } }, { session }).toArray()).toEqual([]);
    expect(await items.findOne({ _id: 4 }, { session })).toBeNull();
    expect(await items.findOne({ _id: 3 }, { session })).toEqual({ _id: 3, n: 3 });
    expect(await items.aggregate([{ $group: { _id: null, total: { $sum: '$n' } } }], { session }).toArray()).toEqual([{ _id: null, total: 6 }]);
    await items.insertOne({ _id: 5, n: 5 }, { session });
    expect(await sorted(session)).toEqual([{ _id: 1, n: 1 }, { _id: 2, n: 2 }, { _id: 3, n: 3 }, { _id: 5, n: 5 }]);

    // Writing a document changed since it began would lose that change: WriteConflict, and the transaction is over.
    const conflict = await items.updateOne({ _id: 1 }, { $inc: { n: 1 } }, { session }).catch((err: { code?: number }) => err);
    expect((conflict as { code?: number }).code).toBe(112);
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
    expect(await sorted()).toEqual([{ _id: 1, n: 50 }, { _id: 2, n: 20 }, { _id: 4, n: 4 }]);

    // A transaction begun now reads what is committed now.
    const fresh = client.startSession();
    fresh.startTransaction();
    expect(await sorted(fresh)).toEqual([{ _id: 1, n: 50 }, { _id: 2, n: 20 }, { _id: 4, n: 4 }]);
    await fresh.commitTransaction();
    await fresh.endSession();
  });
});

describe('write conflicts', () => {
  it('fails the second transaction to write a document with WriteConflict, labelled for a retry, and aborts it', async () => {
    const first = client.startSession();
    const second = client.startSession();
    first.startTransaction();
    second.startTransaction();
    await items.updateOne({ _id: 1 }, { $inc: { n: 1 } }, { session: first });
    const conflict = await items.updateOne({ _id: 1 }, { $inc: { n: 10 } }, { session: second }).catch((e) => e);
    expect(conflict).toMatchObject({ code: 112, codeName: 'WriteConflict' });
    expect(conflict.errorLabels).toContain('TransientTransactionError');
    // The conflict aborted the second transaction: nothing of it can commit.
    await expect(second.commitTransaction()).rejects.toMatchObject({ code: 251 });
    await first.commitTransaction();
    await Promise.all([first.endSession(), second.endSession()]);
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, n: 2 });
  });

  it('lets withTransaction retry a conflicting transaction, so concurrent increments both land', async () => {
    const increment = async () => {
      const session = client.startSession();
      try {
        await session.withTransaction(async () => {
          const doc = await items.findOne({ _id: 1 }, { session });
          await pause(30); // both read before either writes
          await items.updateOne({ _id: 1 }, { $set: { n: doc!.n + 1 } }, { session });
        });
      } finally {
        await session.endSession();
      }
    };
    await Promise.all([increment(), increment(), increment()]);
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, n: 4 });
  });

  it('makes a plain write to a document a transaction holds wait for the commit, then apply to what was committed', async () => {
    const session = client.startSession();
    session.startTransaction();
    await items.updateOne({ _id: 1 }, { $inc: { n: 1 } }, { session });
    const plain = track(items.updateOne({ _id: 1 }, { $inc: { n: 10 } }));
    await pause(150);
    expect(plain.done()).toBe(false);
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, n: 1 });
    await session.commitTransaction();
    await session.endSession();
    expect((await plain.promise).modifiedCount).toBe(1);
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, n: 12 });
  });

  it('lets the waiting plain write go on the original after an abort, and undoes none of its other documents', async () => {
    const session = client.startSession();
    session.startTransaction();
    await items.updateOne({ _id: 2 }, { $set: { n: 50 } }, { session });
    // A multi-document write meets the held document halfway: it waits, and nothing of it is applied twice.
    const plain = track(items.updateMany({}, { $inc: { n: 1 } }));
    await pause(150);
    expect(plain.done()).toBe(false);
    await session.abortTransaction();
    await session.endSession();
    expect((await plain.promise).modifiedCount).toBe(2);
    expect(await sorted()).toEqual([{ _id: 1, n: 2 }, { _id: 2, n: 3 }]);
  });

  it('aborts a transaction left open past transactionLifetimeLimitSeconds, freeing its documents', async () => {
    const admin = client.db('admin');
    const { was } = await admin.command({ setParameter: 1, transactionLifetimeLimitSeconds: 1 });
    try {
      const session = client.startSession();
      session.startTransaction();
      await items.updateOne({ _id: 1 }, { $set: { n: 99 } }, { session });
      // The client goes quiet; a plain write waits until the transaction is reaped (MongoDB checks periodically).
      await items.updateOne({ _id: 1 }, { $inc: { n: 1 } });
      expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, n: 2 });
      await expect(session.commitTransaction()).rejects.toMatchObject({ code: 251 });
      await session.endSession();
    } finally {
      await admin.command({ setParameter: 1, transactionLifetimeLimitSeconds: was });
    }
  }, 90_000);
});
