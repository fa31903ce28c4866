import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binary, Decimal128, GridFSBucket, Long, MongoServerError, ObjectId, type Db } from 'mongodb';
import { startTarget, uniqueDbName } from './support';

// Conformance through the official, unmodified driver. Runs against a real MongoDB too (MONGODB_URI).
let target: Awaited<ReturnType<typeof startTarget>>;
let db: Db;
beforeAll(async () => {
  target = await startTarget();
  db = target.client.db(uniqueDbName('conformance'));
});
afterAll(async () => {
  await db?.dropDatabase().catch(() => undefined);
  await target?.stop();
});

describe('handshake and admin commands', () => {
  it('answers hello, ping, buildInfo and listDatabases like a server', async () => {
    const hello = await db.admin().command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(8);
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    expect((await db.admin().ping()).ok).toBe(1);
    expect((await db.admin().buildInfo()).version).toMatch(/^\d+\.\d+/);
    await db.collection('x').insertOne({ a: 1 });
    const dbs = await db.admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain(db.databaseName);
  });

  it('answers an unknown command with CommandNotFound (59) and keeps the connection', async () => {
    const err = await db.command({ definitelyNotACommand: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(59);
    expect((await db.command({ ping: 1 })).ok).toBe(1);
  });

  it('answers an unknown query operator with BadValue (2)', async () => {
    const err = await db.collection('x').find({ a: { $nope: 1 } }).toArray().catch((e) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(2);
  });

  it('reports NamespaceNotFound (26) for listIndexes of a missing collection', async () => {
    const err = await db.command({ listIndexes: 'missing_collection' }).catch((e) => e);
    expect(err.code).toBe(26);
  });
});

describe('CRUD', () => {
  it('inserts, finds with filter/sort/skip/limit/projection, updates and deletes', async () => {
    const c = db.collection('people');
    await c.insertMany([
      { name: 'Анна', age: 34, city: 'Москва', tags: ['a'] },
      { name: 'Борис', age: 28, city: 'Казань', tags: ['b'] },
      { name: 'Вера', age: 41, city: 'Москва', tags: ['a', 'c'] },
    ]);
    const page = await c.find({ city: 'Москва' }, { projection: { _id: 0, name: 1 } }).sort({ age: -1 }).toArray();
    expect(page).toEqual([{ name: 'Вера' }, { name: 'Анна' }]);
    expect(await c.find({}).sort({ age: 1 }).skip(1).limit(1).project({ _id: 0, name: 1 }).toArray()).toEqual([{ name: 'Анна' }]);
    const res = await c.updateMany({ city: 'Москва' }, { $inc: { age: 1 } });
    expect([res.matchedCount, res.modifiedCount]).toEqual([2, 2]);
    expect(await c.countDocuments({ age: { $gte: 35 } })).toBe(2);
    expect((await c.distinct('city')).sort()).toEqual(['Казань', 'Москва']);
    expect((await c.deleteOne({ name: 'Борис' })).deletedCount).toBe(1);
    expect(await c.countDocuments()).toBe(2);
  });

  it('projects as MongoDB does: _id kept unless excluded, the document\'s field order, a mix of 1 and 0 refused', async () => {
    const c = db.collection('projected');
    const { insertedId: _id } = await c.insertOne({ z: 1, a: { b: 2, c: 3 }, m: [1, 2], k: 'k' });
    const keys = async (projection: Record<string, unknown>) => {
      const doc = await c.findOne({ _id }, { projection });
      return doc && Object.entries(doc).map(([field, value]) => `${field}=${JSON.stringify(value)}`);
    };
    expect(await keys({ k: 1, z: 1 })).toEqual([`_id=${JSON.stringify(_id)}`, 'z=1', 'k="k"']);
    expect(await keys({ _id: 0, a: 1, m: true })).toEqual(['a={"b":2,"c":3}', 'm=[1,2]']);
    expect(await keys({ _id: 1 })).toEqual([`_id=${JSON.stringify(_id)}`]);
    expect(await keys({ _id: 0 })).toEqual(['z=1', 'a={"b":2,"c":3}', 'm=[1,2]', 'k="k"']);
    expect(await keys({ a: 0, m: false })).toEqual([`_id=${JSON.stringify(_id)}`, 'z=1', 'k="k"']);
    expect(await keys({ 'a.b': 1 })).toEqual([`_id=${JSON.stringify(_id)}`, 'a={"b":2}']);
    expect(await keys({ 'a.c': 1, k: 1, _id: 0 })).toEqual(['a={"c":3}', 'k="k"']);
    expect(await keys({ missing: 1 })).toEqual([`_id=${JSON.stringify(_id)}`]);
    const mixed = await c.findOne({ _id }, { projection: { z: 1, a: 0 } }).catch((err) => err);
    expect(mixed).toBeInstanceOf(Error);
    expect((await c.findOneAndUpdate({ _id }, { $inc: { z: 1 } }, { returnDocument: 'after', projection: { z: 1, _id: 0 } }))).toEqual({ z: 2 });
  });

  it('applies the update operators', async () => {
    const c = db.collection('ops');
    const { insertedId } = await c.insertOne({ n: 5, arr: [1, 2, 3], obj: { a: 1 }, gone: true, name: 'x' });
    await c.updateOne({ _id: insertedId }, {
      $inc: { n: 2 }, $mul: { 'obj.a': 10 }, $push: { arr: 4 }, $addToSet: { set: 'q' }, $unset: { gone: '' },
      $rename: { name: 'title' }, $min: { low: 1 }, $max: { high: 9 }, $currentDate: { touched: true },
    } as never); // the driver's typings cannot follow every operator on an untyped collection
    await c.updateOne({ _id: insertedId }, { $pull: { arr: 2 }, $pop: { set: 1 } } as never);
    await c.updateOne({ _id: insertedId, arr: 3 }, { $set: { 'arr.$': 30 } });
    const doc = await c.findOne({ _id: insertedId });
    expect(doc).toMatchObject({ n: 7, obj: { a: 10 }, arr: [1, 30, 4], set: [], title: 'x', low: 1, high: 9 });
    expect(doc).not.toHaveProperty('gone');
    expect(doc!.touched).toBeInstanceOf(Date);
    await c.updateOne({ _id: insertedId }, { $set: { 'items.$[big]': 0 } }).catch(() => undefined);
    await c.updateOne({ _id: insertedId }, { $set: { grades: [1, 8, 9] } });
    await c.updateOne({ _id: insertedId }, { $set: { 'grades.$[g]': 0 } }, { arrayFilters: [{ g: { $gte: 8 } }] });
    expect((await c.findOne({ _id: insertedId }))!.grades).toEqual([1, 0, 0]);
  });

  it('upserts with $setOnInsert only on insert, and findOneAndUpdate returns before/after', async () => {
    const c = db.collection('counters');
    await c.updateOne({ key: 'k' }, { $inc: { v: 1 }, $setOnInsert: { created: 'first' } }, { upsert: true });
    await c.updateOne({ key: 'k' }, { $inc: { v: 1 }, $setOnInsert: { created: 'second' } }, { upsert: true });
    expect(await c.findOne({ key: 'k' }, { projection: { _id: 0 } })).toEqual({ key: 'k', v: 2, created: 'first' });
    const before = await c.findOneAndUpdate({ key: 'k' }, { $inc: { v: 1 } }, { returnDocument: 'before' });
    const after = await c.findOneAndUpdate({ key: 'k' }, { $inc: { v: 1 } }, { returnDocument: 'after' });
    expect([before!.v, after!.v]).toEqual([2, 4]);
    const created = await c.findOneAndUpdate({ key: 'new' }, { $set: { v: 1 } }, { upsert: true, returnDocument: 'after' });
    expect(created).toMatchObject({ key: 'new', v: 1 });
    expect(created!._id).toBeInstanceOf(ObjectId);
    const removed = await c.findOneAndDelete({ key: 'new' });
    expect(removed!.key).toBe('new');
    expect(await c.countDocuments({ key: 'new' })).toBe(0);
  });

  it('refuses to change _id (ImmutableField, 66)', async () => {
    const c = db.collection('immutable');
    const { insertedId } = await c.insertOne({ a: 1 });
    const err = await c.updateOne({ _id: insertedId }, { $set: { _id: new ObjectId() } }).catch((e) => e);
    expect(err.code).toBe(66);
  });

  it('applies $pullAll, $bit, $push modifiers, $addToSet $each, all-positional $[] and pipeline updates', async () => {
    const c = db.collection('ops2');
    const { insertedId: id } = await c.insertOne({ a: [1, 2, 3, 2], b: 5, items: [{ x: 1 }, { x: 2 }], s: [3, 1], p: 2, q: 3 });
    await c.updateOne({ _id: id }, {
      $pullAll: { a: [2, 3] }, $bit: { b: { and: 4 } }, $set: { 'items.$[].x': 0 }, $push: { s: { $each: [5, 2], $sort: 1, $slice: 3 } },
    } as never);
    expect(await c.findOne({ _id: id }, { projection: { _id: 0, a: 1, b: 1, items: 1, s: 1 } })).toEqual({ a: [1], b: 4, items: [{ x: 0 }, { x: 0 }], s: [1, 2, 3] });
    await c.updateOne({ _id: id }, { $addToSet: { a: { $each: [1, 7, 7] } }, $push: { s: { $each: [0], $position: 0 } } } as never);
    await c.updateOne({ _id: id }, [{ $set: { total: { $add: ['$p', '$q'] } } }, { $unset: 'q' }]);
    const doc = await c.findOne({ _id: id });
    expect(doc).toMatchObject({ a: [1, 7], s: [0, 1, 2, 3], total: 5 });
    expect(doc).not.toHaveProperty('q');
  });

  it('pushes with $each and $slice (last n, first n, none), onto a missing field, and refuses a push onto a non-array', async () => {
    const c = db.collection('pushes');
    const { insertedId: id } = await c.insertOne({ recent: ['a', 'b'], n: 1, nested: { list: [1] } });
    await c.updateOne({ _id: id }, { $push: { recent: { $each: ['c', 'd'], $slice: -3 }, fresh: { k: 1 }, 'nested.list': { $each: [2, 3], $slice: 2 } }, $inc: { n: 1 } } as never);
    expect(await c.findOne({ _id: id }, { projection: { _id: 0 } })).toEqual({ recent: ['b', 'c', 'd'], n: 2, nested: { list: [1, 2] }, fresh: [{ k: 1 }] });
    await c.updateOne({ _id: id }, { $push: { recent: { $each: ['e'], $slice: 0 }, fresh: { $each: [] } } } as never);
    expect(await c.findOne({ _id: id }, { projection: { _id: 0, recent: 1, fresh: 1 } })).toEqual({ recent: [], fresh: [{ k: 1 }] });
    const err = await c.updateOne({ _id: id }, { $push: { n: 5 } } as never).catch((e) => e);
    expect(err.code).toBe(2);
    expect((await c.findOne({ _id: id }))!.n).toBe(2);
  });

  it('answers bad updates and pipelines with MongoDB error codes', async () => {
    const c = db.collection('bad');
    const { insertedId: id } = await c.insertOne({ name: 'x' });
    expect((await c.updateOne({ _id: id }, { $inc: { name: 1 } }).catch((e) => e)).code).toBe(14); // TypeMismatch
    expect((await c.updateOne({ _id: id }, { $foo: { name: 1 } } as never).catch((e) => e)).code).toBe(9); // FailedToParse
    expect((await c.aggregate([{ $foo: 1 }]).toArray().catch((e) => e)).code).toBe(40324);
    const getMore = await db.command({ getMore: Long.fromNumber(123456789), collection: 'bad' }).catch((e) => e);
    expect(getMore.code).toBe(43); // CursorNotFound
    expect(await c.findOne({ _id: id }, { projection: { _id: 0 } })).toEqual({ name: 'x' });
  });

  it('reports each duplicate of an unordered insertMany and inserts the rest', async () => {
    const c = db.collection('unordered');
    const err = await c.insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }] as never[], { ordered: false }).catch((e) => e);
    expect(err.code).toBe(11000);
    expect(err.writeErrors).toHaveLength(1);
    expect(await c.countDocuments()).toBe(2);
  });

  it('round-trips BSON types exactly', async () => {
    const c = db.collection('types');
    const doc = {
      _id: new ObjectId(),
      date: new Date('2026-03-01T10:20:30.456Z'),
      dec: Decimal128.fromString('12345.6789'),
      bin: new Binary(Buffer.from([0, 1, 2, 250])),
      long: Long.fromString('9007199254740993'),
      nested: { arr: [1, 'два', null, true] },
    };
    await c.insertOne(doc);
    const back = await c.findOne({ _id: doc._id }, { promoteLongs: false });
    expect(back!._id.equals(doc._id)).toBe(true);
    expect(back!.date.toISOString()).toBe(doc.date.toISOString());
    expect(back!.dec.toString()).toBe('12345.6789');
    expect(Buffer.from(back!.bin.buffer).equals(Buffer.from([0, 1, 2, 250]))).toBe(true);
    expect(back!.long.toString()).toBe('9007199254740993');
    expect(back!.nested).toEqual(doc.nested);
  });
});

describe('indexes', () => {
  it('enforces unique and compound unique indexes with 11000, keyPattern and keyValue', async () => {
    const c = db.collection('users');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.createIndex({ sro: 1, inn: 1 }, { unique: true });
    await c.insertOne({ email: 'a@x.ru', sro: 1, inn: '1' });
    const dup = await c.insertOne({ email: 'a@x.ru', sro: 2, inn: '2' }).catch((e) => e);
    expect(dup.code).toBe(11000);
    expect(dup.keyPattern).toEqual({ email: 1 });
    expect(dup.keyValue).toEqual({ email: 'a@x.ru' });
    await c.insertOne({ email: 'b@x.ru', sro: 2, inn: '1' });
    const compound = await c.insertOne({ email: 'c@x.ru', sro: 1, inn: '1' }).catch((e) => e);
    expect(compound.code).toBe(11000);
    expect(compound.keyPattern).toEqual({ sro: 1, inn: 1 });
    const viaUpdate = await c.updateOne({ email: 'b@x.ru' }, { $set: { email: 'a@x.ru' } }).catch((e) => e);
    expect(viaUpdate.code).toBe(11000);
    expect(await c.countDocuments({ email: 'a@x.ru' })).toBe(1);
    const names = (await c.listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['_id_', 'email_1', 'sro_1_inn_1']));
    await c.dropIndex('email_1');
    await c.insertOne({ email: 'a@x.ru', sro: 3, inn: '3' });
  });

  it('supports sparse and partial unique indexes', async () => {
    const c = db.collection('partial');
    await c.createIndex({ code: 1 }, { unique: true, sparse: true });
    await c.insertMany([{ a: 1 }, { a: 2 }]);
    await c.createIndex({ msg: 1 }, { unique: true, partialFilterExpression: { msg: { $type: 'string' } } });
    await c.insertMany([{ msg: null }, { msg: null }, { msg: 'x' }]);
    expect((await c.insertOne({ msg: 'x' }).catch((e) => e)).code).toBe(11000);
    expect((await c.insertOne({ code: 'c' }).catch(() => null))).toBeTruthy();
    expect((await c.insertOne({ code: 'c' }).catch((e) => e)).code).toBe(11000);
  });

  it('refuses an upsert that would duplicate a unique key', async () => {
    const c = db.collection('upsertdup');
    await c.createIndex({ code: 1 }, { unique: true });
    await c.insertOne({ code: 'A', n: 1 });
    const err = await c.updateOne({ n: 2 }, { $set: { code: 'A' } }, { upsert: true }).catch((e) => e);
    expect(err.code).toBe(11000);
    expect(await c.countDocuments()).toBe(1);
  });

  it('uses an index for equality and range lookups (explain shows IXSCAN), a collection scan otherwise', async () => {
    const c = db.collection('planned');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.createIndex({ at: -1 });
    await c.insertMany(Array.from({ length: 200 }, (_, i) => ({ email: `u${i}@x.ru`, at: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000), n: i })));
    const byEmail = JSON.stringify(await c.find({ email: 'u5@x.ru' }).explain('queryPlanner'));
    expect(byEmail).toContain('IXSCAN');
    expect(byEmail).toContain('email_1');
    const range = JSON.stringify(await c.find({ at: { $gte: new Date(Date.UTC(2026, 1, 1)), $lt: new Date(Date.UTC(2026, 2, 1)) } }).explain('queryPlanner'));
    expect(range).toContain('at_-1');
    expect(JSON.stringify(await c.find({ n: 5 }).explain('queryPlanner'))).toContain('COLLSCAN');
    expect(await c.countDocuments({ at: { $gte: new Date(Date.UTC(2026, 1, 1)), $lt: new Date(Date.UTC(2026, 2, 1)) } })).toBe(28);
    const page = await c.find({}, { projection: { _id: 0, n: 1 } }).sort({ at: -1 }).skip(10).limit(3).toArray();
    expect(page).toEqual([{ n: 189 }, { n: 188 }, { n: 187 }]);
  });

  it('answers a $or whose branches are all indexed by one index scan per branch, each document once', async () => {
    const c = db.collection('ored');
    await c.createIndex({ tenant: 1, memberId: 1 });
    await c.createIndex({ tenant: 1, email: 1 });
    await c.insertMany(Array.from({ length: 300 }, (_, i) => ({ tenant: i % 3 ? 'a' : 'b', memberId: i % 30, email: `u${i}@x.ru`, blocked: i % 7 === 0 })));
    // The members' users and one more user (who is also one of them: returned once), in tenant "a" only.
    const filter = { tenant: 'a', $or: [{ memberId: 4, blocked: false }, { email: 'u4@x.ru' }, { email: 'u2@x.ru' }] };
    const expected = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 && ((i % 30 === 4 && i % 7) || i === 4 || i === 2));
    const found = (await c.find(filter).toArray()).map((d) => Number(d.email.slice(1, -5))).sort((a, b) => a - b);
    expect(found).toEqual(expected);
    expect(await c.countDocuments(filter)).toBe(expected.length);
    const plan = (await c.find(filter).explain('queryPlanner')).queryPlanner.winningPlan;
    expect(plan.inputStage.stage).toBe('OR');
    expect(plan.inputStage.inputStages.map((s: { indexName: string }) => s.indexName)).toEqual(['tenant_1_memberId_1', 'tenant_1_email_1', 'tenant_1_email_1']);
    // A branch no index serves makes it a collection scan: a union would miss its documents.
    expect(JSON.stringify(await c.find({ tenant: 'a', $or: [{ memberId: 4 }, { blocked: true }] }).explain('queryPlanner'))).not.toContain('"OR"');
    expect(await c.countDocuments({ tenant: 'a', $or: [{ memberId: 4 }, { blocked: true }] })).toBe(Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 && (i % 30 === 4 || i % 7 === 0)).length);
  });

  it('orders mixed BSON types by an index as MongoDB does, and keeps ranges within one type', async () => {
    const c = db.collection('mixed');
    await c.createIndex({ v: 1 });
    const oid = new ObjectId();
    await c.insertMany([true, 'b', 2.5, null, new Date(0), 'a', -1, Long.fromNumber(5), oid, 'ab'].map((v, i) => ({ i, v })));
    const asc = (await c.find({}, { projection: { _id: 0, i: 1 } }).sort({ v: 1 }).toArray()).map((d) => d.i);
    expect(asc).toEqual([3, 6, 2, 7, 5, 9, 1, 8, 0, 4]);
    const desc = (await c.find({}, { projection: { _id: 0, i: 1 } }).sort({ v: -1 }).toArray()).map((d) => d.i);
    expect(desc).toEqual([...asc].reverse());
    expect((await c.find({ v: { $gte: 0 } }, { projection: { _id: 0, i: 1 } }).sort({ v: 1 }).toArray()).map((d) => d.i)).toEqual([2, 7]);
    expect((await c.find({ v: { $gt: 'a', $lt: 'b' } }, { projection: { _id: 0, i: 1 } }).toArray()).map((d) => d.i)).toEqual([9]);
  });

  it('keeps multikey and partial indexes exact through updates that leave their fields alone and ones that change them', async () => {
    // The server re-derives a document's keys only for indexes whose fields an update touched: both kinds here.
    const c = db.collection('touched');
    await c.createIndex({ terms: 1 });
    await c.createIndex({ at: -1 });
    await c.createIndex({ ref: 1 }, { unique: true, partialFilterExpression: { ref: { $type: 'string' } } });
    await c.insertMany([{ n: 1, terms: ['акт', 'проверка'], at: new Date(1), ref: 'r1' }, { n: 2, terms: ['взнос'], at: new Date(2), ref: 5 }]);
    await c.updateOne({ n: 1 }, { $inc: { seen: 1 }, $set: { at: new Date(10) } }); // terms and ref untouched
    await c.updateOne({ n: 2 }, { $set: { terms: ['взнос', 'счёт'], ref: 'r2' } }); // both changed
    const ns = async (filter: object) => (await c.find(filter).sort({ n: 1 }).toArray()).map((d) => d.n);
    expect(await ns({ terms: 'проверка' })).toEqual([1]);
    expect(await ns({ terms: 'счёт' })).toEqual([2]);
    expect(await ns({ at: { $gt: new Date(5) } })).toEqual([1]);
    expect(await ns({ at: new Date(1) })).toEqual([]);
    // The partial unique index now holds r2 (a number was outside it, the string is in) and still holds r1.
    expect((await c.insertOne({ n: 3, ref: 'r2' }).catch((e) => e)).code).toBe(11000);
    expect((await c.insertOne({ n: 4, ref: 'r1' }).catch((e) => e)).code).toBe(11000);
    expect((await c.insertOne({ n: 5, ref: 5 }).catch((e) => e)).insertedId).toBeTruthy();
    await c.updateOne({ n: 1 }, { $unset: { ref: '' } });
    expect((await c.insertOne({ n: 6, ref: 'r1' })).insertedId).toBeTruthy();
  });

  it('refuses a unique index over duplicate data', async () => {
    const c = db.collection('dups');
    await c.insertMany([{ v: 1 }, { v: 1 }]);
    const err = await c.createIndex({ v: 1 }, { unique: true }).catch((e) => e);
    expect(err.code).toBe(11000);
  });
});

describe('cursors and aggregation', () => {
  it('pages through getMore batches without loss or repeat', async () => {
    const c = db.collection('many');
    await c.insertMany(Array.from({ length: 1050 }, (_, i) => ({ i })));
    const seen = await c.find({}, { batchSize: 100 }).sort({ i: 1 }).map((d) => d.i).toArray();
    expect(seen).toEqual(Array.from({ length: 1050 }, (_, i) => i));
    const cursor = c.find({}, { batchSize: 10 });
    await cursor.next();
    await cursor.close();
  });

  it('runs $match, $group, $lookup, $unwind, $facet, $count, $project, $addFields, $sort/$skip/$limit', async () => {
    const orders = db.collection('orders');
    const members = db.collection('members');
    await members.insertMany([{ _id: 1 as never, name: 'СтройМонтаж' }, { _id: 2 as never, name: 'Кадастр' }]);
    await orders.insertMany([
      { member: 1, sum: 100, items: ['a', 'b'] },
      { member: 1, sum: 50, items: ['c'] },
      { member: 2, sum: 70, items: [] },
    ]);
    const totals = await orders.aggregate([
      { $match: { sum: { $gte: 50 } } },
      { $group: { _id: '$member', total: { $sum: '$sum' }, n: { $sum: 1 } } },
      { $lookup: { from: 'members', localField: '_id', foreignField: '_id', as: 'm' } },
      { $unwind: '$m' },
      { $addFields: { name: '$m.name' } },
      { $project: { _id: 0, name: 1, total: 1, n: 1 } },
      { $sort: { total: -1 } },
    ]).toArray();
    expect(totals).toEqual([{ total: 150, n: 2, name: 'СтройМонтаж' }, { total: 70, n: 1, name: 'Кадастр' }]);
    const [facets] = await orders.aggregate([
      { $facet: { big: [{ $match: { sum: { $gt: 60 } } }, { $count: 'n' }], items: [{ $unwind: '$items' }, { $count: 'n' }] } },
    ]).toArray();
    expect(facets).toEqual({ big: [{ n: 2 }], items: [{ n: 3 }] });
    const paged = await orders.aggregate([{ $sort: { sum: 1 } }, { $skip: 1 }, { $limit: 1 }, { $project: { _id: 0, sum: 1 } }]).toArray();
    expect(paged).toEqual([{ sum: 70 }]);
  });
});

describe('sessions and transactions', () => {
  // A standalone MongoDB refuses transactions; a replica set (and the embedded server) runs them.
  const transactionsSupported = async () => !!target.embedded || !!(await db.admin().command({ hello: 1 })).setName;

  it('commits a withTransaction callback', async (ctx) => {
    if (!(await transactionsSupported())) ctx.skip();
    const c = db.collection('tx');
    await c.insertOne({ setup: true });
    const session = target.client.startSession();
    try {
      await session.withTransaction(async () => {
        await c.insertOne({ a: 1 }, { session });
        await c.updateOne({ a: 1 }, { $set: { b: 2 } }, { session });
      });
    } finally {
      await session.endSession();
    }
    expect(await c.findOne({ a: 1 }, { projection: { _id: 0 } })).toEqual({ a: 1, b: 2 });
  });

  it('rolls back every write of an aborted transaction', async (ctx) => {
    if (!(await transactionsSupported())) ctx.skip();
    const c = db.collection('tx_abort');
    await c.insertMany([{ _id: 'acct', balance: 100 }, { _id: 'gone', v: 1 }] as never[]);
    const session = target.client.startSession();
    try {
      const failed = session.withTransaction(async () => {
        await c.updateOne({ _id: 'acct' } as never, { $inc: { balance: -30 } }, { session });
        await c.insertOne({ _id: 'log1' } as never, { session });
        await c.deleteOne({ _id: 'gone' } as never, { session });
        throw new Error('business rule');
      });
      await expect(failed).rejects.toThrow('business rule');
    } finally {
      await session.endSession();
    }
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([{ _id: 'acct', balance: 100 }, { _id: 'gone', v: 1 }]);
  });
});

describe('GridFS', () => {
  it('uploads, downloads whole and by range, and deletes', async () => {
    const bucket = new GridFSBucket(db, { bucketName: 'files' });
    const data = Buffer.alloc(3 * 1024 * 1024 + 123);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) % 251;
    const id = await new Promise<ObjectId>((resolve, reject) => {
      const upload = bucket.openUploadStream('big.bin');
      upload.once('finish', () => resolve(upload.id as ObjectId)).once('error', reject);
      upload.end(data);
    });
    const read = (stream: NodeJS.ReadableStream) => new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c)).once('end', () => resolve(Buffer.concat(chunks))).once('error', reject);
    });
    expect((await read(bucket.openDownloadStream(id))).equals(data)).toBe(true);
    const range = await read(bucket.openDownloadStream(id, { start: 300_000, end: 1_300_000 }));
    expect(range.equals(data.subarray(300_000, 1_300_000))).toBe(true);
    await bucket.delete(id);
    expect(await db.collection('files.chunks').countDocuments({ files_id: id })).toBe(0);
  });
});

describe('TTL indexes', () => {
  // ttlMonitorSleepSecs is MongoDB's own knob for the TTL monitor's interval (60 s by default).
  it('removes documents whose TTL date has passed', { timeout: 100_000 }, async () => {
    const { was } = await db.admin().command({ setParameter: 1, ttlMonitorSleepSecs: 1 });
    try {
      const c = db.collection('sessions');
      await c.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
      await c.insertMany([{ k: 'old', expiresAt: new Date(Date.now() - 1000) }, { k: 'new', expiresAt: new Date(Date.now() + 3_600_000) }]);
      // A real server may still be in its previous 60-second sleep.
      await expect.poll(() => c.countDocuments({ k: 'old' }), { timeout: target.embedded ? 10_000 : 90_000, interval: 200 }).toBe(0);
      expect(await c.countDocuments({ k: 'new' })).toBe(1);
    } finally {
      await db.admin().command({ setParameter: 1, ttlMonitorSleepSecs: was });
    }
  });
});
