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
