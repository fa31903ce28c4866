import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { apiClient, signIn } from '../support/http';
import { Sro } from '../../server/src/sros/sro.model';
import { clearSroCache } from '../../server/src/sros/sro.service';
import { runWithTenant } from '../../server/src/core/tenancy';
import { User } from '../../server/src/users/user.model';
import { auditActions, linkToken } from './access-support';

// A portal with a small per-IP limit and no SMTP_URL: mail goes to the local outbox that admins can read.
let portal: TestPortal;
let admin: Awaited<ReturnType<typeof signIn>>;
beforeAll(async () => {
  portal = await startTestPortal({ authRateLimit: 4, smtpUrl: undefined });
  // Signed in before the limit tests use up this address's allowance.
  admin = await signIn(portal.url, 'admin@example.org');
});
afterAll(async () => {
  await portal?.stop();
});

describe('development outbox', () => {
  it('lets an admin list and read the letters, with working links; only this SRO\'s letters', async () => {
    const created = await admin.post('/api/admin/staff', { email: 'outbox.expert@example.org', name: 'Эксперт Почтовый', role: 'expert' });
    expect(created.status).toBe(201);
    // A letter of another SRO on the same installation lands in the same folder but is not shown.
    const other = await Sro.create({ slug: 'outbox-other', name: 'СРО «Соседи»', hosts: ['other.localhost'] });
    clearSroCache();
    const { deliverMail } = await import('../../server/src/mail/mail.service');
    const { templates } = await import('../../server/src/mail/templates');
    await runWithTenant(String(other._id), () => deliverMail(portal.ctx.mailer, portal.ctx.logger, templates.passwordChanged('neighbour@example.org', 'СРО «Соседи»')));

    const list = await admin.get('/api/admin/outbox');
    expect(list.status).toBe(200);
    expect(list.body.smtp).toBe(false);
    const letter = list.body.items.find((l: { to: string }) => l.to === 'outbox.expert@example.org');
    expect(letter).toMatchObject({ id: expect.any(String), subject: 'Доступ к рабочему месту сотрудника СРО', sentAt: expect.any(String) });
    expect(list.body.items.some((l: { to: string }) => l.to === 'neighbour@example.org')).toBe(false);
    expect(list.body.items[0].text).toBeUndefined();

    const read = await admin.get(`/api/admin/outbox/${letter.id}`);
    expect(read.body.html).toContain('<a href=');
    const token = linkToken(read.body.text, '/activate')!;
    const activated = await apiClient(portal.url).post('/api/auth/activate', { token, password: 'outbox-pass-12' });
    expect(activated.status).toBe(200);
    expect(activated.body.user.role).toBe('expert');

    expect((await admin.get('/api/admin/outbox/..%2F..%2Fjwt-secret')).status).toBe(404);
    expect((await admin.get('/api/admin/outbox/nope')).status).toBe(404);
    const admins = await runWithTenant(portal.defaultSroId, async () => await User.findOne({ email: 'admin@example.org' }).lean());
    expect(await auditActions(portal, String(admins!._id), 'user.invited')).toContain('user.invited');
  });
});

// Last: these use up the address's allowance for every sign-in door.
describe('per-IP limits', () => {
  it('counts only failed sign-ins: many good ones pass, the fifth failure from one address is refused', async () => {
    for (let i = 0; i < 8; i++) await signIn(portal.url, 'expert@example.org');
    const api = apiClient(portal.url);
    // Failures spread over several accounts (password spraying) never reach any account's lockout …
    const logins = ['admin@example.org', 'expert@example.org', 'nobody@example.org', '7701234560'];
    for (const login of logins) expect((await api.post('/api/auth/login', { login, password: 'spray-password-1' })).status).toBe(401);
    // … but the address is limited.
    const limited = await api.post('/api/auth/login', { login: 'engineer@example.org', password: 'spray-password-1' });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', message: expect.any(String) });
    expect(limited.headers.get('ratelimit-policy')).toBeTruthy();
    // Even the right password waits out the window from this address.
    expect((await api.post('/api/auth/login', { login: 'engineer@example.org', password: 'demo-password-1' })).status).toBe(429);
    const audits = await runWithTenant(portal.defaultSroId, async () => await import('../../server/src/audit/audit.model').then((m) => m.Audit.countDocuments({ action: 'auth.rate_limited' })));
    expect(audits).toBeGreaterThanOrEqual(2);
  });

  it('limits reset requests per address, with the same answer shape', async () => {
    const api = apiClient(portal.url);
    for (let i = 0; i < 4; i++) expect((await api.post('/api/auth/password-reset', { login: `someone${i}@example.org` })).status).toBe(202);
    const limited = await api.post('/api/auth/password-reset', { login: 'someone@example.org' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
  });
});
