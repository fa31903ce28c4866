import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { startTarget, uniqueDbName } from './support';

// MongoDB 7.0 behaviour the official CRUD specification tests check and the embedded server once got wrong:
// collation, command-level `let`, hints, unknown statement fields, fail points, open connections.
// Run against a real MongoDB with MONGODB_URI to check the assertions themselves.

let target: Awaited<ReturnType<typeof startTarget>>;
let db: Db;
beforeAll(async () => {
  target = await startTarget();
  db = target.client.db(uniqueDbName('fidelity'));
});
afterAll(async () => {
  await db?.dropDatabase();
  await target?.stop();
});

const failureOf = (p: Promise<unknown>) => p.then(() => null, (err: unknown) => err as MongoServerError);
const caseInsensitive = { locale: 'en', strength: 2 } as const;

describe('collation', () => {
  it('matches, counts, sorts, updates and deletes case-insensitively at strength 2', async () => {
    const c = db.collection('people');
    await c.insertMany([{ _id: 1, name: 'PING' }, { _id: 2, name: 'ping' }, { _id: 3, name: 'Pong' }, { _id: 4, name: 'apple' }, { _id: 5, name: 'Banana' }] as never);
    expect((await c.find({ name: 'ping' }, { collation: caseInsensitive }).toArray()).map((d) => d._id)).toEqual([1, 2]);
    expect(await c.find({ name: 'ping' }).toArray()).toHaveLength(1); // binary without one
    expect(await c.countDocuments({ name: 'PING' }, { collation: caseInsensitive })).toBe(2);
    const sorted = await c.find({}, { sort: { name: 1 }, collation: { locale: 'en' } }).toArray();
    expect(sorted.map((d) => d.name)).toEqual(['apple', 'Banana', 'ping', 'PING', 'Pong']);
    const updated = await c.updateMany({ name: 'PONG' }, { $set: { seen: true } }, { collation: caseInsensitive });
    expect(updated.modifiedCount).toBe(1);
    const deleted = await c.deleteOne({ name: 'APPLE' }, { collation: caseInsensitive });
    expect(deleted.deletedCount).toBe(1);
    const found = await c.findOneAndUpdate({ name: 'banana' }, { $set: { n: 1 } }, { collation: caseInsensitive, returnDocument: 'after' });
    expect(found).toMatchObject({ _id: 5, n: 1 });
  });

  it('ignores accents too at strength 1, and gives distinct values once per collation key', async () => {
    const c = db.collection('cities');
    await c.insertMany([{ city: 'Орёл' }, { city: 'орел' }, { city: 'Тверь' }, { city: 'café' }, { city: 'CAFE' }]);
    expect(await c.countDocuments({ city: 'ОРЕЛ' }, { collation: { locale: 'ru', strength: 1 } })).toBe(2);
    expect(await c.countDocuments({ city: 'ОРЕЛ' }, { collation: { locale: 'ru', strength: 2 } })).toBe(1); // ё ≠ е at strength 2
    const values = await c.distinct('city', {}, { collation: { locale: 'fr', strength: 1 } });
    expect(values).toHaveLength(3);
  });

  it('makes a unique index with a collation refuse a value that differs only in case', async () => {
    const c = db.collection('accounts');
    await c.createIndex({ email: 1 }, { unique: true, collation: caseInsensitive });
    await c.insertOne({ email: 'a@x.com' });
    const err = await failureOf(c.insertOne({ email: 'A@X.com' }));
    expect(err?.code).toBe(11000);
    expect(await c.countDocuments()).toBe(1);
  });

  it("uses the collection's default collation when a command gives none", async () => {
    await db.createCollection('tags', { collation: caseInsensitive });
    const c = db.collection('tags');
    await c.insertMany([{ tag: 'СРО' }, { tag: 'сро' }, { tag: 'реестр' }]);
    expect(await c.countDocuments({ tag: 'Сро' })).toBe(2);
    expect(await c.countDocuments({ tag: 'Сро' }, { collation: { locale: 'simple' } })).toBe(0);
  });
});

describe('let variables', () => {
  it('are visible to $expr in find, aggregate, update, delete and findAndModify', async () => {
    const c = db.collection('letters');
    await c.insertMany([{ _id: 1, kind: 'выписка', n: 1 }, { _id: 2, kind: 'справка', n: 2 }] as never);
    const byKind = { $expr: { $eq: ['$kind', '$$wanted'] } };
    expect((await c.find(byKind, { let: { wanted: 'выписка' } }).toArray()).map((d) => d._id)).toEqual([1]);
    expect(await c.aggregate([{ $match: byKind }, { $project: { _id: 1, label: '$$label' } }], { let: { wanted: 'справка', label: 'ok' } }).toArray()).toEqual([{ _id: 2, label: 'ok' }]);
    const u = await c.updateOne(byKind, [{ $set: { n: '$$n' } }], { let: { wanted: 'справка', n: 20 } });
    expect(u.modifiedCount).toBe(1);
    expect((await c.findOne({ _id: 2 } as never))?.n).toBe(20);
    const f = await c.findOneAndUpdate(byKind, { $inc: { n: 1 } }, { let: { wanted: 'выписка' }, returnDocument: 'after' });
    expect(f?.n).toBe(2);
    const d = await c.deleteMany(byKind, { let: { wanted: 'выписка' } });
    expect(d.deletedCount).toBe(1);
  });

  it('are expressions, evaluated once: $literal keeps a dollar-prefixed value', async () => {
    const c = db.collection('letters2');
    await c.insertMany([{ _id: 1 }, { _id: 2 }] as never);
    const r = await c.updateOne({ $expr: { $eq: ['$_id', '$$id'] } }, [{ $set: { x: '$$x', y: '$$y' } }], { let: { id: 1, x: 'foo', y: { $literal: '$bar' }, rand: { $rand: {} } } });
    expect(r.modifiedCount).toBe(1);
    expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 1, x: 'foo', y: '$bar' }, { _id: 2 }]);
  });
});

describe('statement checks', () => {
  it('refuses a hint naming a missing index with BadValue, and accepts one that exists', async () => {
    const c = db.collection('hinted');
    await c.insertOne({ a: 1 });
    await c.createIndex({ a: 1 });
    expect(await c.find({ a: 1 }, { hint: { a: 1 } }).toArray()).toHaveLength(1);
    for (const attempt of [c.find({ a: 1 }, { hint: 'nope_1' }).toArray(), c.updateOne({ a: 1 }, { $set: { b: 1 } }, { hint: 'nope_1' }), c.deleteOne({ a: 1 }, { hint: { nope: 1 } })]) {
      const err = await failureOf(attempt);
      expect(err?.codeName).toBe('BadValue');
    }
    expect(await c.countDocuments({ b: 1 })).toBe(0);
  });

  it('refuses an update statement with a field MongoDB 7.0 does not know, such as sort', async () => {
    const c = db.collection('strict');
    await c.insertOne({ a: 1 });
    const reply = await db.command({ update: 'strict', updates: [{ q: { a: 1 }, u: { $set: { a: 2 } }, sort: { a: 1 } }] }).catch((e: MongoServerError) => e);
    expect((reply as MongoServerError).code).toBe(40415);
    expect(await c.countDocuments({ a: 1 })).toBe(1);
  });
});

describe.skipIf(!!process.env.MONGODB_URI)('fail points and server status (embedded)', () => {
  it('failCommand answers the chosen error the chosen number of times; a retryable write survives one', async () => {
    const admin = target.client.db('admin');
    const c = db.collection('faulty');
    // A replica set member labels ShutdownInProgress on a retryable write: the driver retries it once, unseen.
    await admin.command({ configureFailPoint: 'failCommand', mode: { times: 1 }, data: { failCommands: ['insert'], errorCode: 91 } });
    await c.insertOne({ i: 1 });
    // Failing twice exhausts the retry: the error (with its label) reaches the caller, nothing is stored.
    await admin.command({ configureFailPoint: 'failCommand', mode: { times: 2 }, data: { failCommands: ['insert'], errorCode: 91 } });
    const err = await failureOf(c.insertOne({ i: 2 }));
    expect(err?.code).toBe(91);
    expect(err?.errorLabels).toContain('RetryableWriteError');
    // As a 4.4+ member does, the state-change error names the topology it comes from (the driver weighs it by that).
    const hello = await admin.command({ hello: 1 });
    expect(String(err?.errorResponse?.topologyVersion?.processId)).toBe(String(hello.topologyVersion.processId));
    await c.insertOne({ i: 3 });
    expect((await c.find().toArray()).map((d) => d.i)).toEqual([1, 3]);
  });

  it('failCommand can close the connection or add a write concern error', async () => {
    const admin = target.client.db('admin');
    const c = db.collection('faulty2');
    await admin.command({ configureFailPoint: 'failCommand', mode: { times: 1 }, data: { failCommands: ['find'], closeConnection: true } });
    const noRetry = await new MongoClient(target.uri, { retryReads: false }).connect();
    const closed = await failureOf(noRetry.db(db.databaseName).collection('faulty2').findOne({}));
    await noRetry.close();
    expect(closed?.name).toBe('MongoNetworkError');
    expect(await c.findOne({})).toBeNull(); // the next attempt gets through
    await admin.command({ configureFailPoint: 'failCommand', mode: 'alwaysOn', data: { failCommands: ['insert'], writeConcernError: { code: 64, errmsg: 'waiting for replication timed out' } } });
    const wce = await failureOf(c.insertOne({ x: 1 }));
    await admin.command({ configureFailPoint: 'failCommand', mode: 'off' });
    expect(wce?.name).toBe('MongoWriteConcernError');
    expect(await c.countDocuments({ x: 1 })).toBe(1); // the write itself happened
  });

  it('counts the connections open now, not every connection ever made', async () => {
    const admin = target.client.db('admin');
    const before = (await admin.command({ serverStatus: 1 })).connections.current as number;
    const extra = await new MongoClient(target.uri).connect();
    await extra.db('admin').command({ ping: 1 });
    const during = (await admin.command({ serverStatus: 1 })).connections.current as number;
    await extra.close();
    await new Promise((r) => setTimeout(r, 100));
    const after = (await admin.command({ serverStatus: 1 })).connections.current as number;
    expect(during).toBeGreaterThan(before);
    expect(after).toBeLessThan(during);
  });
});

describe('values', () => {
  it('keeps _id: null, refuses $-prefixed fields in _id, and matches $type by every MongoDB alias', async () => {
    const c = db.collection('values');
    await db.command({ insert: 'values', documents: [{ _id: null, a: 1 }] });
    expect(await c.findOne({ _id: null } as never)).toEqual({ _id: null, a: 1 });
    const bad = await db.command({ insert: 'values', documents: [{ _id: { $bad: 1 } }] });
    expect(bad.writeErrors?.[0]?.code).toBe(53);
    const { ObjectId, Decimal128 } = await import('mongodb');
    await c.insertMany([{ v: new ObjectId() }, { v: 'text' }, { v: [new ObjectId()] }, { v: Decimal128.fromString('1.5') }]);
    expect(await c.countDocuments({ v: { $type: 'objectId' } })).toBe(2);
    expect(await c.countDocuments({ v: { $type: 7 } })).toBe(2);
    expect(await c.countDocuments({ v: { $type: ['string', 'decimal'] } })).toBe(2);
  });

  it('keeps $inc and $mul on Decimal128 exact', async () => {
    const { Decimal128 } = await import('mongodb');
    const c = db.collection('money');
    await c.insertOne({ _id: 'счёт', total: Decimal128.fromString('0.1') } as never);
    await c.updateOne({ _id: 'счёт' } as never, { $inc: { total: Decimal128.fromString('0.2') } });
    await c.updateOne({ _id: 'счёт' } as never, { $mul: { total: Decimal128.fromString('3') } });
    const doc = await c.findOne({ _id: 'счёт' } as never);
    expect(doc!.total).toBeInstanceOf(Decimal128);
    expect(doc!.total.toString()).toMatch(/^0\.90*$/);
  });
});

describe('$out and $merge', () => {
  it('$out replaces the target with the results; $merge folds them in by _id, and fails on a match when asked', async () => {
    const src = db.collection('orders');
    await src.insertMany([{ _id: 1, member: 'a', sum: 10 }, { _id: 2, member: 'b', sum: 5 }, { _id: 3, member: 'a', sum: 7 }] as never);
    await db.collection('totals').insertOne({ _id: 'stale' } as never);
    await src.aggregate([{ $group: { _id: '$member', total: { $sum: '$sum' } } }, { $out: 'totals' }]).toArray();
    expect(await db.collection('totals').find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 'a', total: 17 }, { _id: 'b', total: 5 }]);

    await src.insertOne({ _id: 4, member: 'c', sum: 1 } as never);
    await src.aggregate([{ $match: { member: { $in: ['a', 'c'] } } }, { $group: { _id: '$member', last: { $max: '$_id' } } }, { $merge: { into: 'totals' } }]).toArray();
    expect(await db.collection('totals').find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 'a', total: 17, last: 3 }, { _id: 'b', total: 5 }, { _id: 'c', last: 4 }]);

    const err = await failureOf(src.aggregate([{ $match: { _id: 2 } }, { $project: { _id: '$member' } }, { $merge: { into: 'totals', whenMatched: 'fail' } }]).toArray());
    expect(err?.code).toBe(11000);
    expect(err?.keyPattern ?? err?.errorResponse?.keyPattern).toEqual({ _id: 1 });
    expect(err?.keyValue ?? err?.errorResponse?.keyValue).toEqual({ _id: 'b' });
  });
});

describe('views and validators', () => {
  it('reads a view through its pipeline and refuses writes to it', async () => {
    await db.collection('staff').insertMany([{ name: 'Иванов', role: 'expert' }, { name: 'Петров', role: 'admin' }, { name: 'Сидорова', role: 'expert' }]);
    await db.createCollection('experts', { viewOn: 'staff', pipeline: [{ $match: { role: 'expert' } }, { $project: { _id: 0, name: 1 } }] });
    const view = db.collection('experts');
    expect(await view.find({}, { sort: { name: -1 } }).toArray()).toEqual([{ name: 'Сидорова' }, { name: 'Иванов' }]);
    expect(await view.countDocuments({ name: 'Иванов' })).toBe(1);
    const info = await db.listCollections({ name: 'experts' }).toArray();
    expect(info[0].type).toBe('view');
    const err = await failureOf(view.insertOne({ name: 'x' }));
    expect(err?.code).toBe(166);
  });

  it('validates inserts and updates with $jsonSchema (121 with errInfo), follows collMod, and lets bypass through', async () => {
    await db.createCollection('members', { validator: { $jsonSchema: { bsonType: 'object', required: ['inn'], properties: { inn: { bsonType: 'string', pattern: '^\\d{10}$' } } } } });
    const c = db.collection('members');
    await c.insertOne({ inn: '7701234567' });
    const missing = await failureOf(c.insertOne({ name: 'без ИНН' }));
    expect(missing?.code).toBe(121);
    expect(JSON.stringify(missing?.errInfo)).toMatch(/required/);
    const wrong = await failureOf(c.updateOne({ inn: '7701234567' }, { $set: { inn: '12' } }));
    expect(wrong?.code).toBe(121);
    expect(await c.countDocuments({ inn: '7701234567' })).toBe(1);
    await c.insertOne({ name: 'обход' }, { bypassDocumentValidation: true });
    await db.command({ collMod: 'members', validator: { name: { $exists: true } }, validationAction: 'error' });
    expect((await failureOf(c.insertOne({ inn: '7701234568' })))?.code).toBe(121);
    await db.command({ collMod: 'members', validationLevel: 'off' });
    await c.insertOne({ inn: '7701234569' });
    expect(await c.countDocuments()).toBe(3);
  });
});

/** One OP_MSG command on a socket of its own, as a driver would send a retry; returns the reply document. */
async function rawCommand(uri: string, command: Record<string, unknown>): Promise<Record<string, any>> {
  const net = await import('node:net');
  const { BSON } = await import('mongodb');
  const { hostname, port } = new URL(uri);
  const body = BSON.serialize(command);
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + body.length, 0);
  header.writeInt32LE(7, 4);
  header.writeInt32LE(2013, 12);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(Buffer.concat([header, body])));
    let got = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= 4 && got.length >= got.readInt32LE(0)) {
        socket.destroy();
        resolve(BSON.deserialize(got.subarray(21, got.readInt32LE(0))));
      }
    });
    socket.once('error', reject);
  });
}

describe.skipIf(!!process.env.MONGODB_URI)('replica set (embedded)', () => {
  it('presents itself as the primary of a one-member replica set', async () => {
    const hello = await target.client.db('admin').command({ hello: 1 });
    expect(hello).toMatchObject({ setName: 'rs0', isWritablePrimary: true, secondary: false });
    expect(hello.hosts).toEqual([hello.me]);
    expect(hello.primary).toBe(hello.me);
    // Every reply carries the logical clock, cursor replies too, and it only moves forward.
    const { Timestamp } = await import('mongodb');
    expect(hello.operationTime).toBeInstanceOf(Timestamp);
    expect(hello.$clusterTime.clusterTime).toBeInstanceOf(Timestamp);
    const found = await target.client.db('rs_clock').command({ find: 'none', filter: {} });
    expect(found.cursor.firstBatch).toEqual([]);
    expect(found.operationTime.greaterThan(hello.operationTime)).toBe(true);
  });

  it('runs a retryable write once per session and transaction number, whatever the retries', async () => {
    const { Binary } = await import('mongodb');
    const lsid = { id: new Binary(Buffer.from('0123456789abcdef'), 4) };
    const insert = (txnNumber: number, doc: object) => rawCommand(target.uri, { insert: 'retried', documents: [doc], lsid, txnNumber: BigInt(txnNumber) as never, $db: db.databaseName });
    expect(await insert(1, { _id: 1, attempt: 'first' })).toMatchObject({ ok: 1, n: 1 });
    // The reply was "lost": the driver sends the same write again with the same txnNumber — and gets the same answer.
    expect(await insert(1, { _id: 1, attempt: 'retry' })).toMatchObject({ ok: 1, n: 1 });
    expect(await db.collection('retried').find().toArray()).toEqual([{ _id: 1, attempt: 'first' }]);
    expect(await insert(2, { _id: 2 })).toMatchObject({ ok: 1, n: 1 });
    expect(await insert(1, { _id: 3 })).toMatchObject({ ok: 0, code: 225, codeName: 'TransactionTooOld' });
    expect(await db.collection('retried').countDocuments()).toBe(2);
  });

  it('refuses count in a transaction (263) and a statement of a transaction never started (251)', async () => {
    const session = target.client.startSession();
    session.startTransaction();
    await db.collection('tx').insertOne({ a: 1 }, { session });
    const err = await failureOf(db.collection('tx').countDocuments({}, { session }).then(() => db.command({ count: 'tx' }, { session })));
    expect(err?.code).toBe(263);
    await session.abortTransaction();
    await session.endSession();
    expect(await db.collection('tx').countDocuments()).toBe(0); // the abort rolled the insert back
    const { Binary } = await import('mongodb');
    const stray = await rawCommand(target.uri, { insert: 'tx', documents: [{ b: 1 }], lsid: { id: new Binary(Buffer.from('fedcba9876543210'), 4) }, txnNumber: 5n as never, autocommit: false, $db: db.databaseName });
    expect(stray).toMatchObject({ ok: 0, code: 251, errorLabels: ['TransientTransactionError'] });
  });
});

describe.skipIf(!!process.env.MONGODB_URI)('sessions (embedded)', () => {
  it('lists the local sessions in use', async () => {
    const session = target.client.startSession();
    await db.collection('s').insertOne({ a: 1 }, { session });
    const sessions = await target.client.db('admin').aggregate([{ $listLocalSessions: {} }]).toArray();
    expect(sessions.some((s) => s._id.id.toString('hex') === session.id!.id.toString('hex'))).toBe(true);
    await session.endSession();
  });
});
