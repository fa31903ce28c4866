import { describe, expect, it } from 'vitest';
import { Aggregator, Query } from 'mingo';
import type { Document } from 'bson';
import { Collection } from '../../server/embedded-mongo/src/storage/collection';

// The ordered indexes against brute force: thousands of random inserts, replacements and deletes (enough to
// split and merge index chunks), then every query shape the planner turns into index bounds must return
// exactly what a full scan with mingo returns, in the same sort order.

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);

function randomDoc(id: number): Document {
  const doc: Document = { _id: id, a: Math.floor(random() * 60), b: day(Math.floor(random() * 400)), s: pick(['x', 'y', 'z', 'xy', 'Ёж']) };
  if (random() < 0.3) doc.tags = [pick(['t1', 't2', 't3']), pick(['t3', 't4'])];
  if (random() < 0.1) delete doc.a;
  return doc;
}

function brute(all: Document[], filter: Document, sort?: Document): Document[] {
  const pipeline: Document[] = [{ $match: filter }];
  if (sort) pipeline.push({ $sort: sort });
  return new Aggregator(pipeline, {}).run(all) as Document[];
}

const sortKey = (sort: Document) => (d: Document) => Object.keys(sort).map((k) => (d[k] instanceof Date ? d[k].getTime() : d[k] ?? null));

describe('ordered indexes', () => {
  it('answer equality, range, $in, compound and sorted queries exactly like a full scan', () => {
    const coll = new Collection('t', 'c');
    coll.addIndex({ name: 'a_1', key: { a: 1 } });
    coll.addIndex({ name: 'a_1_b_-1', key: { a: 1, b: -1 } });
    coll.addIndex({ name: 'b_-1', key: { b: -1 } });
    coll.addIndex({ name: 'tags_1', key: { tags: 1 } });
    coll.addIndex({ name: 's_1', key: { s: 1 } });
    const live = new Map<number, Document>();
    for (let i = 0; i < 4000; i++) {
      const doc = randomDoc(i);
      coll.insert(doc);
      live.set(i, doc);
    }
    for (let k = 0; k < 1500; k++) {
      const id = Math.floor(random() * 4000);
      const rid = coll.ridOf(id);
      if (rid === undefined) continue;
      if (random() < 0.5) {
        coll.remove(rid);
        live.delete(id);
      } else {
        const doc = randomDoc(id);
        coll.replace(rid, doc);
        live.set(id, doc);
      }
    }
    expect(coll.size).toBe(live.size);
    const all = [...live.values()].sort((x, y) => x._id - y._id);
    const queries: [Document, Document | undefined][] = [
      [{ a: 7 }, undefined],
      [{ a: { $gte: 10, $lt: 20 } }, { a: 1 }],
      [{ a: { $gt: 10, $lte: 20 } }, { a: -1 }],
      [{ a: 3, b: { $gte: day(100), $lt: day(200) } }, { b: -1 }],
      [{ a: { $in: [1, 5, 9] } }, undefined],
      [{ b: { $gt: day(390) } }, { b: 1 }],
      [{ b: { $lte: day(5) } }, { b: -1 }],
      [{ tags: 't3' }, undefined],
      [{ tags: { $in: ['t1', 't4'] }, a: { $lt: 30 } }, undefined],
      [{ s: { $gte: 'x', $lt: 'y' } }, { s: 1 }],
      [{ s: 'Ёж' }, undefined],
      [{ a: null }, undefined],
      [{}, { b: -1 }],
      [{ a: { $gte: 50 } }, { a: 1, b: -1 }],
      // An $in the index decides, with other conditions the matcher still tests (batched lookups).
      [{ a: { $in: [2, 4, 6, 8] }, s: 'x' }, undefined],
      [{ a: { $in: [2, 4, null] }, s: { $in: ['x', 'y'] } }, undefined],
      [{ a: { $in: [3, 11] }, b: { $gte: day(50) } }, { b: -1 }],
      [{ s: { $in: ['xy', 'Ёж'] }, a: { $gt: 40 } }, undefined],
    ];
    for (const [filter, sort] of queries) {
      const expected = brute(all, filter, sort);
      const got = coll.find(filter, { sort }).map((m) => coll.getDoc(m.rid));
      expect(got.map((d) => d._id).sort(), JSON.stringify(filter)).toEqual(expected.map((d) => d._id).sort());
      if (sort) expect(got.map(sortKey(sort)), JSON.stringify({ filter, sort })).toEqual(expected.map(sortKey(sort)));
      expect(coll.count(filter), JSON.stringify(filter)).toBe(expected.length);
      if (sort) {
        const page = coll.find(filter, { sort, skip: 5, limit: 10 }).map((m) => coll.getDoc(m.rid));
        expect(page.map(sortKey(sort))).toEqual(expected.slice(5, 15).map(sortKey(sort)));
      }
    }
    expect(new Query({ a: 7 }, {}).find(all).all().length).toBe(coll.count({ a: 7 }));
  });
});

describe('the sorted list under an index', () => {
  it('keeps (key, rid) pairs in order through chunk growth, splits and deletes, as a plain sorted array does', async () => {
    const { SortedList } = await import('../../server/embedded-mongo/src/indexes/sorted-list');
    const list = new SortedList();
    const model: [string, number][] = [];
    const cmp = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]);
    let rid = 0;
    // Few distinct keys (shared strings, long runs of one key across chunks) and rids beyond 16 bits.
    for (let step = 0; step < 6000; step++) {
      if (model.length && random() < 0.3) {
        const [key, r] = model.splice(Math.floor(random() * model.length), 1)[0];
        expect(list.delete(key, r)).toBe(true);
        expect(list.delete(key, r)).toBe(false);
      } else {
        const entry: [string, number] = [`k${Math.floor(random() * 20)}`, 70_000 + rid++ * 3];
        list.insert(...entry);
        model.push(entry);
      }
    }
    model.sort(cmp);
    expect(list.size).toBe(model.length);
    expect([...list.range('', '\uffff')]).toEqual(model.map(([, r]) => r));
    expect([...list.range('', '\uffff', true)]).toEqual(model.map(([, r]) => r).reverse());
    for (const key of ['k0', 'k7', 'k19', 'k3']) {
      const of = model.filter(([k]) => k === key).map(([, r]) => r);
      expect([...list.range(key, `${key}\0`)]).toEqual(of);
      expect(list.count(key, `${key}\0`)).toBe(of.length);
      expect(list.hasOther(key, of[0])).toBe(of.length > 1);
    }
  });
});
