import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/portal';
import { usePortalWithSockets } from '../support/session';
import { signIn } from '../support/http';
import { connectSocket, emitWithAck, recordEvents, type TestSocket } from '../support/sockets';

// Member A (the company) must never see member B's (the engineer's) thread, message, file or events.
const env = usePortalWithSockets();
let portal: TestPortal;
beforeAll(() => {
  portal = env.portal;
});

async function upload(token: string, name: string, bytes: Buffer, type = 'application/pdf') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${portal.url}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: await res.json() };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('member isolation', () => {
  it('keeps member B out of member A\'s threads, messages, files and socket events', async () => {
    const a = await signIn(portal.url, 'member@example.org');
    const b = await signIn(portal.url, 'engineer@example.org');
    const expert = await signIn(portal.url, 'expert@example.org');
    const bSocket = await env.socket(b.accessToken);
    const bEvents = recordEvents(bSocket);
    const aSocket = await env.socket(a.accessToken);
    const aEvents = recordEvents(aSocket);

    const file = await upload(a.accessToken, 'устав.pdf', PDF);
    expect(file.status).toBe(201);
    const fileId = file.body.items[0].id;
    const t = (await a.post('/api/threads', { kind: 'general', body: 'Секретный вопрос A', attachments: [fileId] })).body;
    expect(t.id).toBeTruthy();
    await expert.post(`/api/threads/${t.id}/messages`, { body: 'Ответ для A', clientMsgId: 'iso-reply-1' });
    await aEvents.waitFor('message:created', (p) => p.message.body === 'Ответ для A');

    // HTTP: every thread endpoint answers "not found" for B, and B's lists never include A's thread.
    expect((await b.get(`/api/threads/${t.id}`)).status).toBe(404);
    expect((await b.get(`/api/threads/${t.id}/messages`)).status).toBe(404);
    expect((await b.post(`/api/threads/${t.id}/messages`, { body: 'вторжение', clientMsgId: 'iso-intrude-1' })).status).toBe(404);
    expect((await b.post(`/api/threads/${t.id}/read`, { seq: 1 })).status).toBe(404);
    expect((await b.patch(`/api/threads/${t.id}`, { status: 'closed' })).status).toBe(404);
    expect((await b.get(`/api/files/${fileId}`)).status).toBe(404);
    const list = await b.get('/api/threads?limit=100');
    expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(t.id);
    expect(JSON.stringify(list.body)).not.toContain('Секретный вопрос A');
    const filtered = await b.get(`/api/threads?memberId=${a.user.memberId}`);
    expect(filtered.body.items.every((x: { memberId: string }) => x.memberId === b.user.memberId)).toBe(true);
    expect((await b.get('/api/unread')).body.threads[t.id]).toBeUndefined();
    const registered = (await expert.patch(`/api/threads/${t.id}`, { status: 'registered' })).body;
    for (const q of ['Секретный', registered.regNumber, '7701234560', 'строймонтаж']) {
      expect((await b.get(`/api/threads?q=${encodeURIComponent(q)}`)).body.items.map((x: { id: string }) => x.id), q).not.toContain(t.id);
    }
    expect((await b.get(`/api/threads/${t.id}/messages?afterSeq=0&limit=500`)).status).toBe(404);
    const bOwn = (await b.post('/api/threads', { kind: 'general', body: 'Своё' })).body;
    expect((await b.post(`/api/threads/${bOwn.id}/links`, { threadId: t.id })).status).toBe(403);
    const notFound = await b.get(`/api/threads/${t.id}`);
    expect(notFound.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    // B cannot attach A's file to its own thread.
    const steal = await b.post('/api/threads', { kind: 'general', body: 'хочу файл', attachments: [fileId] });
    expect(steal.status).toBe(400);

    // Socket: B's sends and reads on A's thread fail; B received none of A's events.
    const send = await emitWithAck(bSocket, 'message:send', { threadId: t.id, body: 'через сокет', clientMsgId: 'iso-socket-1' });
    expect(send).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await emitWithAck(bSocket, 'thread:read', { threadId: t.id, seq: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    (bSocket.emit as (...args: unknown[]) => void)('thread:view', { threadId: t.id }); // staff-only: ignored for a member
    bSocket.emit('thread:typing', { threadId: t.id });
    await emitWithAck(bSocket, 'thread:read', { threadId: t.id, seq: 1 }); // handled after the typing above
    await env.quiet(bEvents, aEvents);
    expect(JSON.stringify(bEvents.events)).not.toContain(t.id);
    expect(aEvents.of('thread:typing')).toHaveLength(0);

    // A itself still reads its file.
    const own = await fetch(`${portal.url}/api/files/${fileId}`, { headers: { authorization: `Bearer ${a.accessToken}` } });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-disposition')).toContain("filename*=UTF-8''%D1%83%D1%81%D1%82%D0%B0%D0%B2.pdf");
    expect(Buffer.from(await own.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('never shows internal notes to the member, over HTTP or the socket', async () => {
    const a = await signIn(portal.url, 'member@example.org');
    const expert = await signIn(portal.url, 'expert@example.org');
    const aSocket = await env.socket(a.accessToken);
    const aEvents = recordEvents(aSocket);
    const t = (await a.post('/api/threads', { kind: 'general', body: 'Вопрос' })).body;
    await expert.post(`/api/threads/${t.id}/messages`, { body: 'ВНУТРЕННЕЕ: проверить долг', clientMsgId: 'note-0001', internal: true });
    const publicReply = await expert.post(`/api/threads/${t.id}/messages`, { body: 'Публичный ответ', clientMsgId: 'note-0002' });
    expect(publicReply.body).toMatchObject({ seq: 3 });
    await aEvents.waitFor('message:created', (p) => p.message.body === 'Публичный ответ');
    expect(JSON.stringify(aEvents.events)).not.toContain('ВНУТРЕННЕЕ');
    const messages = await a.get(`/api/threads/${t.id}/messages`);
    expect(JSON.stringify(messages.body)).not.toContain('ВНУТРЕННЕЕ');
    const thread = await a.get(`/api/threads/${t.id}`);
    expect(JSON.stringify(thread.body)).not.toContain('ВНУТРЕННЕЕ');
    expect(thread.body.unread).toBe(1);
    const staffView = await expert.get(`/api/threads/${t.id}/messages`);
    expect(staffView.body.items.some((m: { kind: string; body: string }) => m.kind === 'internal_note' && m.body.includes('ВНУТРЕННЕЕ'))).toBe(true);
    const memberTries = await a.post(`/api/threads/${t.id}/messages`, { body: 'я тоже', clientMsgId: 'note-0003', internal: true });
    expect(memberTries.status).toBe(403);
  });
});
