import { beforeAll, describe, expect, it } from 'vitest';
import { renderTemplate } from '@sro/shared';
import type { TestPortal } from '../support/portal';
import { usePortalWithSockets } from '../support/session';
import { signIn } from '../support/http';
import { connectSocket, recordEvents, type TestSocket } from '../support/sockets';
import { runWithTenant } from '../../server/src/core/tenancy';
import { threadSearchTerms } from '../../server/src/threads/thread.search';
import { Thread } from '../../server/src/threads/thread.model';
import { Member } from '../../server/src/members/member.model';

const env = usePortalWithSockets();
let portal: TestPortal;
beforeAll(() => {
  portal = env.portal;
});

const connected = (login: string) => env.connected(login);

describe('the shared inbox', () => {
  it('resolves an assignment race to one assignee, and all three parties see the same result', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    await admin.post('/api/admin/staff', { email: 'expert2@example.org', name: 'Вторая Эксперт', role: 'expert' });
    const mail = await portal.smtp.waitFor((m) => m.text?.includes('activate?token=') === true && JSON.stringify(m.to).includes('expert2@example.org'));
    const token = mail.text!.match(/activate\?token=([\w-]+)/)![1];
    await admin.post('/api/auth/activate', { token, password: 'second-expert-1' });
    const member = await connected('member@example.org');
    const one = await connected('expert@example.org');
    const two = await signIn(portal.url, 'expert2@example.org', 'second-expert-1');
    const twoSocket = await env.socket(two.accessToken);
    const twoEvents = recordEvents(twoSocket);

    const thread = (await member.api.post('/api/threads', { kind: 'general', body: 'Кто возьмёт?' })).body;
    const [a, b] = await Promise.all([
      one.api.patch(`/api/threads/${thread.id}`, { assigneeId: one.api.user.id, expectedAssigneeId: null }),
      two.patch(`/api/threads/${thread.id}`, { assigneeId: two.user.id, expectedAssigneeId: null }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe('conflict');
    const winnerId = a.status === 200 ? one.api.user.id : two.user.id;
    const stored = await one.api.get(`/api/threads/${thread.id}`);
    expect(stored.body.assigneeId).toBe(winnerId);
    const lastSeen = async (events: ReturnType<typeof recordEvents>) => {
      await events.waitFor('thread:updated', (p) => p.thread.id === thread.id && p.thread.assigneeId === winnerId);
      return events.of('thread:updated').filter((p) => p.thread.id === thread.id).at(-1).thread.assigneeId;
    };
    expect(await lastSeen(member.events)).toBe(winnerId);
    expect(await lastSeen(one.events)).toBe(winnerId);
    expect(await lastSeen(twoEvents)).toBe(winnerId);
  });

  it('answers 403 to a member on every staff endpoint', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const id = '000000000000000000000000';
    const calls = [
      member.post('/api/admin/members', { kind: 'legal_entity', name: 'ООО «Х»', inn: '7707083893' }),
      member.get(`/api/admin/members/${id}/users`),
      member.post(`/api/admin/members/${id}/users`, { email: 'x@example.org' }),
      member.post(`/api/admin/members/${id}/users/${id}/block`),
      member.post(`/api/admin/members/${id}/users/${id}/unblock`),
      member.post(`/api/admin/users/${id}/invitation`),
      member.get('/api/admin/staff'),
      member.post('/api/admin/staff', { email: 'x@example.org', name: 'Х', role: 'expert' }),
      member.post(`/api/admin/staff/${id}/block`),
      member.get('/api/admin/outbox'),
      member.get('/api/canned-replies'),
      member.post('/api/canned-replies', { title: 'x', body: 'y' }),
      member.put(`/api/canned-replies/${id}`, { title: 'xx', body: 'yy' }),
      member.delete(`/api/canned-replies/${id}`),
      member.post('/api/notices', { subject: 'Долг', body: 'Оплатите', filter: { all: true } }),
      member.get(`/api/inbox/members/${id}`),
      member.post(`/api/threads/${id}/links`, { threadId: id }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it('sends a notice to every member of a filter, live and by e-mail', async () => {
    const expert = await signIn(portal.url, 'expert@example.org');
    const engineer = await connected('engineer@example.org');
    const res = await expert.post('/api/notices', { subject: 'Задолженность по членским взносам', body: 'Просим погасить задолженность до 1 декабря.', noticeType: 'debt', filter: { all: true } });
    expect(res.status).toBe(201);
    expect(res.body.failed).toEqual([]);
    const memberCount = await runWithTenant(portal.defaultSroId, async () => Member.countDocuments());
    expect(res.body.created).toBe(memberCount);
    const live = await engineer.events.waitFor('thread:created', (p) => p.thread.subject === 'Задолженность по членским взносам');
    expect(live.thread).toMatchObject({ kind: 'notice', direction: 'outgoing', regNumber: expect.stringMatching(/^ИСХ-/) });
    const mail = await portal.smtp.waitFor((m) => m.subject === 'Задолженность по членским взносам' && JSON.stringify(m.to).includes('engineer@example.org'));
    expect(mail.text).toContain('Просим погасить задолженность');
    await engineer.events.waitFor('notification:created', (p) => p.notification.title.includes('Задолженность'));
  });

  it('fills canned replies with the thread\'s data', async () => {
    const expert = await signIn(portal.url, 'expert@example.org');
    const list = await expert.get('/api/canned-replies');
    const template = list.body.items.find((c: { title: string }) => c.title === 'Запрос принят');
    expect(renderTemplate(template.body, { memberName: 'ООО «СтройМонтаж»', regNumber: 'ВХ-2026-000001', expertName: 'Олег' }))
      .toBe('Здравствуйте, ООО «СтройМонтаж»! Ваше обращение ВХ-2026-000001 принято в работу. Ответственный эксперт — Олег.');
    const bad = await expert.post('/api/canned-replies', { title: '', body: '' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['body', 'title']);
  });

  it('filters and searches thousands of threads exactly', async () => {
    const expert = await signIn(portal.url, 'expert@example.org');
    const kinds = ['registry_extract', 'accounting_documents', 'general'] as const;
    const statuses = ['submitted', 'in_progress', 'resolved'] as const;
    const ids = await runWithTenant(portal.defaultSroId, async () => {
      const members = await Member.find().lean();
      const docs = Array.from({ length: 3000 }, (_, i) => ({
        memberId: members[i % members.length]._id,
        memberName: members[i % members.length].name,
        kind: kinds[i % 3],
        direction: 'incoming',
        status: statuses[Math.floor(i / 3) % 3],
        subject: i % 100 === 0 ? `Срочная выписка ${i}` : `Обращение ${i}`,
        searchTerms: threadSearchTerms({ subject: i % 100 === 0 ? `Срочная выписка ${i}` : `Обращение ${i}` }),
        assigneeId: i % 7 === 0 ? expert.user.id : null,
        dueAt: i % 5 === 0 ? new Date(Date.now() - 86_400_000) : null,
        lastSeq: 0,
        publicCount: 0,
      }));
      const inserted = await Thread.insertMany(docs);
      return inserted.map((d) => d._id);
    });
    expect(ids).toHaveLength(3000);
    async function all(query: string) {
      const out: { id: string }[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await expert.get(`/api/threads?limit=100&${query}${cursor ? `&cursor=${cursor}` : ''}`);
        out.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return out;
    }
    const bulk = (items: { id: string }[]) => items.filter((t) => ids.some((id) => String(id) === t.id));
    const range = Array.from({ length: 3000 }, (_, i) => i);
    const expectedKindStatus = range.filter((i) => kinds[i % 3] === 'registry_extract' && statuses[Math.floor(i / 3) % 3] === 'resolved').length;
    expect(bulk(await all('kind=registry_extract&status=resolved'))).toHaveLength(expectedKindStatus);
    expect(bulk(await all('q=срочная'))).toHaveLength(30);
    expect(bulk(await all('q=срочн%20выпис'))).toHaveLength(30); // every word a fragment, in any order
    expect(bulk(await all('q=рочна'))).toHaveLength(30); // from the middle of a word
    expect(bulk(await all('q=срочнх'))).toHaveLength(0);
    expect(bulk(await all('q=выписка%20срочн'))).toHaveLength(30);
    expect(bulk(await all('assignee=me'))).toHaveLength(range.filter((i) => i % 7 === 0).length);
    const overdue = bulk(await all('overdue=1'));
    const expectedOverdue = Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 5 === 0 && statuses[Math.floor(i / 3) % 3] !== 'resolved').length;
    expect(overdue).toHaveLength(expectedOverdue);
    const everything = await all('');
    expect(new Set(everything.map((t) => t.id)).size).toBe(everything.length);
  });
});

describe('notifications', () => {
  it('lists the bell, marks it read, and honours a user turning reply e-mails off', async () => {
    const engineer = await connected('engineer@example.org');
    const expert = await signIn(portal.url, 'expert@example.org');
    const thread = (await engineer.api.post('/api/threads', { kind: 'general', body: 'Вопрос про уведомления' })).body;
    await expert.post(`/api/threads/${thread.id}/messages`, { body: 'Первый ответ', clientMsgId: 'notif-reply-1' });
    await portal.smtp.waitFor((m) => JSON.stringify(m.to).includes('engineer@example.org') && m.text?.includes('Первый ответ') === true);
    const bell = await engineer.api.get('/api/notifications?limit=5');
    expect(bell.body.items[0]).toMatchObject({ kind: 'reply', threadId: thread.id, read: false });
    expect(bell.body.unread).toBeGreaterThan(0);
    expect((await engineer.api.post('/api/notifications/read', { all: true })).body.unread).toBe(0);

    const settings = await engineer.api.put('/api/me/notification-settings', { emailOnReply: false });
    expect(settings.body.emailOnReply).toBe(false);
    await expert.post(`/api/threads/${thread.id}/messages`, { body: 'Второй ответ без письма', clientMsgId: 'notif-reply-2' });
    await engineer.events.waitFor('notification:created', (p) => p.notification.body === 'Второй ответ без письма');
    await portal.settled();
    expect(portal.smtp.mails.some((m) => m.text?.includes('Второй ответ без письма'))).toBe(false);
  });
});

describe('due-date reminders', () => {
  it('warns the assignee once, a day before a thread is due', async () => {
    const { remindDueSoon } = await import('../../server/src/inbox/due-reminders');
    const member = await signIn(portal.url, 'member@example.org');
    const expert = await connected('expert@example.org');
    const ctx = { io: env.portal.io };
    await remindDueSoon(ctx); // whatever earlier tests left due soon is reminded now, so the counts below are exact
    const thread = (await member.post('/api/threads', { kind: 'general', body: 'Срочно' })).body;
    await expert.api.patch(`/api/threads/${thread.id}`, { assigneeId: expert.api.user.id });
    const dueAt = new Date(Date.now() + 6 * 3600_000).toISOString();
    expect((await expert.api.patch(`/api/threads/${thread.id}`, { dueAt })).body.dueAt).toBe(dueAt);
    expect(await remindDueSoon(ctx)).toBe(1);
    const reminder = await expert.events.waitFor('notification:created', (p) => p.notification.kind === 'due_soon' && p.notification.threadId === thread.id);
    expect(reminder.notification.title).toContain('Срок истекает');
    expect(await remindDueSoon(ctx)).toBe(0);
    await env.quiet();
    expect(expert.events.of('notification:created').filter((p) => p.notification.kind === 'due_soon' && p.notification.threadId === thread.id)).toHaveLength(1);
  });
});
