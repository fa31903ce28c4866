import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { signIn } from '../support/http';
import { inSro, letterTo } from './access-support';
import { Notification } from '../../server/src/notifications/notification.model';

// Issue 12, notification settings: e-mail per kind of event (the bell always rings), and which kinds of new
// requests ring a staff member's bell.

let portal: TestPortal;
let admin: Awaited<ReturnType<typeof signIn>>;
let expert: Awaited<ReturnType<typeof signIn>>;
let company: Awaited<ReturnType<typeof signIn>>;
beforeAll(async () => {
  portal = await startTestPortal();
  [admin, expert, company] = await Promise.all(['admin@example.org', 'expert@example.org', 'member@example.org'].map((l) => signIn(portal.url, l)));
});
afterAll(async () => portal.stop());

const bell = (userId: string, title: string) => inSro(portal, () => Notification.countDocuments({ userId, title: { $regex: title } }));
const mailsTo = (address: string, subject: string) => portal.smtp.mails.filter((m) => JSON.stringify(m.to).includes(address) && m.subject?.includes(subject)).length;

describe('notification settings', () => {
  it('a member who switched reminder e-mails off gets the bell but no mail', async () => {
    const off = await company.put('/api/me/notification-settings', { emailReminders: false });
    expect(off.body).toMatchObject({ emailReminders: false, emailOnReply: true, newThreadKinds: null });
    await admin.post(`/api/admin/members/${company.user.memberId}/tasks`, { title: 'Первая задача без письма' });
    await company.put('/api/me/notification-settings', { emailReminders: true });
    await admin.post(`/api/admin/members/${company.user.memberId}/tasks`, { title: 'Вторая задача с письмом' });
    await letterTo(portal, 'member@example.org', 'Вторая задача с письмом'); // the later mail has arrived…
    expect(mailsTo('member@example.org', 'Первая задача без письма')).toBe(0); // …and the earlier one never will
    expect(await bell(company.user.id, 'Первая задача без письма')).toBe(1);
  });

  it('an expert chooses which kinds of new requests ring the bell', async () => {
    const narrowed = await expert.put('/api/me/notification-settings', { newThreadKinds: ['registry_extract'] });
    expect(narrowed.body.newThreadKinds).toEqual(['registry_extract']);
    expect((await expert.put('/api/me/notification-settings', { newThreadKinds: ['nonsense'] })).status).toBe(400);
    await company.post('/api/threads', { kind: 'general', form: { topic: 'Не для эксперта' }, body: 'x' });
    await company.post('/api/threads', { kind: 'registry_extract', form: { copies: 1, delivery: 'electronic' }, body: 'Для эксперта' });
    // The admin (every kind) is told of both; the expert of the extract only.
    await expect.poll(() => bell(admin.user.id, 'Выписка из реестра')).toBe(1);
    await expect.poll(() => bell(expert.user.id, 'Выписка из реестра')).toBe(1);
    expect(await bell(admin.user.id, 'Не для эксперта')).toBe(1);
    expect(await bell(expert.user.id, 'Не для эксперта')).toBe(0);
    expect((await expert.put('/api/me/notification-settings', { newThreadKinds: null })).body.newThreadKinds).toBeNull();
  });
});
