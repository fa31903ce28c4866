import { describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { usePortalWithSockets } from '../support/session';
import { emitWithAck, recordEvents } from '../support/sockets';
import { mailTo } from '../support/smtp';

// Who receives what (STYLE.md 6, 14): the exact recipients of every thread event, what they received, and
// what was stored. A = the company's user, B = the cadastral engineer (another member).
const env = usePortalWithSockets();
const mentions = (events: { payload: unknown }[], text: string) => events.filter((e) => JSON.stringify(e.payload).includes(text));

describe('recipients of thread events', () => {
  it('sends a conversation to the member\'s tabs and to staff, internal notes to staff only, nothing to others', async () => {
    const a = await env.connected('member@example.org');
    const aTab2 = recordEvents(await env.socket(a.api.accessToken));
    const b = await env.connected('engineer@example.org');
    const expert = await env.connected('expert@example.org');
    const admin = await env.connected('admin@example.org');

    const thread = (await a.api.post('/api/threads', { kind: 'registry_extract', form: { copies: 1, delivery: 'electronic' }, body: 'Нужна выписка' })).body;
    for (const staff of [expert, admin]) await staff.events.waitFor('thread:created', (p) => p.thread.id === thread.id);
    await aTab2.waitFor('thread:created', (p) => p.thread.id === thread.id);
    expect((await expert.api.patch(`/api/threads/${thread.id}`, { assigneeId: expert.api.user.id })).status).toBe(200);
    await a.events.waitFor('thread:updated', (p) => p.thread.id === thread.id && p.thread.assigneeId === expert.api.user.id);

    const note = await emitWithAck(expert.socket, 'message:send', { threadId: thread.id, body: 'ВНУТРЕННЕЕ: проверить взносы', clientMsgId: 'rt-note-0001', internal: true });
    expect(note).toMatchObject({ ok: true, message: { kind: 'internal_note', seq: 3 } });
    await admin.events.waitFor('message:created', (p) => p.message.id === note.message.id);
    const reply = await emitWithAck(expert.socket, 'message:send', { threadId: thread.id, body: 'Выписка будет готова завтра', clientMsgId: 'rt-reply-0001' });
    expect(reply).toMatchObject({ ok: true, message: { kind: 'text', seq: 4, authorId: expert.api.user.id, clientMsgId: 'rt-reply-0001' } });
    for (const tab of [a.events, aTab2]) {
      const got = await tab.waitFor('message:created', (p) => p.message.id === reply.message.id);
      // One presenter: the ack and the broadcast agree — but a member counts only what it sees (no note's seq).
      expect(got).toEqual({ threadId: thread.id, message: { ...reply.message, seq: 3 } });
    }
    // Unread for the member: the assignment notice and the reply — never the note.
    const badge = await a.events.waitFor('unread:updated', (p) => p.threadId === thread.id && p.count === 2);
    expect(badge.total).toBeGreaterThanOrEqual(2);
    const bell = await a.events.waitFor('notification:created', (p) => p.notification.threadId === thread.id && p.notification.kind === 'reply');
    expect(bell.notification.body).toBe('Выписка будет готова завтра');
    const mail = await env.portal.smtp.waitFor((m) => mailTo('member@example.org')(m) && /Ответ по обращению/.test(m.subject ?? ''));
    expect(mail.text).toContain('Выписка будет готова завтра');
    expect(mail.text).not.toContain('ВНУТРЕННЕЕ');

    // The member's view: the note is nowhere, and does not count as unread.
    await env.quiet(aTab2);
    expect(mentions([...a.events.events, ...aTab2.events], 'ВНУТРЕННЕЕ')).toEqual([]);
    const updates = a.events.of('thread:updated').filter((p) => p.thread.id === thread.id);
    expect(updates.at(-1).thread.lastMessage.body).toBe('Выписка будет готова завтра');
    expect((await a.api.get('/api/unread')).body.threads[thread.id]).toBe(2);
    expect(a.events.of('unread:updated').filter((p) => p.threadId === thread.id).map((p) => p.count)).toEqual([1, 2]);
    // Members number their messages 1, 2, 3: the note leaves no gap, and the thread's lastSeq is theirs too.
    expect((await a.api.get(`/api/threads/${thread.id}/messages`)).body.items.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3]);
    expect((await a.api.get(`/api/threads/${thread.id}`)).body.lastSeq).toBe(3);
    expect((await expert.api.get(`/api/threads/${thread.id}`)).body.lastSeq).toBe(4);
    // Staff see it all; the other member saw nothing at all.
    expect(expert.events.of('message:created').filter((p) => p.threadId === thread.id).map((p) => p.message.seq)).toEqual([2, 3, 4]);
    expect(mentions(b.events.events, thread.id)).toEqual([]);
  });

  it('announces status changes to the member with plain words, and a member\'s answer back to the expert', async () => {
    const a = await env.connected('member@example.org');
    const b = await env.connected('engineer@example.org');
    const expert = await env.connected('expert@example.org');
    const thread = (await a.api.post('/api/threads', { kind: 'accounting_documents', form: { docType: 'invoice' }, body: 'Нужен счёт' })).body;
    await expert.api.patch(`/api/threads/${thread.id}`, { assigneeId: expert.api.user.id, status: 'registered' });
    const asked = await expert.api.patch(`/api/threads/${thread.id}`, { status: 'waiting_member' });
    expect(asked.body.status).toBe('waiting_member');

    const update = await a.events.waitFor('thread:updated', (p) => p.thread.id === thread.id && p.thread.status === 'waiting_member');
    expect(update.thread.regNumber).toBe(asked.body.regNumber);
    const change = await a.events.waitFor('message:created', (p) => p.threadId === thread.id && p.message.status?.to === 'waiting_member');
    expect(change.message).toMatchObject({ kind: 'status_change', authorId: expert.api.user.id, status: { from: 'registered', to: 'waiting_member' } });
    await a.events.waitFor('notification:created', (p) => p.notification.threadId === thread.id && p.notification.kind === 'status');
    const mail = await env.portal.smtp.waitFor((m) => mailTo('member@example.org')(m) && m.subject === 'Статус обращения: Нужен ваш ответ');
    expect(mail.text).toContain(asked.body.regNumber);

    // The member answers: the thread goes back to work and the assigned expert hears of it.
    const answer = await emitWithAck(a.socket, 'message:send', { threadId: thread.id, body: 'Реквизиты во вложении', clientMsgId: 'rt-answer-0001' });
    expect(answer.ok).toBe(true);
    await expert.events.waitFor('thread:updated', (p) => p.thread.id === thread.id && p.thread.status === 'in_progress');
    await expert.events.waitFor('notification:created', (p) => p.notification.threadId === thread.id && p.notification.kind === 'member_reply');
    await expert.events.waitFor('unread:updated', (p) => p.threadId === thread.id && p.count >= 1);
    expect((await expert.api.get(`/api/threads/${thread.id}`)).body.status).toBe('in_progress');
    // The resume is the member's own doing: recorded as theirs, and it leaves them nothing unread.
    const resumed = (await a.api.get(`/api/threads/${thread.id}/messages?afterSeq=${answer.message.seq}`)).body.items;
    expect(resumed).toEqual([expect.objectContaining({ kind: 'status_change', authorId: a.api.user.id, status: { from: 'waiting_member', to: 'in_progress' } })]);
    expect((await a.api.get('/api/unread')).body.threads[thread.id]).toBeUndefined();
    await env.quiet();
    expect(mentions(b.events.events, thread.id)).toEqual([]);
  });

  it('keeps drafts private until sent, then the inbox sees a new thread', async () => {
    const a = await env.connected('member@example.org');
    const expert = await env.connected('expert@example.org');
    const draft = (await a.api.post('/api/threads', { kind: 'general', body: 'Пока черновик', draft: true })).body;
    await a.api.post(`/api/threads/${draft.id}/messages`, { body: 'Дополнение', clientMsgId: 'rt-draft-0001' });
    await env.quiet();
    expect(mentions(expert.events.events, draft.id)).toEqual([]);
    await a.api.patch(`/api/threads/${draft.id}`, { status: 'submitted' });
    const created = await expert.events.waitFor('thread:created', (p) => p.thread.id === draft.id);
    expect(created.thread.status).toBe('submitted');
  });

  it('delivers a staff notice to its member only, with a badge and a bell', async () => {
    const a = await env.connected('member@example.org');
    const b = await env.connected('engineer@example.org');
    const expert = await env.connected('expert@example.org');
    const notice = (await expert.api.post('/api/threads', { kind: 'notice', memberId: a.api.user.memberId, subject: 'Задолженность по взносам', form: { noticeType: 'debt' }, body: 'Просим погасить задолженность' })).body;
    const created = await a.events.waitFor('thread:created', (p) => p.thread.id === notice.id);
    expect(created.thread).toMatchObject({ kind: 'notice', direction: 'outgoing', regNumber: expect.stringMatching(/^ИСХ-/) });
    await a.events.waitFor('unread:updated', (p) => p.threadId === notice.id && p.count === 1);
    await a.events.waitFor('notification:created', (p) => p.notification.threadId === notice.id);
    await env.quiet();
    expect(mentions(b.events.events, notice.id)).toEqual([]);
  });

  it('relays typing to the other party only', async () => {
    const a = await env.connected('member@example.org');
    const b = await env.connected('engineer@example.org');
    const expert = await env.connected('expert@example.org');
    const thread = (await a.api.post('/api/threads', { kind: 'general', body: 'Печатаю' })).body;
    a.socket.emit('thread:typing', { threadId: thread.id });
    const typing = await expert.events.waitFor('thread:typing', (p) => p.threadId === thread.id);
    expect(typing).toEqual({ threadId: thread.id, userId: a.api.user.id, name: expect.any(String) });
    const admin = await env.connected('admin@example.org');
    expert.socket.emit('thread:typing', { threadId: thread.id, internal: true }); // a note: staff only
    await admin.events.waitFor('thread:typing', (p) => p.userId === expert.api.user.id);
    await env.quiet();
    expect(a.events.of('thread:typing')).toEqual([]);
    expert.socket.emit('thread:typing', { threadId: thread.id });
    await a.events.waitFor('thread:typing', (p) => p.userId === expert.api.user.id);
    b.socket.emit('thread:typing', { threadId: thread.id }); // a stranger's typing goes nowhere
    (b.socket.emit as (...args: unknown[]) => void)('thread:typing', 'garbage');
    await env.quiet();
    expect(expert.events.of('thread:typing').filter((p) => p.userId === b.api.user.id)).toEqual([]);
    expect(mentions(b.events.events, thread.id)).toEqual([]);
  });

  it('answers bad socket input through the ack, and refuses strangers at the door', async () => {
    const a = await env.connected('member@example.org');
    const bad = await emitWithAck(a.socket, 'message:send', { threadId: 'nope', body: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed', fields: { threadId: expect.any(String), clientMsgId: expect.any(String) } } });
    const thread = (await a.api.post('/api/threads', { kind: 'general', body: 'x' })).body;
    expect(await emitWithAck(a.socket, 'thread:read', { threadId: thread.id, seq: -1 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const internal = await emitWithAck(a.socket, 'message:send', { threadId: thread.id, body: 'тайно', clientMsgId: 'rt-internal-1', internal: true });
    expect(internal).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await emitWithAck(a.socket, 'thread:read', { threadId: thread.id, seq: 1 })).toEqual({ ok: true });

    const stranger = io(env.portal.url, { auth: { token: 'forged.token.value' }, transports: ['websocket'], reconnection: false, forceNew: true });
    const refused = await new Promise<{ message: string; data?: { code: string } }>((resolve) => stranger.once('connect_error', resolve));
    stranger.close();
    expect(refused.data?.code).toBe('unauthenticated');
  });
});
