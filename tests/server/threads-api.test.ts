import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { signIn } from '../support/http';
import { runWithTenant } from '../../server/src/core/tenancy';
import { Audit } from '../../server/src/audit/audit.model';
import { Thread } from '../../server/src/threads/thread.model';
import { addWorkingDays, dueDateFor, isWorkingDay } from '../../server/src/threads/due-dates';
import { STATUS_TRANSITIONS, allowedTransitions, statusLabel, THREAD_STATUSES } from '@sro/shared';

// The threads REST API beyond the live conversation: idempotent creation, the lifecycle's registration rules,
// search, keyset paging, assignment filters, links, staff-started letters and the audit trail.
let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal?.stop());

const login = (who: string) => signIn(portal.url, who);
/** Runs a query in the demo SRO; awaited inside, since a mongoose query only runs when awaited. */
const inTenant = <T>(fn: () => PromiseLike<T>) => runWithTenant(portal.defaultSroId, async () => await fn());

describe('creating threads', () => {
  it('creates one thread for a repeated clientMsgId, sequential or concurrent', async () => {
    const a = await login('member@example.org');
    const body = { kind: 'general', form: { topic: 'Повтор' }, body: 'Один раз', clientMsgId: 'create-twice-0001' };
    const first = await a.post('/api/threads', body);
    const second = await a.post('/api/threads', body);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    const racing = await Promise.all([1, 2, 3].map(() => a.post('/api/threads', { ...body, clientMsgId: 'create-race-0001' })));
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    const stored = await inTenant(() => Thread.countDocuments({ clientMsgId: { $in: ['create-twice-0001', 'create-race-0001'] } }));
    expect(stored).toBe(2);
    const messages = (await a.get(`/api/threads/${first.body.id}/messages`)).body.items;
    expect(messages).toEqual([expect.objectContaining({ seq: 1, body: 'Один раз', clientMsgId: 'create-twice-0001' })]);
  });

  it('lets staff start only notices and complaints, and members anything but those', async () => {
    const a = await login('member@example.org');
    const expert = await login('expert@example.org');
    const memberComplaint = await a.post('/api/threads', { kind: 'complaint', body: 'x' });
    expect(memberComplaint.status).toBe(403);
    expect(memberComplaint.body.error.code).toBe('forbidden');
    const staffRequest = await expert.post('/api/threads', { kind: 'registry_extract', memberId: a.user.memberId, form: { copies: 1, delivery: 'electronic' } });
    expect(staffRequest.status).toBe(400);
    expect(staffRequest.body.error.fields.kind).toBeTruthy();
    const noMember = await expert.post('/api/threads', { kind: 'notice', body: 'Кому?' });
    expect(noMember.body.error.fields.memberId).toBeTruthy();

    const complaint = await expert.post('/api/threads', { kind: 'complaint', memberId: a.user.memberId, subject: 'Жалоба заказчика', body: 'Просим пояснений' });
    expect(complaint.status).toBe(201);
    expect(complaint.body).toMatchObject({ kind: 'complaint', direction: 'outgoing', status: 'in_progress', memberId: a.user.memberId, assigneeId: expert.user.id });
    expect(complaint.body.regNumber).toMatch(/^ИСХ-\d{4}-\d{6}$/);
    // A complaint is reviewed within 30 calendar days (ГрК ст. 55.14).
    const days = (Date.parse(complaint.body.dueAt) - Date.parse(complaint.body.regDate)) / 86_400_000;
    expect(Math.round(days)).toBe(30);
    expect((await a.get(`/api/threads/${complaint.body.id}`)).body.subject).toBe('Жалоба заказчика');
  });
});

describe('the lifecycle', () => {
  it('numbers every request the SRO acts on, and never a withdrawn one', async () => {
    const a = await login('member@example.org');
    const expert = await login('expert@example.org');
    const make = async () => (await a.post('/api/threads', { kind: 'registry_extract', form: { copies: 1, delivery: 'electronic' } })).body.id;
    const [worked, refused, withdrawn] = [await make(), await make(), await make()];
    const taken = await expert.patch(`/api/threads/${worked}`, { status: 'in_progress' });
    expect(taken.body).toMatchObject({ status: 'in_progress', regNumber: expect.stringMatching(/^ВХ-/), regDate: expect.any(String), dueAt: expect.any(String) });
    // A rejection needs its reason, which the member reads in the status line.
    const noReason = await expert.patch(`/api/threads/${refused}`, { status: 'rejected' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.reason).toBeTruthy();
    const rejected = await expert.patch(`/api/threads/${refused}`, { status: 'rejected', reason: 'Дубликат обращения' });
    expect(rejected.body.regNumber).toMatch(/^ВХ-/);
    const line = (await a.get(`/api/threads/${refused}/messages`)).body.items.find((m: { kind: string; status?: { to: string } }) => m.kind === 'status_change' && m.status?.to === 'rejected');
    expect(line.body).toContain('Причина: Дубликат обращения');
    const closed = await a.patch(`/api/threads/${withdrawn}`, { status: 'closed' });
    expect(closed.body).toMatchObject({ status: 'closed' });
    expect(closed.body.regNumber).toBeUndefined();
    // Registry extract: due in 3 working days from registration.
    expect(taken.body.dueAt).toBe(addWorkingDays(new Date(taken.body.regDate), 3).toISOString());
  });

  it('refuses illegal moves with 409 invalid_transition and lets a member only submit or withdraw', async () => {
    const a = await login('member@example.org');
    const expert = await login('expert@example.org');
    const draft = (await a.post('/api/threads', { kind: 'general', body: 'Черновик', draft: true })).body;
    expect(draft.status).toBe('draft');
    expect((await expert.get(`/api/threads/${draft.id}`)).status).toBe(404); // a draft is the member's own business
    const jump = await a.patch(`/api/threads/${draft.id}`, { status: 'resolved' });
    expect(jump.status).toBe(409);
    expect(jump.body).toEqual({ error: { code: 'invalid_transition', message: expect.stringContaining('Черновик') } });
    expect((await a.patch(`/api/threads/${draft.id}`, { status: 'submitted' })).body.status).toBe('submitted');
    expect((await a.patch(`/api/threads/${draft.id}`, { assigneeId: expert.user.id })).status).toBe(403);
    expect((await a.patch(`/api/threads/${draft.id}`, { dueAt: new Date().toISOString() })).status).toBe(403);
    await expert.patch(`/api/threads/${draft.id}`, { status: 'registered' });
    await expert.patch(`/api/threads/${draft.id}`, { status: 'resolved' });
    const back = await expert.patch(`/api/threads/${draft.id}`, { status: 'registered' });
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('invalid_transition');
    expect((await a.patch(`/api/threads/${draft.id}`, { status: 'closed' })).status).toBe(409); // resolved: the SRO closes it
    expect((await expert.patch(`/api/threads/${draft.id}`, { status: 'closed' })).body.status).toBe('closed');
    const reply = await a.post(`/api/threads/${draft.id}/messages`, { body: 'Ещё вопрос', clientMsgId: 'after-close-1' });
    expect(reply.status).toBe(409);
    // Staff may reopen what was closed; then the member can write again.
    expect((await expert.patch(`/api/threads/${draft.id}`, { status: 'in_progress' })).body.status).toBe('in_progress');
    expect((await a.post(`/api/threads/${draft.id}/messages`, { body: 'Ещё вопрос', clientMsgId: 'after-reopen-1' })).status).toBe(201);
    // Staff never close a request straight from work: it is resolved or rejected first.
    expect((await expert.patch(`/api/threads/${draft.id}`, { status: 'closed' })).status).toBe(409);

    const statuses = (await a.get(`/api/threads/${draft.id}/messages`)).body.items.filter((m: { kind: string }) => m.kind === 'status_change');
    expect(statuses.map((m: { status: { to: string } }) => m.status.to)).toEqual(['submitted', 'registered', 'resolved', 'closed', 'in_progress']);
    expect(statuses[1]).toMatchObject({ authorId: expert.user.id, authorRole: 'expert', body: 'Статус: Отправлено → Зарегистрировано' });
  });

  it('publishes one transition table and labels for both audiences', () => {
    for (const status of THREAD_STATUSES) {
      // A member's moves are staff's moves too, but for withdrawing (closing) an unfinished request.
      for (const to of allowedTransitions(status, 'member')) if (to !== 'closed') expect(STATUS_TRANSITIONS[status]).toContain(to);
      expect(statusLabel(status, 'member', 'en')).toBeTruthy();
    }
    expect(STATUS_TRANSITIONS.closed).toEqual(['in_progress']);
    for (const open of ['submitted', 'registered', 'in_progress', 'waiting_member'] as const) expect(STATUS_TRANSITIONS[open]).not.toContain('closed');
    expect(allowedTransitions('in_progress', 'member', 'complaint')).toEqual([]);
    expect(statusLabel('in_progress', 'member')).toBe('На рассмотрении');
    expect(statusLabel('in_progress', 'expert')).toBe('В работе');
  });

  it('audits every status change and assignment', async () => {
    const a = await login('member@example.org');
    const expert = await login('expert@example.org');
    const admin = await login('admin@example.org');
    const t = (await a.post('/api/threads', { kind: 'general', body: 'Аудит' })).body;
    await expert.patch(`/api/threads/${t.id}`, { assigneeId: expert.user.id });
    await admin.patch(`/api/threads/${t.id}`, { assigneeId: null });
    await expert.patch(`/api/threads/${t.id}`, { status: 'registered' });
    const entries = await inTenant(() => Audit.find({ entityId: t.id }).sort({ at: 1 }).lean());
    expect(entries.map((e) => e.action)).toEqual(['thread.created', 'signature.pep', 'thread.assign', 'thread.assign', 'thread.registered', 'thread.status']);
    expect(entries[3]).toMatchObject({ actorId: expect.anything(), details: { from: expert.user.id, to: null } });
    expect(String(entries[3].actorId)).toBe(admin.user.id);
    expect(entries[5].details).toEqual({ from: 'submitted', to: 'registered' });
    const messages = (await a.get(`/api/threads/${t.id}/messages`)).body.items;
    expect(messages.filter((m: { kind: string }) => m.kind === 'system').map((m: { body: string }) => m.body)).toEqual([expect.stringMatching(/^Ответственный: /), 'Ответственный снят']);
    const notStaff = await expert.patch(`/api/threads/${t.id}`, { assigneeId: a.user.id });
    expect(notStaff.status).toBe(400);
  });
});

describe('lists', () => {
  it('finds threads by registration number, subject, member name and INN prefix — members only their own', async () => {
    const a = await login('member@example.org');
    const b = await login('engineer@example.org');
    const expert = await login('expert@example.org');
    const t = (await a.post('/api/threads', { kind: 'general', subject: 'Вопрос про Гидроизоляцию фундамента', body: 'Текст' })).body;
    const registered = (await expert.patch(`/api/threads/${t.id}`, { status: 'registered' })).body;
    const serial = registered.regNumber.split('-')[2];
    const ids = async (client: typeof a, q: string) => (await client.get(`/api/threads?limit=100&q=${encodeURIComponent(q)}`)).body.items.map((x: { id: string }) => x.id);
    for (const q of [registered.regNumber, serial, String(Number(serial)), 'гидроизол', 'ГИДРОИЗОЛЯЦИЮ фунд', 'строймонт', '770123']) {
      expect(await ids(expert, q), q).toContain(t.id);
    }
    expect(await ids(a, 'гидроизол')).toEqual([t.id]);
    expect(await ids(b, 'гидроизол')).toEqual([]);
    expect(await ids(expert, 'гидроизоляцияя')).toEqual([]);
  });

  it('pages by an opaque cursor with no duplicates or gaps, newest activity first', async () => {
    const a = await login('member@example.org');
    const expert = await login('expert@example.org');
    for (let i = 0; i < 7; i++) await a.post('/api/threads', { kind: 'general', body: `Пачка ${i}` });
    const seen: { id: string; updatedAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { items: { id: string; updatedAt: string }[]; nextCursor: string | null } } = await expert.get(`/api/threads?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    const total = await inTenant(() => Thread.countDocuments({ status: { $ne: 'draft' } }));
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((t) => t.id)).size).toBe(total);
    const times = seen.map((t) => Date.parse(t.updatedAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    const bad = await expert.get('/api/threads?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.cursor).toBeTruthy();
  });

  it('filters by assignee (me, none, anyone, a person), status, kind and member', async () => {
    const a = await login('member@example.org');
    const expert = await login('expert@example.org');
    const admin = await login('admin@example.org');
    const mine = (await a.post('/api/threads', { kind: 'annual_report', form: { year: 2025 }, body: 'Отчёт' })).body;
    await expert.patch(`/api/threads/${mine.id}`, { assigneeId: expert.user.id });
    const free = (await a.post('/api/threads', { kind: 'annual_report', form: { year: 2024 }, body: 'Отчёт' })).body;
    const list = async (client: typeof a, query: string) => (await client.get(`/api/threads?limit=100&${query}`)).body.items as { id: string; assigneeId: string | null; status: string; kind: string; memberId: string }[];
    const me = await list(expert, 'assignee=me');
    expect(me.map((t) => t.id)).toContain(mine.id);
    expect(me.every((t) => t.assigneeId === expert.user.id)).toBe(true);
    const none = await list(expert, 'assignee=none&kind=annual_report');
    expect(none.map((t) => t.id)).toContain(free.id);
    expect(none.every((t) => t.assigneeId === null && t.kind === 'annual_report')).toBe(true);
    expect((await list(admin, `assignee=${expert.user.id}`)).map((t) => t.id)).toEqual(me.map((t) => t.id));
    expect((await list(admin, 'assignee=any&status=submitted')).every((t) => t.status === 'submitted')).toBe(true);
    expect((await list(expert, `memberId=${a.user.memberId}`)).every((t) => t.memberId === a.user.memberId)).toBe(true);
    expect((await expert.get('/api/threads?assignee=someone')).status).toBe(400);
    expect((await expert.get('/api/threads?status=lost')).body.error.code).toBe('validation_failed');
  });
});

describe('links and messages', () => {
  it('links a request and the SRO\'s answer both ways; staff only, one member only', async () => {
    const a = await login('member@example.org');
    const b = await login('engineer@example.org');
    const expert = await login('expert@example.org');
    const request = (await a.post('/api/threads', { kind: 'accounting_documents', form: { docType: 'invoice' }, body: 'Счёт, пожалуйста' })).body;
    const answer = (await expert.post('/api/threads', { kind: 'notice', memberId: a.user.memberId, subject: 'Счёт на оплату', body: 'Счёт во вложении' })).body;
    const other = (await b.post('/api/threads', { kind: 'general', body: 'Чужое' })).body;
    expect((await a.post(`/api/threads/${request.id}/links`, { threadId: answer.id })).status).toBe(403);
    const cross = await expert.post(`/api/threads/${request.id}/links`, { threadId: other.id });
    expect(cross.status).toBe(400);
    expect((await expert.post(`/api/threads/${request.id}/links`, { threadId: request.id })).status).toBe(400);
    const linked = await expert.post(`/api/threads/${request.id}/links`, { threadId: answer.id });
    expect(linked.body.linkedThreadIds).toEqual([answer.id]);
    expect((await a.get(`/api/threads/${answer.id}`)).body.linkedThreadIds).toEqual([request.id]);
  });

  it('lists messages after a sequence number, in order, in pages', async () => {
    const a = await login('member@example.org');
    const t = (await a.post('/api/threads', { kind: 'general', body: 'Первое' })).body;
    for (let i = 2; i <= 6; i++) await a.post(`/api/threads/${t.id}/messages`, { body: `Сообщение ${i}`, clientMsgId: `paging-${t.id}-${i}` });
    const page = (await a.get(`/api/threads/${t.id}/messages?afterSeq=2&limit=2`)).body.items;
    expect(page.map((m: { seq: number }) => m.seq)).toEqual([3, 4]);
    const rest = (await a.get(`/api/threads/${t.id}/messages?afterSeq=4`)).body.items;
    expect(rest.map((m: { body: string }) => m.body)).toEqual(['Сообщение 5', 'Сообщение 6']);
    const empty = await a.post(`/api/threads/${t.id}/messages`, { body: '   ', clientMsgId: 'paging-empty-1' });
    expect(empty.status).toBe(400);
    const noId = await a.post(`/api/threads/${t.id}/messages`, { body: 'без id' });
    expect(noId.body.error.fields.clientMsgId).toBeTruthy();
    expect((await a.get('/api/threads/000000000000000000000000')).status).toBe(404);
    expect((await a.get('/api/threads/nonsense')).status).toBe(400);
  });
});

describe('due dates', () => {
  it('counts working days over weekends and Russian public holidays', () => {
    expect(isWorkingDay(new Date('2026-01-08T10:00:00Z'))).toBe(false);
    expect(isWorkingDay(new Date('2026-01-09T10:00:00Z'))).toBe(false); // moved from Saturday 3 January
    expect(isWorkingDay(new Date('2026-01-12T10:00:00Z'))).toBe(true);
    expect(isWorkingDay(new Date('2025-11-01T10:00:00Z'))).toBe(true); // a working Saturday
    // Registered on Wednesday 30 December 2026: 31 Dec and 1–8 Jan are off, so 3 working days end on Wednesday 13 January 2027.
    expect(addWorkingDays(new Date('2026-12-30T09:00:00Z'), 3).toISOString()).toBe('2027-01-13T20:59:59.000Z');
    // Friday 8 May 2026: 9–11 May are off (Victory Day on a Saturday moves to Monday) → Tue 12, Wed 13, Thu 14.
    expect(addWorkingDays(new Date('2026-05-08T09:00:00Z'), 3).toISOString().slice(0, 10)).toBe('2026-05-14');
    const at = new Date('2026-03-02T09:00:00Z');
    expect(dueDateFor('complaint', at)!.toISOString().slice(0, 10)).toBe('2026-04-01');
    expect(dueDateFor('general', at)!.toISOString().slice(0, 10)).toBe('2026-03-17'); // 9 March: 8 March fell on a Sunday
    expect(dueDateFor('notice', at)).toBeNull();
  });
});
