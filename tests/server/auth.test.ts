import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { apiClient, signIn, DEMO_PASSWORD } from '../support/http';
import { mailTo } from '../support/smtp';
import { OneTimeToken } from '../../server/src/auth/one-time-token.model';
import { Session } from '../../server/src/auth/session.model';
import { LoginLock } from '../../server/src/auth/login-lock.model';
import { User } from '../../server/src/users/user.model';
import { Member } from '../../server/src/members/member.model';
import { hashPassword } from '../../server/src/auth/password';
import { auditActions, cookieLogin, inSro, letterTo, linkToken } from './access-support';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  await portal?.stop();
});

describe('sign-in', () => {
  it('signs a member in by INN and by e-mail, as the same user', async () => {
    const byInn = await signIn(portal.url, '7701234560');
    const byEmail = await signIn(portal.url, 'member@example.org');
    expect(byInn.user.id).toBe(byEmail.user.id);
    expect(byInn.user).toMatchObject({ role: 'member', email: 'member@example.org', memberId: expect.any(String) });
    const me = await byInn.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.member).toMatchObject({ inn: '7701234560', name: expect.stringContaining('СтройМонтаж') });
    expect(me.body.sro).toMatchObject({ id: portal.defaultSroId, name: expect.any(String) });
    // The login is recorded with how it was made.
    const audits = await inSro(portal, () => import('../../server/src/audit/audit.model').then((m) => m.Audit.find({ actorId: byInn.user.id, action: 'auth.login' }).lean()));
    expect(audits.map((a) => a.details?.by)).toEqual(expect.arrayContaining(['inn', 'email']));
  });

  it('signs staff in by e-mail and the individual member by a 12-digit INN', async () => {
    const expert = await signIn(portal.url, 'Expert@Example.org');
    expect(expert.user).toMatchObject({ role: 'expert', email: 'expert@example.org' });
    expect(expert.user.memberId).toBeUndefined();
    const me = await expert.get('/api/auth/me');
    expect(me.body.member).toBeUndefined();
    const engineer = await signIn(portal.url, '500100732259');
    expect(engineer.user.email).toBe('engineer@example.org');
  });

  it('answers a wrong password with invalid_credentials, and the same for an unknown login or INN', async () => {
    const api = apiClient(portal.url);
    const wrong = await api.post('/api/auth/login', { login: 'expert@example.org', password: 'nope-nope-nope' });
    const unknown = await api.post('/api/auth/login', { login: 'nobody@example.org', password: 'nope-nope-nope' });
    const unknownInn = await api.post('/api/auth/login', { login: '7707083893', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.body).toEqual(wrong.body);
    expect(unknownInn.body).toEqual(wrong.body);
    const expertId = (await signIn(portal.url, 'expert@example.org')).user.id;
    expect(await auditActions(portal, expertId)).toContain('auth.login_failed');
  });

  it('stores scrypt hashes with a salt each, and re-hashes older parameters on sign-in', async () => {
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const oldHash = ['scrypt', 2 ** 15, 8, 1, salt.toString('base64url'), scryptSync('legacy-password-1', salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString('base64url')].join('$');
    const user = await inSro(portal, () => User.create({ email: 'legacy@example.org', role: 'expert', status: 'active', passwordHash: oldHash }));
    await signIn(portal.url, 'legacy@example.org', 'legacy-password-1');
    const stored = (await inSro(portal, () => User.findById(user._id).lean()))!.passwordHash!;
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    await signIn(portal.url, 'legacy@example.org', 'legacy-password-1');
    const a = await hashPassword('same-password-1');
    const b = await hashPassword('same-password-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('same-password-1');
  });

  it('refuses bad JSON, wrong types and missing fields with the contract error body', async () => {
    const api = apiClient(portal.url);
    const bad = await api.post('/api/auth/login', '{"login": ', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
    const missing = await api.post('/api/auth/login', { login: 'member@example.org' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'validation_failed', fields: { password: expect.any(String) } });
    const wrongType = await api.post('/api/auth/login', { login: 7701234560, password: ['x'] });
    expect(wrongType.status).toBe(400);
    expect(Object.keys(wrongType.body.error.fields).sort()).toEqual(['login', 'password']);
    const array = await api.post('/api/auth/login', [1, 2]);
    expect(array.status).toBe(400);
    const notJson = await api.post('/api/auth/login', 'login=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('validation_failed');
    for (const path of ['/api/auth/activate', '/api/auth/password-reset/confirm']) {
      const short = await api.post(path, { token: 'x'.repeat(43), password: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.error.fields.password).toMatch(/не короче 10/);
    }
    expect((await api.post('/api/auth/password-reset', {})).body.error.fields.login).toBeTruthy();
  });

  it('refuses API calls without a session, and forged tokens', async () => {
    const res = await apiClient(portal.url).get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    const forged = await apiClient(portal.url, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl').get('/api/auth/me');
    expect(forged.status).toBe(401);
  });
});

describe('invitation → activation → reset → change → logout', () => {
  it('walks a new member user through the whole access lifecycle', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const created = await admin.post('/api/admin/members', { kind: 'legal_entity', name: 'ООО «Новый член»', inn: '7707083893', email: 'new.director@example.org' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'ООО «Новый член»', inn: '7707083893' });

    const invitation = await portal.smtp.waitFor(mailTo('new.director@example.org'));
    expect(invitation.subject).toBe('Приглашение в личный кабинет члена СРО');
    expect(invitation.html).toContain('/activate?token=');
    expect(invitation.text).toContain('7707083893 (ИНН)');
    const inviteToken = linkToken(invitation.text, '/activate');
    expect(inviteToken).toBeTruthy();
    expect(invitation.text).toContain(`${portal.config.appUrl}/activate?token=${inviteToken}`);
    // Only the hash is stored.
    const stored = await inSro(portal, () => OneTimeToken.find({ purpose: 'invite' }).lean());
    expect(stored.some((t) => t.hash === inviteToken)).toBe(false);

    const api = apiClient(portal.url);
    // Before activation the user cannot sign in.
    expect((await api.post('/api/auth/login', { login: '7707083893', password: 'first-password-1' })).status).toBe(401);
    const activated = await api.post('/api/auth/activate', { token: inviteToken, password: 'first-password-1' });
    expect(activated.status).toBe(200);
    expect(activated.body.user).toMatchObject({ status: 'active', email: 'new.director@example.org' });
    expect((await apiClient(portal.url, activated.body.accessToken).get('/api/auth/me')).status).toBe(200);
    // The link works once.
    const reused = await api.post('/api/auth/activate', { token: inviteToken, password: 'other-password-1' });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('invalid_token');

    const byInn = await signIn(portal.url, '7707083893', 'first-password-1');
    const byEmail = await signIn(portal.url, 'new.director@example.org', 'first-password-1');
    expect(byInn.user.id).toBe(byEmail.user.id);

    // Reset: same answer for an unknown account; the link revokes every session.
    const unknown = await api.post('/api/auth/password-reset', { login: 'ghost@example.org' });
    const known = await api.post('/api/auth/password-reset', { login: '7707083893' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const resetMail = await letterTo(portal, 'new.director@example.org', 'Восстановление');
    expect(resetMail.html).toContain('/reset-password?token=');
    const resetToken = linkToken(resetMail.text, '/reset-password')!;
    expect((await api.post('/api/auth/password-reset/confirm', { token: resetToken, password: 'second-password-2' })).status).toBe(200);
    const again = await api.post('/api/auth/password-reset/confirm', { token: resetToken, password: 'third-password-3' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_token');
    expect((await byInn.get('/api/auth/me')).status).toBe(401);
    expect((await byEmail.get('/api/auth/me')).status).toBe(401);
    expect((await api.post('/api/auth/login', { login: '7707083893', password: 'first-password-1' })).status).toBe(401);

    // Change password: wrong old one is refused next to the field; the right one works and keeps this session.
    const session = await signIn(portal.url, 'new.director@example.org', 'second-password-2');
    const other = await signIn(portal.url, 'new.director@example.org', 'second-password-2');
    const wrongOld = await session.post('/api/auth/password', { oldPassword: 'not-it-at-all', newPassword: 'fourth-password-4' });
    expect(wrongOld.status).toBe(400);
    expect(wrongOld.body.error).toMatchObject({ code: 'validation_failed', fields: { oldPassword: expect.any(String) } });
    expect((await session.post('/api/auth/password', { oldPassword: 'second-password-2', newPassword: 'fourth-password-4' })).status).toBe(200);
    expect((await session.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    const changedMail = await letterTo(portal, 'new.director@example.org', 'Пароль изменён');
    expect(changedMail.html).toBeTruthy();
    await signIn(portal.url, '7707083893', 'fourth-password-4');

    // Logout ends this session only.
    const second = await signIn(portal.url, '7707083893', 'fourth-password-4');
    expect((await session.post('/api/auth/logout')).status).toBe(200);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    expect((await second.get('/api/auth/me')).status).toBe(200);

    // E-mails to the member's user are copied into the member's Messages section — but never one with a link
    // that works once (invitation, reset): whoever reads the copy could use it.
    const messages = await second.get('/api/messages');
    const subjects = messages.body.items.map((m: { subject: string }) => m.subject);
    expect(subjects).toContain('Пароль изменён');
    expect(subjects).not.toContain('Приглашение в личный кабинет члена СРО');
    expect(subjects).not.toContain('Восстановление пароля');
    // And the audit log has the whole story.
    const actions = await auditActions(portal, second.user.id, 'auth.logout');
    expect(actions).toEqual(expect.arrayContaining(['auth.activated', 'auth.login', 'auth.reset_requested', 'auth.reset_done', 'auth.password_change_failed', 'auth.password_changed', 'auth.logout']));
  });

  it('refuses an expired invitation link', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const members = await admin.post('/api/admin/members', { kind: 'individual', name: 'Иванов Иван Иванович', inn: '772208523825', email: 'late@example.org' });
    expect(members.status).toBe(201);
    const token = linkToken((await portal.smtp.waitFor(mailTo('late@example.org'))).text, '/activate')!;
    const expiry = await inSro(portal, () => OneTimeToken.findOne({ purpose: 'invite', usedAt: null }).sort({ _id: -1 }).lean());
    // 72 hours, give or take the test's own run time.
    expect(expiry!.expiresAt.getTime() - expiry!.createdAt.getTime()).toBeGreaterThan(72 * 3600_000 - 5_000);
    await inSro(portal, () => OneTimeToken.updateOne({ _id: expiry!._id }, { $set: { expiresAt: new Date(Date.now() - 1000) } }));
    const res = await apiClient(portal.url).post('/api/auth/activate', { token, password: 'some-password-1' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_token');
    const user = await inSro(portal, () => User.findOne({ email: 'late@example.org' }).lean());
    expect(user).toMatchObject({ status: 'invited' });
    expect(user!.passwordHash).toBeUndefined();
  });

  it('refuses an expired reset link, and a link issued before the account was blocked', async () => {
    const api = apiClient(portal.url);
    await api.post('/api/auth/password-reset', { login: 'expert@example.org' });
    const first = await letterTo(portal, 'expert@example.org', 'Восстановление', 0);
    const firstToken = linkToken(first.text, '/reset-password')!;
    const record = await inSro(portal, () => OneTimeToken.findOne({ purpose: 'reset', usedAt: null }).sort({ _id: -1 }).lean());
    expect(record!.expiresAt.getTime() - record!.createdAt.getTime()).toBeLessThanOrEqual(3600_000);
    await inSro(portal, () => OneTimeToken.updateOne({ _id: record!._id }, { $set: { expiresAt: new Date(Date.now() - 1) } }));
    expect((await api.post('/api/auth/password-reset/confirm', { token: firstToken, password: 'expired-password-1' })).body.error.code).toBe('invalid_token');

    // A second request supersedes the first link; blocking then voids the second.
    await api.post('/api/auth/password-reset', { login: 'expert@example.org' });
    const second = linkToken((await letterTo(portal, 'expert@example.org', 'Восстановление', 1)).text, '/reset-password')!;
    const admin = await signIn(portal.url, 'admin@example.org');
    const expert = await signIn(portal.url, 'expert@example.org');
    expect((await admin.post(`/api/admin/staff/${expert.user.id}/block`)).status).toBe(200);
    const res = await api.post('/api/auth/password-reset/confirm', { token: second, password: 'sneaky-password-1' });
    expect(res.body.error.code).toBe('invalid_token');
    const stored = await inSro(portal, () => User.findById(expert.user.id).lean());
    expect(stored!.status).toBe('blocked');
    expect((await admin.post(`/api/admin/staff/${expert.user.id}/unblock`)).body.status).toBe('active');
    await signIn(portal.url, 'expert@example.org');
  });

  it('sends a reset for the INN to the primary user only, and at most three an hour', async () => {
    const api = apiClient(portal.url);
    const before = portal.smtp.mails.filter(mailTo('engineer@example.org')).length;
    for (let i = 0; i < 5; i++) expect((await api.post('/api/auth/password-reset', { login: '500100732259' })).status).toBe(202);
    await letterTo(portal, 'engineer@example.org', 'Восстановление', 2);
    await portal.settled();
    expect(portal.smtp.mails.filter(mailTo('engineer@example.org')).length - before).toBe(3);
    const engineerId = (await signIn(portal.url, 'engineer@example.org')).user.id;
    await portal.settled();
    const outcomes = (await inSro(portal, () => import('../../server/src/audit/audit.model').then((m) => m.Audit.find({ actorId: engineerId, action: 'auth.reset_requested' }).lean()))).map((a) => a.details.outcome);
    expect(outcomes.sort()).toEqual(['sent', 'sent', 'sent', 'throttled', 'throttled']);
  });
});

describe('brute force', () => {
  it('locks a login for the address after five wrong passwords, even for the right one, until the lock expires', async () => {
    const api = apiClient(portal.url);
    const staff = await inSro(portal, async () => User.create({ email: 'locked@example.org', role: 'expert', status: 'active', passwordHash: await hashPassword('right-password-1') }));
    for (let i = 0; i < 5; i++) {
      const res = await api.post('/api/auth/login', { login: 'locked@example.org', password: `wrong-${i}-password` });
      expect(res.status).toBe(401);
    }
    const locked = await api.post('/api/auth/login', { login: 'locked@example.org', password: 'right-password-1' });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('account_locked');
    const actions = await auditActions(portal, String(staff._id), 'auth.login_locked');
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(5);
    expect(actions).toContain('auth.locked');
    // The lock lasts 15 minutes; move it into the past and the right password works again.
    const lock = await inSro(portal, () => LoginLock.findOne({ userId: staff._id }).lean());
    expect(lock!.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    await inSro(portal, () => LoginLock.updateOne({ _id: lock!._id }, { $set: { lockedUntil: new Date(Date.now() - 1) } }));
    expect((await api.post('/api/auth/login', { login: 'locked@example.org', password: 'right-password-1' })).status).toBe(200);
  });

  it('lets a locked-out owner in through a password reset', async () => {
    const api = apiClient(portal.url);
    for (let i = 0; i < 5; i++) await api.post('/api/auth/login', { login: '7701234560', password: `wrong-${i}-password` });
    expect((await api.post('/api/auth/login', { login: 'member@example.org', password: DEMO_PASSWORD })).body.error.code).toBe('account_locked');
    await api.post('/api/auth/password-reset', { login: '7701234560' });
    const token = linkToken((await letterTo(portal, 'member@example.org', 'Восстановление')).text, '/reset-password')!;
    expect((await api.post('/api/auth/password-reset/confirm', { token, password: DEMO_PASSWORD })).status).toBe(200);
    await signIn(portal.url, '7701234560');
  });
});

describe('sessions', () => {
  it('rotates refresh tokens and kills the session when an old one is replayed', async () => {
    const api = apiClient(portal.url);
    const login = await api.post('/api/auth/login', { login: 'expert@example.org', password: DEMO_PASSWORD });
    const first = login.body.refreshToken;
    const rotated = await api.post('/api/auth/refresh', { refreshToken: first });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first);
    expect(rotated.body.user.email).toBe('expert@example.org');
    expect((await apiClient(portal.url, rotated.body.accessToken).get('/api/auth/me')).status).toBe(200);
    // Only hashes are stored.
    const sessions = await inSro(portal, () => Session.find({ userId: login.body.user.id }).lean());
    expect(sessions.some((s) => s.refreshHash === rotated.body.refreshToken || s.previousHashes.includes(first))).toBe(false);
    const replay = await api.post('/api/auth/refresh', { refreshToken: first });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('unauthenticated');
    // The theft detection revoked the session: the newest token and its access token no longer work either.
    expect((await api.post('/api/auth/refresh', { refreshToken: rotated.body.refreshToken })).status).toBe(401);
    expect((await apiClient(portal.url, rotated.body.accessToken).get('/api/auth/me')).status).toBe(401);
    expect(await auditActions(portal, login.body.user.id, 'auth.refresh_reuse')).toContain('auth.refresh_reuse');
  });

  it('refreshes from the httpOnly cookie and sets new cookies', async () => {
    const browser = await cookieLogin(portal.url, 'member@example.org', DEMO_PASSWORD);
    expect(browser.status).toBe(200);
    const oldRefresh = browser.jar.get('refresh_token');
    expect(oldRefresh).toBeTruthy();
    const refreshed = await browser.call('POST', '/api/auth/refresh', {});
    expect(refreshed.status).toBe(200);
    const setCookies = refreshed.headers.getSetCookie();
    expect(setCookies.find((c) => c.startsWith('refresh_token='))).toMatch(/HttpOnly/i);
    expect(setCookies.find((c) => c.startsWith('access_token='))).toMatch(/HttpOnly/i);
    expect(browser.jar.get('refresh_token')).not.toBe(oldRefresh);
    expect((await browser.call('GET', '/api/auth/me')).status).toBe(200);
    expect((await apiClient(portal.url).post('/api/auth/refresh', {})).status).toBe(401);
  });

  it('requires the CSRF header for cookie-authenticated changes', async () => {
    const browser = await cookieLogin(portal.url, 'admin@example.org', DEMO_PASSWORD);
    const without = await browser.call('POST', '/api/auth/logout', {}, false);
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('forbidden');
    const wrong = await fetch(`${portal.url}/api/auth/logout`, { method: 'POST', headers: { cookie: browser.cookie(), 'x-csrf-token': 'guess' } });
    expect(wrong.status).toBe(403);
    // Reads need no header; the session is untouched by the refused attempts.
    expect((await browser.call('GET', '/api/auth/me', undefined, false)).status).toBe(200);
    const withHeader = await browser.call('POST', '/api/auth/logout', {});
    expect(withHeader.status).toBe(200);
    expect(withHeader.headers.getSetCookie().some((c) => /^access_token=;/.test(c))).toBe(true);
  });

  it('logs out everywhere', async () => {
    const a = await signIn(portal.url, 'engineer@example.org');
    const b = await signIn(portal.url, '500100732259');
    const res = await a.post('/api/auth/logout-all');
    expect(res.status).toBe(200);
    expect(res.body.sessions).toBeGreaterThanOrEqual(2);
    expect((await a.get('/api/auth/me')).status).toBe(401);
    expect((await b.get('/api/auth/me')).status).toBe(401);
  });

  it('keeps staff endpoints from members', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const res = await member.post('/api/admin/members', { kind: 'legal_entity', name: 'ООО «Взлом»', inn: '7736050003' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(await inSro(portal, () => Member.exists({ inn: '7736050003' }))).toBeNull();
  });
});
