import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo/src/index';
import { startTestPortal, type TestPortal } from '../support/portal';
import { signIn } from '../support/http';

// Security issue 10, item 9: with the database down, health answers 503 within 2 s and writes answer
// 503 unavailable promptly; once it is back, the same send (same clientMsgId) is stored exactly once.

let dbDir: string;
let mongo: EmbeddedMongo;
let portal: TestPortal;
beforeAll(async () => {
  dbDir = await mkdtemp(path.join(tmpdir(), 'sro-outage-'));
  mongo = await startEmbeddedMongo({ dbPath: dbDir, replicaSet: 'rs0' });
  portal = await startTestPortal({ mongodbUri: mongo.uri });
});
afterAll(async () => {
  await portal.stop();
  await mongo.stop().catch(() => undefined);
  await rm(dbDir, { recursive: true, force: true });
});

const timed = async <T>(fn: () => Promise<T>) => {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
};

describe('database outage', () => {
  it('answers 503 quickly while the database is down, and takes the retried send once after', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const thread = (await member.post('/api/threads', { kind: 'general', subject: 'Во время сбоя', body: 'Начало' })).body;
    expect((await fetch(`${portal.url}/api/health`)).status).toBe(200);

    await mongo.stop();
    const health = await timed(() => fetch(`${portal.url}/api/health`));
    expect(health.value.status).toBe(503);
    expect(((await health.value.json()) as any).error.code).toBe('unavailable');
    expect(health.ms).toBeLessThan(2000);

    const send = { body: 'Отправлено во время сбоя', clientMsgId: 'outage-0001' };
    const failed = await timed(() => member.post(`/api/threads/${thread.id}/messages`, send));
    expect(failed.value.status).toBe(503);
    expect(failed.value.body.error.code).toBe('unavailable');
    expect(failed.ms).toBeLessThan(6000);

    mongo = await startEmbeddedMongo({ dbPath: dbDir, port: mongo.port, replicaSet: 'rs0' });
    let retried = failed.value;
    for (let i = 0; i < 40 && retried.status !== 201; i++) {
      await new Promise((r) => setTimeout(r, 250));
      retried = await member.post(`/api/threads/${thread.id}/messages`, send);
    }
    expect(retried.status).toBe(201);
    const again = await member.post(`/api/threads/${thread.id}/messages`, send);
    expect(again.body.id).toBe(retried.body.id);
    const messages = (await member.get(`/api/threads/${thread.id}/messages`)).body.items;
    expect(messages.filter((m: { body: string }) => m.body === send.body)).toHaveLength(1);
    expect(messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2]);
  });
});
