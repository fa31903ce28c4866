import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/portal';
import { usePortalWithSockets } from '../support/session';
import { signIn } from '../support/http';
import { io } from 'socket.io-client';
import { connectSocket, emitWithAck, recordEvents, type TestSocket } from '../support/sockets';

const env = usePortalWithSockets();
let portal: TestPortal;
beforeAll(() => {
  portal = env.portal;
});

const connected = (login: string) => env.connected(login);

describe('a request as a live conversation', () => {
  it('member creates, expert sees it live, expert replies, member gets the message and the badge within 200 ms', async () => {
    const member = await connected('7701234560');
    const expert = await connected('expert@example.org');
    const created = await member.api.post('/api/threads', { kind: 'registry_extract', form: { copies: 2, delivery: 'paper_pickup' }, body: 'Нужна выписка для тендера', clientMsgId: 'create-0001' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'registry_extract', status: 'submitted', memberId: member.api.user.memberId, form: { copies: 2, delivery: 'paper_pickup' } });
    const seen = await expert.events.waitFor('thread:created', (p) => p.thread.id === created.body.id);
    expect(seen.thread.subject).toBe('Выписка из реестра членов СРО');

    const sentAt = Date.now();
    const reply = await emitWithAck(expert.socket, 'message:send', { threadId: created.body.id, body: 'Принято в работу', clientMsgId: 'expert-reply-1' });
    expect(reply.ok).toBe(true);
    const message = await member.events.waitFor('message:created', (p) => p.message.id === reply.message.id);
    const badge = await member.events.waitFor('unread:updated', (p) => p.threadId === created.body.id && p.count === 1);
    const arrived = member.events.events.find((e) => e.name === 'message:created' && e.payload.message.id === reply.message.id)!.at;
    expect(arrived - sentAt).toBeLessThan(200);
    expect(message.message).toMatchObject({ body: 'Принято в работу', seq: 2, kind: 'text', authorRole: 'expert' });
    expect(badge.total).toBeGreaterThanOrEqual(1);
    const unread = await member.api.get('/api/unread');
    expect(unread.body.threads[created.body.id]).toBe(1);

    // Reading on one device clears the badge on the member's other devices.
    const secondDevice = await connected('member@example.org');
    expect((await emitWithAck(member.socket, 'thread:read', { threadId: created.body.id, seq: 2 })).ok).toBe(true);
    await secondDevice.events.waitFor('unread:updated', (p) => p.threadId === created.body.id && p.count === 0);
    expect((await member.api.get('/api/unread')).body.threads[created.body.id]).toBeUndefined();
  });

  it('sends every connection the badges as they stand: at sign-in, and after a drop the replies it missed', async () => {
    const member = await connected('engineer@example.org');
    const expert = await connected('expert@example.org');
    const thread = (await member.api.post('/api/threads', { kind: 'general', form: { topic: 'Пропуск' }, body: 'Вопрос', clientMsgId: 'summary-q-1' })).body;
    // A second tab, recorded from before its connection, as the cabinet listens.
    const tab = io(portal.url, { auth: { token: member.api.accessToken }, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false });
    const tabEvents = recordEvents(tab);
    tab.connect();
    const first = await tabEvents.waitFor('unread:summary');
    expect(first).toEqual((await member.api.get('/api/unread')).body);
    expect(first.threads[thread.id]).toBeUndefined();

    tab.disconnect();
    const reply = await emitWithAck(expert.socket, 'message:send', { threadId: thread.id, body: 'Ответ, пока вкладка была без связи', clientMsgId: 'summary-a-1' });
    expect(reply.ok).toBe(true);
    await member.events.waitFor('unread:updated', (p) => p.threadId === thread.id && p.count === 1);
    expect(tabEvents.of('unread:updated').filter((p) => p.threadId === thread.id)).toEqual([]); // it was away
    tab.connect();
    const back = await tabEvents.waitFor('unread:summary', (p) => p.threads[thread.id] === 1);
    expect(back).toEqual((await member.api.get('/api/unread')).body);
    expect(back.total).toBe(first.total + 1);
    tab.disconnect();

    // The expert's own badges: his assigned threads only, the member's question is not his until he takes it.
    const expertTab = io(portal.url, { auth: { token: expert.api.accessToken }, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false });
    const expertEvents = recordEvents(expertTab);
    expertTab.connect();
    expect(await expertEvents.waitFor('unread:summary')).toEqual((await expert.api.get('/api/unread')).body);
    expertTab.disconnect();
  });

  it('gives tabs that connect together — two members, an expert, an admin — each its own badges and no one else\'s', async () => {
    const member = await connected('member@example.org');
    const engineer = await connected('engineer@example.org');
    const expert = await connected('expert@example.org');
    const admin = await connected('admin@example.org');
    const own = (await member.api.post('/api/threads', { kind: 'general', form: { topic: 'Взносы' }, body: 'Вопрос', clientMsgId: 'together-m-1' })).body;
    expect((await expert.api.patch(`/api/threads/${own.id}`, { assigneeId: expert.api.user.id, expectedAssigneeId: null })).status).toBe(200);
    await emitWithAck(member.socket, 'message:send', { threadId: own.id, body: 'Дополнение', clientMsgId: 'together-m-2' });
    const theirs = (await engineer.api.post('/api/threads', { kind: 'general', form: { topic: 'Выписка' }, body: 'Вопрос', clientMsgId: 'together-e-1' })).body;
    await emitWithAck(expert.socket, 'message:send', { threadId: theirs.id, body: 'Ответ инженеру', clientMsgId: 'together-e-2' });
    await env.quiet();

    const parties = [member, engineer, expert, admin, member];
    const tabs = parties.map((p) => io(portal.url, { auth: { token: p.api.accessToken }, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false }));
    const recorders = tabs.map(recordEvents);
    tabs.forEach((tab) => tab.connect()); // in one turn: their badges are read together
    const summaries = await Promise.all(recorders.map((r) => r.waitFor('unread:summary')));
    tabs.forEach((tab) => tab.disconnect());
    for (const [i, party] of parties.entries()) expect(summaries[i]).toEqual((await party.api.get('/api/unread')).body);
    expect(summaries[0].threads[theirs.id]).toBeUndefined();
    expect(summaries[1].threads).toMatchObject({ [theirs.id]: 1 });
    expect(summaries[1].threads[own.id]).toBeUndefined();
    // The expert's assigned thread: the question, the assignment line and the member's addition, all unread to him.
    expect(summaries[2].threads).toMatchObject({ [own.id]: 3 });
    expect(summaries[2].threads[theirs.id]).toBeUndefined(); // not his: unassigned
    expect(summaries[3].threads[own.id]).toBeUndefined();
  });

  it('splits the badge by folder: «Входящие» counts what the SRO sent, «Исходящие» the member\'s own requests', async () => {
    const member = await connected('engineer@example.org');
    const expert = await connected('expert@example.org');
    const before = (await member.api.get('/api/unread')).body;
    const own = await member.api.post('/api/threads', { kind: 'general', form: { topic: 'Вопрос о взносах' }, body: 'Когда срок уплаты?', clientMsgId: 'folders-own-1' });
    expect(own.status).toBe(201);
    await emitWithAck(expert.socket, 'message:send', { threadId: own.body.id, body: 'До 1 марта', clientMsgId: 'folders-reply-1' });
    const afterReply = await member.events.waitFor('unread:updated', (p) => p.threadId === own.body.id && p.count === 1);
    expect(afterReply.byDirection).toEqual({ incoming: before.byDirection.incoming + 1, outgoing: before.byDirection.outgoing });

    const notice = await expert.api.post('/api/notices', { subject: 'Изменение реквизитов СРО', body: 'С 1 января новые реквизиты.', memberIds: [member.api.user.memberId] });
    expect(notice.status).toBe(201);
    const afterNotice = await member.events.waitFor('unread:updated', (p) => p.threadId !== own.body.id && p.count === 1);
    expect(afterNotice.byDirection).toEqual({ incoming: before.byDirection.incoming + 1, outgoing: before.byDirection.outgoing + 1 });
    expect(afterNotice.total).toBe(afterNotice.byDirection.incoming + afterNotice.byDirection.outgoing);

    // Each folder's badge is the sum of the unread counts of exactly the threads its page lists.
    const summary = (await member.api.get('/api/unread')).body;
    for (const direction of ['incoming', 'outgoing'] as const) {
      const listed = (await member.api.get(`/api/threads?direction=${direction}&limit=100`)).body.items as { unread?: number }[];
      expect(summary.byDirection[direction]).toBe(listed.reduce((sum, t) => sum + (t.unread ?? 0), 0));
    }
  });

  it('stores one message when the same client id is sent over HTTP and over the socket', async () => {
    const member = await connected('member@example.org');
    const thread = (await member.api.post('/api/threads', { kind: 'general', form: { topic: 'Вопрос' }, body: 'Первый вопрос' })).body;
    const first = await member.api.post(`/api/threads/${thread.id}/messages`, { body: 'Повтор?', clientMsgId: 'same-client-id-42' });
    expect(first.status).toBe(201);
    const again = await member.api.post(`/api/threads/${thread.id}/messages`, { body: 'Повтор?', clientMsgId: 'same-client-id-42' });
    expect(again.status).toBe(201);
    const viaSocket = await emitWithAck(member.socket, 'message:send', { threadId: thread.id, body: 'Повтор?', clientMsgId: 'same-client-id-42' });
    expect(again.body.id).toBe(first.body.id);
    expect(viaSocket.message.id).toBe(first.body.id);
    const stored = await member.api.get(`/api/threads/${thread.id}/messages`);
    expect(stored.body.items.filter((m: { clientMsgId?: string }) => m.clientMsgId === 'same-client-id-42')).toHaveLength(1);
  });

  it('catches up after a dropped socket with no gap and no duplicate', async () => {
    const member = await connected('member@example.org');
    const expert = await connected('expert@example.org');
    const thread = (await member.api.post('/api/threads', { kind: 'general', body: 'Начало разговора' })).body;
    await emitWithAck(expert.socket, 'message:send', { threadId: thread.id, body: 'Ответ 1', clientMsgId: 'catchup-1' });
    await member.events.waitFor('message:created', (p) => p.message.body === 'Ответ 1');
    const seenSeqs = member.events.of('message:created').filter((p) => p.threadId === thread.id).map((p) => p.message.seq);
    member.socket.disconnect();
    for (let i = 2; i <= 4; i++) await emitWithAck(expert.socket, 'message:send', { threadId: thread.id, body: `Ответ ${i}`, clientMsgId: `catchup-${i}` });
    // Reconnect, then fetch what was missed from the last sequence seen.
    const back = await env.socket(member.api.accessToken);
    const lastSeq = Math.max(...seenSeqs);
    const missed = (await member.api.get(`/api/threads/${thread.id}/messages?afterSeq=${lastSeq}`)).body.items;
    const all = [...seenSeqs, ...missed.map((m: { seq: number }) => m.seq)];
    expect(missed.map((m: { body: string }) => m.body)).toEqual(['Ответ 2', 'Ответ 3', 'Ответ 4']);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual([...Array(all.length)].map((_, i) => lastSeq - seenSeqs.length + 1 + i));
  });

  it('enforces the lifecycle: registration numbers, illegal moves refused with 409', async () => {
    const member = await connected('member@example.org');
    const expert = await connected('expert@example.org');
    const thread = (await member.api.post('/api/threads', { kind: 'registry_extract', form: { copies: 1, delivery: 'electronic' } })).body;
    const illegal = await expert.api.patch(`/api/threads/${thread.id}`, { status: 'waiting_member' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.code).toBe('invalid_transition');
    const registered = await expert.api.patch(`/api/threads/${thread.id}`, { status: 'registered' });
    expect(registered.status).toBe(200);
    expect(registered.body.regNumber).toMatch(/^ВХ-\d{4}-\d{6}$/);
    expect(registered.body.dueAt).toBeTruthy();
    const update = await member.events.waitFor('thread:updated', (p) => p.thread.id === thread.id && p.thread.status === 'registered');
    expect(update.thread.regNumber).toBe(registered.body.regNumber);
    const messages = (await member.api.get(`/api/threads/${thread.id}/messages`)).body.items;
    expect(messages.at(-1)).toMatchObject({ kind: 'status_change', status: { from: 'submitted', to: 'registered' } });
    // A member cannot register or resolve; it may withdraw.
    expect((await member.api.patch(`/api/threads/${thread.id}`, { status: 'resolved' })).status).toBe(409);
    expect((await member.api.patch(`/api/threads/${thread.id}`, { status: 'closed' })).body.status).toBe('closed');
  });

  it('sends each party one thread:updated per status change and per assignment, with the line\'s facts', async () => {
    const member = await connected('member@example.org');
    const expert = await connected('expert@example.org');
    const thread = (await member.api.post('/api/threads', { kind: 'registry_extract', form: { copies: 1, delivery: 'electronic' } })).body;
    await expert.events.waitFor('thread:created', (p) => p.thread.id === thread.id);
    const taken = await expert.api.patch(`/api/threads/${thread.id}`, { assigneeId: expert.api.user.id, expectedAssigneeId: null });
    expect(taken.status).toBe(200);
    expect((await expert.api.patch(`/api/threads/${thread.id}`, { status: 'rejected', reason: 'Дубликат обращения' })).status).toBe(200);
    // Proof that nothing else is still on its way: a later message arrives after every earlier event.
    const marker = await emitWithAck(expert.socket, 'message:send', { threadId: thread.id, body: 'Отметка', clientMsgId: 'once-marker-1' });
    for (const party of [member, expert]) {
      await party.events.waitFor('message:created', (p) => p.message.id === marker.message.id);
      const updates = party.events.events.filter((e) => e.name === 'thread:updated' && e.payload.thread.id === thread.id);
      // assignment, the status change, the marker message: three facts, three updates
      expect(updates.map((e) => [e.payload.thread.status, e.payload.thread.assigneeName])).toEqual([
        ['submitted', 'Олег Экспертов'], ['rejected', 'Олег Экспертов'], ['rejected', 'Олег Экспертов'],
      ]);
    }
    const lines = (await member.api.get(`/api/threads/${thread.id}/messages`)).body.items;
    expect(lines.find((m: { kind: string }) => m.kind === 'status_change')).toMatchObject({ status: { from: 'submitted', to: 'rejected', reason: 'Дубликат обращения' } });
    expect(lines.find((m: { kind: string }) => m.kind === 'system')).toMatchObject({ assignment: { to: 'Олег Экспертов' } });
  });

  it('gives gapless registration numbers under concurrent registration', async () => {
    const member = await connected('member@example.org');
    const expert = await connected('expert@example.org');
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await member.api.post('/api/threads', { kind: 'general', body: `Обращение ${i}` })).body.id);
    const results = await Promise.all(ids.map((id) => expert.api.patch(`/api/threads/${id}`, { status: 'registered' })));
    const numbers = results.map((r) => Number(r.body.regNumber.split('-').at(-1))).sort((a, b) => a - b);
    expect(numbers).toEqual([...Array(8)].map((_, i) => numbers[0] + i));
  });

  it('validates forms per kind with Russian messages next to the field', async () => {
    const member = await connected('member@example.org');
    const noPeriod = await member.api.post('/api/threads', { kind: 'accounting_documents', form: { docType: 'reconciliation_act' } });
    expect(noPeriod.status).toBe(400);
    expect(noPeriod.body.error.fields['form.period']).toBe('Для акта сверки укажите период');
    const tooMany = await member.api.post('/api/threads', { kind: 'registry_extract', form: { copies: 11, delivery: 'electronic' } });
    expect(tooMany.body.error.fields['form.copies']).toBe('От 1 до 10 копий');
    const unknown = await member.api.post('/api/threads', { kind: 'teleport', form: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('validation_failed');
  });
});
