import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { BSON, MongoClient, MongoServerError } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo/src/index';
import { Storage } from '../../server/embedded-mongo/src/storage/storage';
import { RECORD_HEADER } from '../../server/embedded-mongo/src/journal/records';

// What the disk does wrong, and what the embedded server does about it: a full disk and a failing fdatasync fail
// the waiting writes and refuse later ones (never acknowledged as durable); damage in the middle of the journal or
// anywhere in a snapshot stops the start-up with a clear message, and a repair keeps a copy and recovers the rest;
// a snapshot larger than 2 GiB is read as a stream.

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function freshDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

async function open(dbPath: string, opts: { repair?: boolean } = {}): Promise<{ server: EmbeddedMongo; client: MongoClient; notes: ReturnType<ReturnType<MongoClient['db']>['collection']>; close(): Promise<void> }> {
  const server = await startEmbeddedMongo({ dbPath, ...opts });
  const client = await new MongoClient(server.uri, { serverSelectionTimeoutMS: 3000, retryWrites: false }).connect();
  return {
    server,
    client,
    notes: client.db('crash').collection('notes'),
    async close() {
      await client.close();
      await server.stop();
    },
  };
}

const failureOf = (p: Promise<unknown>) => p.then(() => null, (err: unknown) => err as MongoServerError);

describe('a failing disk', () => {
  it('fails the write on a full disk with OutOfDiskSpace and refuses every later write until restart', async () => {
    const dbPath = await freshDir('embedded-full-');
    // /dev/full answers every write(2) with ENOSPC: the kernel's own full disk.
    fs.symlinkSync('/dev/full', path.join(dbPath, 'journal.bin'));
    const db = await open(dbPath);
    const first = await failureOf(db.notes.insertOne({ n: 1 }));
    expect(first).toBeInstanceOf(MongoServerError);
    expect(first!.code).toBe(14031);
    expect(first!.codeName).toBe('OutOfDiskSpace');
    expect(first!.message).toMatch(/ENOSPC/);
    const later = await failureOf(db.notes.updateOne({ n: 1 }, { $set: { n: 2 } }, { upsert: true }));
    expect(later!.code).toBe(14031);
    // Reads go on; the server stays up for every client.
    expect((await db.client.db('admin').command({ ping: 1 })).ok).toBe(1);
    await db.close();
  });

  it('fails the writes waiting on a failed fdatasync, refuses later ones, and keeps what was acknowledged', async () => {
    const dbPath = await freshDir('embedded-fsync-');
    const db = await open(dbPath);
    await db.notes.insertMany([{ _id: 1, text: 'до сбоя' }, { _id: 2, text: 'до сбоя' }] as never);
    await db.client.db('admin').command({ configureFailPoint: 'journalSyncFailure', mode: { times: 1 }, data: { errno: 'EIO' } });
    const [a, b] = await Promise.all([failureOf(db.notes.insertOne({ _id: 3 } as never)), failureOf(db.notes.insertOne({ _id: 4 } as never))]);
    for (const err of [a, b]) {
      expect(err!.codeName).toBe('InternalError');
      expect(err!.message).toMatch(/EIO.*refused until the server restarts/);
    }
    // The fail point fired once, but the journal stays failed: a retried fsync may lie.
    const refused = await failureOf(db.notes.insertOne({ _id: 5 } as never));
    expect(refused!.message).toMatch(/refused until the server restarts/);
    await db.close();

    const again = await open(dbPath);
    const ids = (await again.notes.find().toArray()).map((d) => d._id);
    expect(ids).toEqual(expect.arrayContaining([1, 2]));
    expect(ids).not.toContain(5);
    await again.notes.insertOne({ _id: 6 } as never); // writable again after the restart
    expect(await again.notes.countDocuments({ _id: 6 } as never)).toBe(1);
    await again.close();
  });
});

/** Flips one bit of `file` at `offset`. */
function flipBit(file: string, offset: number): void {
  const data = fs.readFileSync(file);
  data[offset] ^= 0x10;
  fs.writeFileSync(file, data);
}

describe('damaged files', () => {
  it('refuses to start on a bit flipped in the middle of the journal; --repair keeps a copy and recovers the rest', async () => {
    const dbPath = await freshDir('embedded-flip-');
    const db = await open(dbPath);
    for (let n = 0; n < 40; n++) await db.notes.insertOne({ _id: n, text: `запись ${n}` } as never);
    await db.close();
    const journal = path.join(dbPath, 'journal.bin');
    flipBit(journal, Math.floor(fs.statSync(journal).size / 2));
    const damaged = fs.readFileSync(journal);

    await expect(startEmbeddedMongo({ dbPath })).rejects.toThrow(/journal .* is damaged in the middle .*--repair/);
    expect(fs.readFileSync(journal).equals(damaged)).toBe(true); // nothing changed by the refused start

    const repaired = await open(dbPath, { repair: true });
    const ids = (await repaired.notes.find().toArray()).map((d) => d._id as unknown as number);
    expect(ids.length).toBe(39); // exactly the record with the flipped bit is lost
    expect(ids).toContain(0);
    expect(ids).toContain(39); // records after the damage are recovered
    await repaired.close();
    const copies = fs.readdirSync(dbPath).filter((f) => f.startsWith('journal.bin.corrupt-'));
    expect(copies).toHaveLength(1);
    expect(fs.readFileSync(path.join(dbPath, copies[0])).equals(damaged)).toBe(true);

    const after = await open(dbPath); // the repaired state is whole again: a normal start
    expect(await after.notes.countDocuments()).toBe(39);
    await after.close();
  });

  it('still cuts a torn tail without asking for a repair (a write that was never acknowledged)', async () => {
    const dbPath = await freshDir('embedded-torn-');
    const db = await open(dbPath);
    for (let n = 0; n < 5; n++) await db.notes.insertOne({ _id: n } as never);
    await db.close();
    const journal = path.join(dbPath, 'journal.bin');
    fs.truncateSync(journal, fs.statSync(journal).size - 7);
    const after = await open(dbPath);
    expect(await after.notes.countDocuments()).toBe(4);
    await after.close();
  });

  it('refuses a snapshot that is altered or cut short, and repairs it', async () => {
    const dbPath = await freshDir('embedded-snap-');
    const db = await open(dbPath);
    for (let n = 0; n < 30; n++) await db.notes.insertOne({ _id: n, text: `запись ${n}` } as never);
    await db.close();
    await (await open(dbPath)).close(); // start-up compacts the journal into snapshot.bin
    const snapshot = path.join(dbPath, 'snapshot.bin');
    const whole = fs.readFileSync(snapshot);

    flipBit(snapshot, Math.floor(whole.length / 2));
    await expect(startEmbeddedMongo({ dbPath })).rejects.toThrow(/snapshot .* is damaged: unreadable records/);
    fs.writeFileSync(snapshot, whole.subarray(0, whole.length - 40));
    await expect(startEmbeddedMongo({ dbPath })).rejects.toThrow(/snapshot .* is damaged: .*(cut short|unreadable)/);

    const repaired = await open(dbPath, { repair: true });
    expect(await repaired.notes.countDocuments()).toBeGreaterThanOrEqual(29);
    await repaired.close();
    expect(fs.readdirSync(dbPath).some((f) => f.startsWith('snapshot.bin.corrupt-'))).toBe(true);
  });
});

describe('a snapshot over 2 GiB', () => {
  it('is read as a stream: 3 GB of records (a sparse file) load and the last version wins', { timeout: 120_000 }, () => {
    const dir = fs.mkdtempSync(path.join(tmpdir(), 'embedded-big-'));
    dirs.push(dir);
    const file = path.join(dir, 'snapshot.bin');
    const blobBytes = 15 * 1024 * 1024;
    const records = 205; // 205 × 15 MiB ≈ 3.2 GB
    // One document {_id: 1, v, blob} written again and again (v = 0, then 1 last); its zero-filled blob is left
    // as holes in the file, so 3 GB take little disk and little time to write.
    const fd = fs.openSync(file, 'w');
    let at = 0;
    let headerCrc = 0;
    const bodyCrcs = new Map<string, number>();
    const bodyCrc = (prefix: Buffer, zeros: number, suffix: Buffer) => {
      const key = `${prefix.toString('hex')}/${zeros}/${suffix.toString('hex')}`;
      if (!bodyCrcs.has(key)) {
        let crc = crc32(prefix);
        const zeroChunk = Buffer.alloc(1024 * 1024);
        for (let left = zeros; left > 0; left -= zeroChunk.length) crc = crc32(zeroChunk.subarray(0, Math.min(left, zeroChunk.length)), crc);
        bodyCrcs.set(key, crc32(suffix, crc));
      }
      return bodyCrcs.get(key)!;
    };
    const writeRecord = (prefix: Buffer, zeros: number, suffix: Buffer) => {
      const length = prefix.length + zeros + suffix.length;
      const crc = bodyCrc(prefix, zeros, suffix);
      const header = Buffer.alloc(RECORD_HEADER);
      header.writeUInt32LE(length, 0);
      header.writeUInt32LE(crc, 4);
      headerCrc = crc32(header, headerCrc);
      fs.writeSync(fd, Buffer.concat([header, prefix]), 0, RECORD_HEADER + prefix.length, at);
      fs.writeSync(fd, suffix, 0, suffix.length, at + RECORD_HEADER + prefix.length + zeros); // the zeros stay a hole
      at += RECORD_HEADER + length;
    };
    const plain = (doc: object) => {
      const body = Buffer.from(BSON.serialize(doc));
      writeRecord(body, 0, Buffer.alloc(0));
    };
    plain({ op: 'snapshot', v: 2 });
    plain({ op: 'c', db: 'big', c: 'blobs', o: {} });
    for (let i = 0; i < records; i++) {
      const v = i === records - 1 ? 1 : 0;
      // BSON of {op, db, c, d: {_id, v, blob: Binary(blobBytes zeros)}} cut around the blob's bytes.
      const full = Buffer.from(BSON.serialize({ op: 'p', db: 'big', c: 'blobs', d: { _id: 1, v, blob: new BSON.Binary(Buffer.alloc(8)) } }));
      const blobStart = full.length - 2 - 8; // the 8 payload bytes sit before the two closing zeros
      const prefix = Buffer.from(full.subarray(0, blobStart));
      const suffix = Buffer.from(full.subarray(blobStart + 8));
      const length = prefix.length + blobBytes + suffix.length;
      prefix.writeInt32LE(length, 0); // the record document's size
      const dStart = prefix.indexOf(Buffer.from('d\0')) + 2;
      prefix.writeInt32LE(length - dStart - 1, dStart); // the embedded d document's size (up to and incl. its end)
      prefix.writeInt32LE(blobBytes, prefix.length - 5); // the binary's length (before its subtype byte)
      writeRecord(prefix, blobBytes, suffix);
    }
    const count = records + 2;
    plain({ op: 'end', records: count, crc: headerCrc });
    fs.closeSync(fd);
    expect(fs.statSync(file).size).toBeGreaterThan(3e9);

    const storage = new Storage(dir);
    try {
      expect(storage.recovery!.snapshotRecords).toBe(count + 1);
      const coll = storage.collection('big', 'blobs')!;
      const doc = coll.getDoc(coll.ridOf(1)!);
      expect(doc.v).toBe(1);
      expect((doc.blob as BSON.Binary).length()).toBe(blobBytes);
    } finally {
      storage.close();
    }
  });
});
