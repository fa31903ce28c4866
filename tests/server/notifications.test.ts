import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { signIn } from '../support/http';
import { barrier, connectSocket, recordEvents, type TestSocket } from '../support/sockets';
import { notify } from '../../server/src/notifications/notification.service';
import { Notification } from '../../server/src/notifications/notification.model';
import { inSro } from './access-support';

let portal: TestPortal;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await portal?.stop();
});

async function connected(login: string) {
  const api = await signIn(portal.url, login);
  const socket = await connectSocket(portal.url, api.accessToken);
  sockets.push(socket);
  return { api, events: recordEvents(socket) };
}

describe('notify()', () => {
  it('stores one notification per user and pushes it to that user\'s tabs only', async () => {
    const member = await connected('member@example.org');
    const memberTab2 = recordEvents(await connectSocket(portal.url, member.api.accessToken));
    const engineer = await connected('engineer@example.org');
    const expert = await connected('expert@example.org');

    const sent = await inSro(portal, () =>
      notify(portal.io, [member.api.user.id, member.api.user.id, expert.api.user.id], { kind: 'notice', title: 'Плановая проверка', body: 'Вы включены в план проверок на 2027 год', link: '/threads/x' }),
    );
    expect(sent).toHaveLength(2);
    const pushed = await member.events.waitFor('notification:created');
    expect(pushed.notification).toMatchObject({ id: expect.any(String), kind: 'notice', title: 'Плановая проверка', read: false, link: '/threads/x' });
    expect((await memberTab2.waitFor('notification:created')).notification.id).toBe(pushed.notification.id);
    await expert.events.waitFor('notification:created');
    await barrier(portal.io, [engineer.events, member.events]);
    expect(engineer.events.of('notification:created')).toEqual([]);
    expect(member.events.of('notification:created')).toHaveLength(1);

    const stored = await inSro(portal, () => Notification.find({ userId: member.api.user.id }).lean());
    expect(stored).toHaveLength(1);
    expect((stored[0] as unknown as { sroId: string }).sroId).toBe(portal.defaultSroId);
    expect(await inSro(portal, () => notify(portal.io, [], { kind: 'x', title: 'никому' }))).toEqual([]);
  });
});

describe('the bell', () => {
  it('pages newest first with a cursor, counts unread, and marks read by id or all', async () => {
    const engineer = await signIn(portal.url, 'engineer@example.org');
    const member = await signIn(portal.url, 'member@example.org');
    for (let i = 1; i <= 5; i++) {
      await inSro(portal, () => notify(portal.io, [engineer.user.id], { kind: 'status', title: `Статус ${i}` }));
      await new Promise((r) => setTimeout(r, 3));
    }
    const first = await engineer.get('/api/notifications?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((n: { title: string }) => n.title)).toEqual(['Статус 5', 'Статус 4']);
    expect(first.body.unread).toBe(5);
    const second = await engineer.get(`/api/notifications?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((n: { title: string }) => n.title)).toEqual(['Статус 3', 'Статус 2']);
    const last = await engineer.get(`/api/notifications?limit=2&cursor=${second.body.nextCursor}`);
    expect(last.body.items.map((n: { title: string }) => n.title)).toEqual(['Статус 1']);
    expect(last.body.nextCursor).toBeNull();

    // Another user's ids are ignored: they can only mark their own.
    const memberNotice = (await member.get('/api/notifications')).body.items[0];
    const foreign = await engineer.post('/api/notifications/read', { ids: [memberNotice.id, first.body.items[0].id] });
    expect(foreign.body).toEqual({ unread: 4 });
    expect((await member.get('/api/notifications')).body.items[0].read).toBe(false);
    const afterOne = await engineer.get('/api/notifications?limit=1');
    expect(afterOne.body.items[0]).toMatchObject({ title: 'Статус 5', read: true });

    expect((await engineer.post('/api/notifications/read', { all: true })).body).toEqual({ unread: 0 });
    expect((await engineer.get('/api/notifications')).body.unread).toBe(0);
  });

  it('validates the read request and the paging query', async () => {
    const engineer = await signIn(portal.url, 'engineer@example.org');
    const empty = await engineer.post('/api/notifications/read', {});
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'validation_failed', fields: { ids: expect.any(String) } });
    expect((await engineer.post('/api/notifications/read', { ids: ['nope'] })).body.error.fields['ids.0']).toBeTruthy();
    expect((await engineer.post('/api/notifications/read', { all: 'yes' })).status).toBe(400);
    expect((await engineer.get('/api/notifications?limit=1000')).status).toBe(400);
  });
});

describe('notification settings', () => {
  it('are on by default, change one at a time, and stay per user', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const expert = await signIn(portal.url, 'expert@example.org');
    const defaults = await member.get('/api/me/notification-settings');
    const all = { emailOnReply: true, emailOnStatus: true, emailDocuments: true, emailReminders: true, emailNewThread: false, bellOnReply: true, bellOnStatus: true, bellDocuments: true, bellReminders: true, emailDigest: false, newThreadKinds: null };
    expect(defaults.body).toEqual(all);
    const changed = await member.put('/api/me/notification-settings', { emailOnReply: false });
    expect(changed.body).toEqual({ ...all, emailOnReply: false });
    expect((await member.put('/api/me/notification-settings', { emailReminders: false })).body).toMatchObject({ emailOnReply: false, emailReminders: false });
    expect((await expert.get('/api/me/notification-settings')).body.emailOnReply).toBe(true);

    const wrongType = await member.put('/api/me/notification-settings', { emailOnReply: 'no' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.fields.emailOnReply).toBeTruthy();
    const unknown = await member.put('/api/me/notification-settings', { emailOnEverything: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('validation_failed');
    expect((await member.get('/api/me/notification-settings')).body.emailOnReply).toBe(false);
  });
});

describe('messages (copies of e-mails)', () => {
  it('shows a member only its own copies, paged; staff read them on the member card', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const created = await admin.post('/api/admin/members', { kind: 'legal_entity', name: 'ООО «Письма»', inn: '7707083893', email: 'letters@example.org' });
    const company = await signIn(portal.url, '7701234560');
    await company.post('/api/auth/password', { oldPassword: 'demo-password-1', newPassword: 'demo-password-2' });
    await company.post('/api/auth/password', { oldPassword: 'demo-password-2', newPassword: 'demo-password-1' });

    const page1 = await company.get('/api/messages?limit=1');
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.items[0]).toMatchObject({ subject: 'Пароль изменён', to: 'member@example.org', text: expect.stringContaining('Пароль') });
    const page2 = await company.get(`/api/messages?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    const all = await company.get('/api/messages?limit=100');
    expect(all.body.items.every((m: { to: string }) => m.to === 'member@example.org')).toBe(true);

    const one = await company.get(`/api/messages/${page1.body.items[0].id}`);
    expect(one.body.html).toContain('<p>');
    // Staff read the member's copies on its card; the new member's invitation (a one-time link) is copied nowhere.
    const staffView = await admin.get(`/api/admin/members/${company.user.memberId}/messages?limit=100`);
    expect(staffView.body.items.map((m: { subject: string }) => m.subject)).toContain('Пароль изменён');
    expect((await admin.get(`/api/admin/members/${created.body.id}/messages`)).body.items).toEqual([]);
    // Someone else's copy is not found, and staff have no Messages section of their own.
    const engineer = await signIn(portal.url, 'engineer@example.org');
    expect((await engineer.get(`/api/messages/${staffView.body.items[0].id}`)).status).toBe(404);
    expect((await admin.get('/api/messages')).status).toBe(403);
  });
});
