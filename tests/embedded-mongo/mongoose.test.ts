import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { Schema } from 'mongoose';
import { startTarget, uniqueDbName } from './support';

// mongoose 9, unmodified, sees the server as MongoDB.
let target: Awaited<ReturnType<typeof startTarget>>;
let conn: mongoose.Connection;
beforeAll(async () => {
  target = await startTarget();
  conn = await mongoose.createConnection(target.uri, { dbName: uniqueDbName('mongoose') }).asPromise();
});
afterAll(async () => {
  await conn?.dropDatabase().catch(() => undefined);
  await conn?.close();
  await target?.stop();
});

describe('mongoose', () => {
  it('creates, queries, updates and deletes through models', async () => {
    const Member = conn.model('Member', new Schema({ inn: { type: String, required: true }, name: String, levels: [Number], joined: Date }, { timestamps: true }));
    await Member.create({ inn: '7701234560', name: 'СтройМонтаж', levels: [1, 2], joined: new Date('2017-03-15') });
    await Member.insertMany([{ inn: '500100732259', name: 'Кадастрова' }, { inn: '7707083893', name: 'Новый' }]);
    expect(await Member.countDocuments()).toBe(3);
    const found = await Member.findOne({ inn: '7701234560' }).lean();
    expect(found).toMatchObject({ name: 'СтройМонтаж', levels: [1, 2] });
    expect(found!.createdAt).toBeInstanceOf(Date);
    await Member.updateOne({ inn: '7701234560' }, { $push: { levels: 3 } });
    expect((await Member.findOne({ inn: '7701234560' }).lean())!.levels).toEqual([1, 2, 3]);
    const sorted = await Member.find().sort({ name: 1 }).select('name -_id').lean();
    expect(sorted.map((m) => m.name)).toEqual(['Кадастрова', 'Новый', 'СтройМонтаж']);
    await Member.deleteMany({ name: { $ne: 'СтройМонтаж' } });
    expect(await Member.countDocuments()).toBe(1);
  });

  it('surfaces unique-index violations as mongoose duplicate-key errors', async () => {
    const User = conn.model('User', new Schema({ email: { type: String, unique: true } }));
    await User.syncIndexes();
    await User.create({ email: 'a@example.org' });
    const err = await User.create({ email: 'a@example.org' }).catch((e) => e);
    expect(err.name).toBe('MongoServerError');
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ email: 'a@example.org' });
    const bulk = await User.insertMany([{ email: 'b@example.org' }, { email: 'a@example.org' }], { ordered: false }).catch((e) => e);
    expect(bulk.code).toBe(11000);
    expect(await User.countDocuments()).toBe(2);
  });

  it('runs transactions through withTransaction', async () => {
    const Counter = conn.model('Counter', new Schema({ key: String, v: Number }));
    await Counter.create({ key: 'x', v: 0 });
    await conn.transaction(async (session) => {
      await Counter.updateOne({ key: 'x' }, { $inc: { v: 1 } }, { session });
    });
    expect((await Counter.findOne({ key: 'x' }).lean())!.v).toBe(1);
  });
});
