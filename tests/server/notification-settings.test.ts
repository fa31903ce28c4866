import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { signIn } from '../support/http';
import { inSro, letterTo } from './access-support';
import { Notification } from '../../server/src/notifications/notification.model';
import { runReminders } from '../../server/src/reminders/reminders';

// Issue 12, notification settings: the bell and e-mail per kind of event, the daily digest instead of a letter
// per event, and which kinds of new requests ring (or mail) a staff member.

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
  it('a member who switched e-mails of SRO documents off gets the bell but no mail', async () => {
    const off = await company.put('/api/me/notification-settings', { emailDocuments: false });
    expect(off.body).toMatchObject({ emailDocuments: false, emailReminders: true, emailOnReply: true, bellDocuments: true, emailDigest: false, newThreadKinds: null });
    await admin.post(`/api/admin/members/${company.user.memberId}/tasks`, { title: 'Первая задача без письма' });
    await company.put('/api/me/notification-settings', { emailDocuments: true });
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

  it('a member who switched the bell off for SRO documents still gets the letter, and no bell', async () => {
    await company.put('/api/me/notification-settings', { bellDocuments: false });
    await admin.post(`/api/admin/members/${company.user.memberId}/tasks`, { title: 'Задача только письмом' });
    await letterTo(portal, 'member@example.org', 'Задача только письмом');
    expect(await bell(company.user.id, 'Задача только письмом')).toBe(0);
    await company.put('/api/me/notification-settings', { bellDocuments: true });
  });

  it('the daily digest: the day\'s letters come as one in the morning, once, however many runs', async () => {
    const engineer = await signIn(portal.url, 'engineer@example.org');
    expect((await engineer.put('/api/me/notification-settings', { emailDigest: true })).body.emailDigest).toBe(true);
    await admin.post(`/api/admin/members/${engineer.user.memberId}/tasks`, { title: 'Задача в сводку один' });
    await admin.post(`/api/admin/members/${engineer.user.memberId}/tasks`, { title: 'Задача в сводку два' });
    expect(await bell(engineer.user.id, 'Задача в сводку')).toBe(2); // the bell rings at once
    // Tomorrow 08:00 Moscow: before the digest hour nothing goes out; at 10:00 one letter, whichever run wins.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await runReminders(portal.ctx, new Date(`${tomorrow}T05:00:00Z`))).toMatchObject({ digests: 0 });
    const [a, b] = await Promise.all([runReminders(portal.ctx, new Date(`${tomorrow}T07:00:00Z`)), runReminders(portal.ctx, new Date(`${tomorrow}T07:00:00Z`))]);
    expect(a.digests + b.digests).toBe(1);
    const digest = await letterTo(portal, 'engineer@example.org', 'Сводка личного кабинета');
    expect(digest.subject).toBe('Сводка личного кабинета: событий — 2');
    expect(digest.text).toContain('Задача в сводку один');
    expect(digest.text).toContain('Задача в сводку два');
    expect(mailsTo('engineer@example.org', 'Новая задача от СРО')).toBe(0); // no letter per event
    expect((await runReminders(portal.ctx, new Date(`${tomorrow}T08:00:00Z`))).digests).toBe(0);
    // Its copy is in "Messages" like any letter.
    const copies = (await engineer.get('/api/messages?limit=100')).body.items.filter((m: { subject: string }) => m.subject.startsWith('Сводка'));
    expect(copies).toHaveLength(1);
    await engineer.put('/api/me/notification-settings', { emailDigest: false });
  });

  it('an expert who opted in gets an e-mail of each new request; others only the bell', async () => {
    expect((await expert.get('/api/me/notification-settings')).body.emailNewThread).toBe(false);
    await expert.put('/api/me/notification-settings', { emailNewThread: true });
    await company.post('/api/threads', { kind: 'general', form: { topic: 'Письмо эксперту о новом' }, body: 'x' });
    const letter = await letterTo(portal, 'expert@example.org', 'Письмо эксперту о новом');
    expect(letter.subject).toBe('Новое обращение: Письмо эксперту о новом');
    expect(mailsTo('admin@example.org', 'Письмо эксперту о новом')).toBe(0);
    await expert.put('/api/me/notification-settings', { emailNewThread: false });
  });
});
