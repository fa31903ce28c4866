import { beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import type { TestPortal } from '../support/portal';
import { usePortalWithSockets } from '../support/session';
import { emitWithAck } from '../support/sockets';
import { apiClient, signIn } from '../support/http';
import { letterTo, linkToken } from './access-support';
import { runWithTenant } from '../../server/src/core/tenancy';
import { Message } from '../../server/src/threads/message.model';
import { Thread } from '../../server/src/threads/thread.model';

// A plain send skips loading the thread (threads/message.append: appendWithoutLookup): the access rules, the
// refusals and the idempotency of a repeated client id must hold on that path exactly as on the careful one.

const env = usePortalWithSockets();
let portal: TestPortal;
beforeAll(() => {
  portal = env.portal;
});

const inTenant = <T>(fn: () => PromiseLike<T>) => runWithTenant(portal.defaultSroId, async () => await fn());
const stored = (threadId: string) => inTenant(() => Message.find({ threadId: new Types.ObjectId(threadId) }).sort({ seq: 1 }).lean());

describe('sending a message without loading the thread first', () => {
  it('keeps a repeated client id to one message, recent or long past, and the counters to what was stored', async () => {
    const member = await env.connected('member@example.org');
    const expert = await env.connected('expert@example.org');
    const thread = (await member.api.post('/api/threads', { kind: 'general', form: { topic: 'Повторы' }, body: 'Начало' })).body;
    const first = await emitWithAck(member.socket, 'message:send', { threadId: thread.id, body: 'Первое', clientMsgId: 'repeat-first' });
    // A lost ack retried at once, over the socket and over HTTP: the same message, nothing new stored.
    const again = await emitWithAck(member.socket, 'message:send', { threadId: thread.id, body: 'Первое', clientMsgId: 'repeat-first' });
    const overHttp = await member.api.post(`/api/threads/${thread.id}/messages`, { body: 'Первое', clientMsgId: 'repeat-first' });
    expect(again.message.id).toBe(first.message.id);
    expect(overHttp.body.id).toBe(first.message.id);
    // Three at once with one id: one message, and every answer names it.
    const racing = await Promise.all([1, 2, 3].map(() => emitWithAck(member.socket, 'message:send', { threadId: thread.id, body: 'Гонка', clientMsgId: 'repeat-race' })));
    expect(new Set(racing.map((r) => r.message.id)).size).toBe(1);
    for (let i = 0; i < 25; i++) await emitWithAck(member.socket, 'message:send', { threadId: thread.id, body: `Сообщение ${i}`, clientMsgId: `repeat-fill-${i}` });
    // The first send is long out of the thread's recent sends: the unique index still answers it with the original.
    const late = await emitWithAck(member.socket, 'message:send', { threadId: thread.id, body: 'Первое', clientMsgId: 'repeat-first' });
    expect(late.message).toMatchObject({ id: first.message.id, seq: first.message.seq });

    const messages = await stored(thread.id);
    expect(messages.map((m) => m.body)).toEqual(['Начало', 'Первое', 'Гонка', ...Array.from({ length: 25 }, (_, i) => `Сообщение ${i}`)]);
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    // The expert has read nothing: every message is unread, and only those (the long-past repeat left one seq empty).
    const forExpert = (await expert.api.get(`/api/threads/${thread.id}`)).body;
    expect(forExpert.unread).toBe(messages.length + 1);
    const counters = await inTenant(() => Thread.findById(thread.id).select('+recentSends').lean());
    expect(counters).toMatchObject({ lastSeq: messages.length + 1, publicCount: messages.length + 1 });
    expect(counters!.recentSends).toHaveLength(20);
    // The thread as the API gives it never shows the remembered sends.
    expect(JSON.stringify(forExpert)).not.toContain('repeat-fill');
  });

  it('refuses what the careful path refuses: another member\'s thread, a closed thread, a staff send into a draft', async () => {
    const member = await env.connected('member@example.org');
    const other = await env.connected('engineer@example.org');
    const expert = await env.connected('expert@example.org');
    const thread = (await member.api.post('/api/threads', { kind: 'general', form: { topic: 'Чужое' }, body: 'Моё' })).body;

    const foreign = await emitWithAck(other.socket, 'message:send', { threadId: thread.id, body: 'Чужой ответ', clientMsgId: 'foreign-1' });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'not_found' } });

    await expert.api.patch(`/api/threads/${thread.id}`, { status: 'registered' });
    await expert.api.patch(`/api/threads/${thread.id}`, { status: 'resolved' });
    expect((await expert.api.patch(`/api/threads/${thread.id}`, { status: 'closed' })).body.status).toBe('closed');
    const intoClosed = await emitWithAck(member.socket, 'message:send', { threadId: thread.id, body: 'После закрытия', clientMsgId: 'closed-1' });
    expect(intoClosed).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Обращение закрыто: создайте новое' } });
    // Staff may still write into a closed thread (and reopen it).
    expect((await emitWithAck(expert.socket, 'message:send', { threadId: thread.id, body: 'Пояснение', clientMsgId: 'closed-staff-1' })).ok).toBe(true);

    const draft = (await member.api.post('/api/threads', { kind: 'general', form: { topic: 'Черновик' }, body: 'Пишу', draft: true })).body;
    expect(draft.status).toBe('draft');
    const intoDraft = await emitWithAck(expert.socket, 'message:send', { threadId: draft.id, body: 'Подсказка', clientMsgId: 'draft-staff-1' });
    expect(intoDraft).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await emitWithAck(member.socket, 'message:send', { threadId: draft.id, body: 'Дописал', clientMsgId: 'draft-own-1' })).ok).toBe(true);

    expect((await stored(thread.id)).map((m) => m.body)).not.toContain('Чужой ответ');
    expect((await stored(thread.id)).map((m) => m.body)).not.toContain('После закрытия');
    expect((await stored(draft.id)).map((m) => m.body)).toEqual(['Пишу', 'Дописал']);
  });

  it('moves the badges of the member\'s other users and of the assignee, and rings the assignee\'s bell, on a member\'s reply', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const member = await env.connected('7701234560');
    const memberId = member.api.user.memberId!;
    expect((await admin.post(`/api/admin/members/${memberId}/users`, { email: 'second.user@example.org' })).status).toBe(201);
    const token = linkToken((await letterTo(portal, 'second.user@example.org', 'Приглашение')).text, '/activate')!;
    expect((await apiClient(portal.url).post('/api/auth/activate', { token, password: 'second-password-1' })).status).toBe(200);
    const colleague = await env.connected('second.user@example.org', 'second-password-1');
    const expert = await env.connected('expert@example.org');
    const thread = (await member.api.post('/api/threads', { kind: 'general', form: { topic: 'Коллеге' }, body: 'Начало' })).body;
    expect((await expert.api.patch(`/api/threads/${thread.id}`, { assigneeId: expert.api.user.id })).status).toBe(200);

    // The assignment line is a message too: its badge for the author comes first.
    await member.events.waitFor('unread:updated', (u) => u.threadId === thread.id && u.count === 1);
    const authorBadgesBefore = member.events.of('unread:updated').length;
    const reply = await emitWithAck(member.socket, 'message:send', { threadId: thread.id, body: 'Ответ члена СРО', clientMsgId: 'badges-1' });
    expect(reply.ok).toBe(true);
    const seq = reply.message.seq;
    expect((await colleague.events.waitFor('unread:updated', (u) => u.threadId === thread.id && u.count === seq)).total).toBeGreaterThanOrEqual(seq);
    // The expert's count is in staff numbering: the status and assignment lines are messages too.
    const forExpert = (await expert.api.get(`/api/threads/${thread.id}`)).body.unread;
    await expert.events.waitFor('unread:updated', (u) => u.threadId === thread.id && u.count === forExpert);
    const bell = await expert.events.waitFor('notification:created', (n) => n.notification?.kind === 'member_reply' || n.kind === 'member_reply');
    expect(JSON.stringify(bell)).toContain('Ответ члена СРО');
    // The author's own badge does not move for their own message.
    expect(member.events.of('unread:updated').slice(authorBadgesBefore).filter((u) => u.threadId === thread.id)).toEqual([]);
  });
});
