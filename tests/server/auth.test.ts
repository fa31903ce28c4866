import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { apiClient, signIn, DEMO_PASSWORD } from '../support/http';
import { mailTo } from '../support/smtp';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  await portal?.stop();
});

const linkToken = (text: string, path: string) => text.match(new RegExp(`${path}\\?token=([\\w-]+)`))?.[1];

describe('sign-in', () => {
  it('signs a member in by INN and by e-mail, as the same user', async () => {
    const byInn = await signIn(portal.url, '7701234560');
    const byEmail = await signIn(portal.url, 'member@example.org');
    expect(byInn.user.id).toBe(byEmail.user.id);
    expect(byInn.user).toMatchObject({ role: 'member', email: 'member@example.org' });
    const me = await byInn.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.member).toMatchObject({ inn: '7701234560', name: expect.stringContaining('СтройМонтаж') });
  });

  it('answers a wrong password with invalid_credentials, and the same for an unknown login', async () => {
    const api = apiClient(portal.url);
    const wrong = await api.post('/api/auth/login', { login: 'expert@example.org', password: 'nope-nope-nope' });
    const unknown = await api.post('/api/auth/login', { login: 'nobody@example.org', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses bad JSON and missing fields with the contract error body', async () => {
    const api = apiClient(portal.url);
    const bad = await api.post('/api/auth/login', '{"login": ', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const missing = await api.post('/api/auth/login', { login: 'member@example.org' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'validation_failed', fields: { password: expect.any(String) } });
  });

  it('refuses API calls without a session', async () => {
    const res = await apiClient(portal.url).get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });
});

describe('invitation → activation → reset → change → logout', () => {
  it('walks a new member user through the whole access lifecycle', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const created = await admin.post('/api/admin/members', { kind: 'legal_entity', name: 'ООО «Новый член»', inn: '7707083893', email: 'new.director@example.org' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ООО «Новый член»', inn: '7707083893' });

    const invitation = await portal.smtp.waitFor(mailTo('new.director@example.org'));
    expect(invitation.subject).toContain('Приглашение');
    expect(invitation.html).toBeTruthy();
    const inviteToken = linkToken(invitation.text!, '/activate');
    expect(inviteToken).toBeTruthy();

    const api = apiClient(portal.url);
    // Before activation the user cannot sign in.
    expect((await api.post('/api/auth/login', { login: '7707083893', password: 'first-password-1' })).status).toBe(401);
    const activated = await api.post('/api/auth/activate', { token: inviteToken, password: 'first-password-1' });
    expect(activated.status).toBe(200);
    expect(activated.body.user.status).toBe('active');
    // The link works once.
    const reused = await api.post('/api/auth/activate', { token: inviteToken, password: 'other-password-1' });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('invalid_token');

    const byInn = await signIn(portal.url, '7707083893', 'first-password-1');
    const byEmail = await signIn(portal.url, 'new.director@example.org', 'first-password-1');
    expect(byInn.user.id).toBe(byEmail.user.id);

    // Reset: same answer for an unknown account; the link revokes other sessions.
    const unknown = await api.post('/api/auth/password-reset', { login: 'ghost@example.org' });
    const known = await api.post('/api/auth/password-reset', { login: '7707083893' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const resetMail = await portal.smtp.waitFor((m) => mailTo('new.director@example.org')(m) && m.subject!.includes('Восстановление'));
    const resetToken = linkToken(resetMail.text!, '/reset-password')!;
    expect((await api.post('/api/auth/password-reset/confirm', { token: resetToken, password: 'second-password-2' })).status).toBe(200);
    expect((await api.post('/api/auth/password-reset/confirm', { token: resetToken, password: 'third-password-3' })).status).toBe(400);
    expect((await byInn.get('/api/auth/me')).status).toBe(401);
    expect((await api.post('/api/auth/login', { login: '7707083893', password: 'first-password-1' })).status).toBe(401);

    // Change password: wrong old one is refused next to the field; the right one works.
    const session = await signIn(portal.url, 'new.director@example.org', 'second-password-2');
    const wrongOld = await session.post('/api/auth/password', { oldPassword: 'not-it-at-all', newPassword: 'fourth-password-4' });
    expect(wrongOld.status).toBe(400);
    expect(wrongOld.body.error.fields.oldPassword).toBeTruthy();
    expect((await session.post('/api/auth/password', { oldPassword: 'second-password-2', newPassword: 'fourth-password-4' })).status).toBe(200);
    await signIn(portal.url, '7707083893', 'fourth-password-4');

    // Logout ends this session only for its token.
    expect((await session.post('/api/auth/logout')).status).toBe(200);
    expect((await session.get('/api/auth/me')).status).toBe(401);

    // Every e-mail to the member's user is copied into the member's Messages section.
    const messages = await (await signIn(portal.url, '7707083893', 'fourth-password-4')).get('/api/messages');
    expect(messages.body.items.map((m: { subject: string }) => m.subject)).toEqual(
      expect.arrayContaining(['Приглашение в личный кабинет члена СРО', 'Восстановление пароля', 'Пароль изменён']),
    );
  });

  it('refuses an expired invitation link', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const members = await admin.post('/api/admin/members', { kind: 'individual', name: 'Иванов Иван Иванович', inn: '772208523825', email: 'late@example.org' });
    expect(members.status).toBe(201);
    const mail = await portal.smtp.waitFor(mailTo('late@example.org'));
    const token = linkToken(mail.text!, '/activate')!;
    const { runWithTenant } = await import('../../server/src/core/tenancy');
    const { OneTimeToken } = await import('../../server/src/auth/one-time-token.model');
    await runWithTenant(portal.defaultSroId, async () => {
      await OneTimeToken.updateMany({ purpose: 'invite' }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    });
    const res = await apiClient(portal.url).post('/api/auth/activate', { token, password: 'some-password-1' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_token');
  });
});

describe('brute force and sessions', () => {
  it('locks an account after five wrong passwords, even for the right one', async () => {
    const api = apiClient(portal.url);
    for (let i = 0; i < 5; i++) {
      expect((await api.post('/api/auth/login', { login: '500100732259', password: `wrong-${i}-password` })).status).toBe(401);
    }
    const locked = await api.post('/api/auth/login', { login: 'engineer@example.org', password: DEMO_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('account_locked');
  });

  it('rotates refresh tokens and kills the session when an old one is replayed', async () => {
    const api = apiClient(portal.url);
    const login = await api.post('/api/auth/login', { login: 'expert@example.org', password: DEMO_PASSWORD });
    const first = login.body.refreshToken;
    const rotated = await api.post('/api/auth/refresh', { refreshToken: first });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first);
    const replay = await api.post('/api/auth/refresh', { refreshToken: first });
    expect(replay.status).toBe(401);
    // The theft detection revoked the session: the newest token no longer works either.
    expect((await api.post('/api/auth/refresh', { refreshToken: rotated.body.refreshToken })).status).toBe(401);
    expect((await apiClient(portal.url, rotated.body.accessToken).get('/api/auth/me')).status).toBe(401);
  });

  it('requires the CSRF header for cookie-authenticated changes', async () => {
    const res = await fetch(`${portal.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin@example.org', password: DEMO_PASSWORD }),
    });
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
    const csrf = cookies.find((c) => c.startsWith('csrf='))!.slice(5);
    const cookie = cookies.join('; ');
    const without = await fetch(`${portal.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(without.status).toBe(403);
    expect((await without.json()).error.code).toBe('forbidden');
    expect((await fetch(`${portal.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
    const withHeader = await fetch(`${portal.url}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
    expect(withHeader.status).toBe(200);
  });

  it('keeps staff endpoints from members', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const res = await member.post('/api/admin/members', { kind: 'legal_entity', name: 'ООО «Взлом»', inn: '7707083893' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});
