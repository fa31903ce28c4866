import { afterAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GridFSBucket, MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../../server/embedded-mongo/src/index';

// Uploaded files are GridFS chunks of 255 KB: the embedded server keeps such large documents on disk (a spill
// file) instead of the heap, so the portal's memory does not grow with the files its members upload.

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const serverMemory = async (client: MongoClient) => {
  const { mem } = await client.db('admin').command({ serverStatus: 1 });
  return (mem.heapUsedBytes as number) + (mem.externalBytes as number);
};

async function upload(bucket: GridFSBucket, name: string, data: Buffer): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const stream = bucket.openUploadStream(name);
    stream.once('finish', () => resolve());
    stream.once('error', reject);
    stream.end(data);
  });
}

async function download(bucket: GridFSBucket, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStreamByName(name)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('small collections', () => {
  it('40 collections of a few documents hold well under a megabyte of slabs, and a big one fills 1 MB slabs with at most one part-filled', async () => {
    const server = await startEmbeddedMongo({ ephemeral: true });
    const client = await new MongoClient(server.uri).connect();
    try {
      const db = client.db('small_colls');
      for (let i = 0; i < 40; i++) await db.collection(`c${i}`).insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
      const slabs = async () => (await client.db('admin').command({ serverStatus: 1 })).mem.slabBytes as number;
      // 40 × 64 KB (and each collection's 8 KB location table), where every collection took a 4 MB slab before.
      expect(await slabs()).toBeLessThan(4 * 1024 * 1024);
      const big = db.collection('big');
      const text = 'x'.repeat(900);
      for (let k = 0; k < 20; k++) await big.insertMany(Array.from({ length: 1000 }, (_, j) => ({ k, j, text })));
      expect(await big.countDocuments({ k: 19 })).toBe(1000);
      expect((await big.findOne({ k: 7, j: 999 }))?.text).toBe(text);
      const grown = (await slabs()) / (20_000 * 930);
      // The 40 small collections' 2.5 MB, then slabs doubling up to 1 MB: at most one part-filled slab of slack
      // (with 4 MB slabs this read 1.3–1.45).
      expect(grown).toBeLessThan(1.25);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});

describe('large documents', () => {
  it('20 uploads of 5 MB grow the memory by far less than their size, and read back intact after a restart', { timeout: 120_000 }, async () => {
    const dbPath = await mkdtemp(path.join(tmpdir(), 'embedded-memory-'));
    dirs.push(dbPath);
    let server = await startEmbeddedMongo({ dbPath });
    let client = await new MongoClient(server.uri).connect();
    let bucket = new GridFSBucket(client.db('files'));
    await upload(bucket, 'warm-up', randomBytes(300_000)); // the bucket's indexes and the first slab
    const before = await serverMemory(client);
    const digests: string[] = [];
    for (let i = 0; i < 20; i++) {
      const data = randomBytes(5 * 1024 * 1024);
      digests.push(sha(data));
      await upload(bucket, `file-${i}`, data);
    }
    const grown = (await serverMemory(client)) - before;
    expect(grown).toBeLessThan(40 * 1024 * 1024); // 100 MB uploaded; the chunk cache is 16 MB
    expect(sha(await download(bucket, 'file-7'))).toBe(digests[7]);
    await client.close();
    await server.stop();

    server = await startEmbeddedMongo({ dbPath });
    client = await new MongoClient(server.uri).connect();
    bucket = new GridFSBucket(client.db('files'));
    expect(sha(await download(bucket, 'file-19'))).toBe(digests[19]);
    expect(sha(await download(bucket, 'file-0'))).toBe(digests[0]);
    await client.close();
    await server.stop();
  });
});
