import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { io } from 'socket.io-client';
import { startTestPortal, type TestPortal } from '../support/portal';
import { apiClient, DEMO_PASSWORD, signIn } from '../support/http';
import { connectSocket, emitWithAck, recordEvents, type TestSocket } from '../support/sockets';
import { createLogger } from '../../server/src/core/logger';
import { cookieLogin, inSro, letterTo, linkToken } from './access-support';
import { Message } from '../../server/src/threads/message.model';

// Security issue 10, items 1–4 and 11: no secret in "Messages" or the log; sockets end with their session;
// cookie handshakes only from the portal's own pages; the token's SRO must be the address's SRO.

const logLines: string[] = [];
const logSink = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});

let portal: TestPortal;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  portal = await startTestPortal({ logLevel: 'info' }, { logger: createLogger('info', logSink) });
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await portal.stop();
});

async function openSocket(token: string) {
  const socket = await connectSocket(portal.url, token);
  sockets.push(socket);
  const events = recordEvents(socket);
  const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  return { socket, events, disconnected };
}

const memberThread = async (api: ReturnType<typeof apiClient>) => (await api.get('/api/threads?limit=1')).body.items[0].id as string;

describe('letters with secrets', () => {
  it('never copies an invitation or a reset link into Messages, for the member, a colleague or staff', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const member = await signIn(portal.url, 'member@example.org');
    const memberId = member.user.memberId!;
    expect((await admin.post(`/api/admin/members/${memberId}/users`, { email: 'new.colleague@example.org' })).status).toBe(201);
    const invitation = await letterTo(portal, 'new.colleague@example.org', 'Приглашение');
    const inviteToken = linkToken(invitation.text, '/activate')!;
    expect(inviteToken).toBeTruthy();

    expect((await apiClient(portal.url).post('/api/auth/password-reset', { login: 'member@example.org' })).status).toBe(202);
    const reset = await letterTo(portal, 'member@example.org', 'Восстановление');
    const resetToken = linkToken(reset.text, '/reset-password')!;
    expect(resetToken).toBeTruthy();

    const everyList = [
      await member.get('/api/messages?limit=100'),
      await admin.get(`/api/admin/members/${memberId}/messages?limit=100`),
    ];
    for (const list of everyList) {
      expect(list.status).toBe(200);
      const dump = JSON.stringify(list.body);
      expect(dump).not.toContain(inviteToken);
      expect(dump).not.toContain(resetToken);
      expect(dump).not.toMatch(/token=/);
    }
    // The colleague's invitation is still usable by its addressee only (the link is intact, nobody used it).
    const activated = await apiClient(portal.url).post('/api/auth/activate', { token: inviteToken, password: 'colleague-password-1' });
    expect(activated.status).toBe(200);
  });

  it('the development outbox is closed when mail goes through SMTP', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const res = await admin.get('/api/admin/outbox');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('SMTP');
  });
});

describe('the log', () => {
  it('holds no token, cookie or password after a sign-in, a refresh, a reset and a search', async () => {
    const session = await cookieLogin(portal.url, 'engineer@example.org', DEMO_PASSWORD);
    expect(session.status).toBe(200);
    const refreshed = await session.call('POST', '/api/auth/refresh', {});
    expect(refreshed.status).toBe(200);
    const secrets = [...session.jar.values()].filter((v) => v.length > 20);
    await apiClient(portal.url).post('/api/auth/password-reset', { login: 'engineer@example.org' });
    const letter = await letterTo(portal, 'engineer@example.org', 'Восстановление');
    const resetToken = linkToken(letter.text, '/reset-password')!;
    await apiClient(portal.url).post('/api/auth/password-reset/confirm', { token: resetToken, password: 'engineer-password-2' });
    await apiClient(portal.url).get(`/api/activate-check?token=${resetToken}&refreshToken=abc`);
    await apiClient(portal.url).get('/api/registry?q=%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2');
    await new Promise((r) => setTimeout(r, 200));

    const log = logLines.join('');
    expect(log).toContain('/api/auth/login');
    expect(log).toContain('q=[6 chars]');
    expect(log).toContain('token=[redacted]');
    for (const secret of [...secrets, resetToken, DEMO_PASSWORD, 'engineer-password-2', 'Петров', '%D0%9F']) {
      expect(log).not.toContain(secret);
    }
    expect(log.toLowerCase()).not.toContain('set-cookie');
  });
});

describe('sockets end with their session', () => {
  it('logout closes the socket at once with the reason, and nothing more reaches it', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const { socket, events, disconnected } = await openSocket(member.accessToken);
    expect((await member.post('/api/auth/logout')).status).toBe(200);
    expect(await events.waitFor('session:ended')).toEqual({ reason: 'logout', message: 'Сеанс завершён — войдите снова' });
    expect(await disconnected).toBe('io server disconnect');
    expect(socket.connected).toBe(false);
  });

  it('a password change closes the other sessions\' sockets, not this one\'s; a send on the closed one is not stored', async () => {
    const other = await signIn(portal.url, 'member@example.org');
    const current = await signIn(portal.url, 'member@example.org');
    const otherSocket = await openSocket(other.accessToken);
    const currentSocket = await openSocket(current.accessToken);
    const threadId = await memberThread(current);
    expect((await current.post('/api/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: 'member-password-2' })).status).toBe(200);
    expect((await otherSocket.events.waitFor('session:ended')).reason).toBe('password_changed');
    await otherSocket.disconnected;
    // The closed socket cannot write: the emit is buffered client-side and never reaches the server.
    otherSocket.socket.emit('message:send', { threadId, body: 'после смены пароля', clientMsgId: 'after-change-1' }, () => undefined);
    const ack = await emitWithAck(currentSocket.socket, 'message:send', { threadId, body: 'текущий сеанс', clientMsgId: 'after-change-2' });
    expect(ack.ok).toBe(true);
    expect(currentSocket.socket.connected).toBe(true);
    const stored = await inSro(portal, () => Message.find({ clientMsgId: { $in: ['after-change-1', 'after-change-2'] } }).lean());
    expect(stored.map((m) => m.clientMsgId)).toEqual(['after-change-2']);
    // Back to the demo password for the other tests.
    expect((await current.post('/api/auth/password', { oldPassword: 'member-password-2', newPassword: DEMO_PASSWORD })).status).toBe(200);
  });

  it('a password reset, logout everywhere and blocking close every socket of the user', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const expert = await signIn(portal.url, 'expert@example.org');
    const viaReset = await openSocket(expert.accessToken);
    await apiClient(portal.url).post('/api/auth/password-reset', { login: 'expert@example.org' });
    const token = linkToken((await letterTo(portal, 'expert@example.org', 'Восстановление')).text, '/reset-password')!;
    expect((await apiClient(portal.url).post('/api/auth/password-reset/confirm', { token, password: DEMO_PASSWORD + 'x' })).status).toBe(200);
    expect((await viaReset.events.waitFor('session:ended')).reason).toBe('password_reset');
    await viaReset.disconnected;

    const again = await signIn(portal.url, 'expert@example.org', DEMO_PASSWORD + 'x');
    const tabs = [await openSocket(again.accessToken), await openSocket(again.accessToken)];
    expect((await again.post('/api/auth/logout-all')).status).toBe(200);
    for (const tab of tabs) expect((await tab.events.waitFor('session:ended')).reason).toBe('logout_all');

    const member = await signIn(portal.url, 'member@example.org');
    const blockedTab = await openSocket(member.accessToken);
    const users = (await admin.get(`/api/admin/members/${member.user.memberId}/users`)).body.items as { id: string; email: string }[];
    const userId = users.find((u) => u.email === 'member@example.org')!.id;
    expect((await admin.post(`/api/admin/members/${member.user.memberId}/users/${userId}/block`)).status).toBe(200);
    expect((await blockedTab.events.waitFor('session:ended')).reason).toBe('blocked');
    await blockedTab.disconnected;
    expect((await admin.post(`/api/admin/members/${member.user.memberId}/users/${userId}/unblock`)).status).toBe(200);
  });

  it('closes a socket when its access token expires', async () => {
    const member = await signIn(portal.url, 'engineer@example.org', 'engineer-password-2');
    const shortLived = await portal.ctx.tokens.verifyAccess(member.accessToken);
    // A token that expires in a second, signed like the real one (TokenService has the TTL built in).
    const { SignJWT } = await import('jose');
    const secret = (portal.ctx.tokens as unknown as { key: Uint8Array }).key;
    const token = await new SignJWT({ role: shortLived!.role, sro: shortLived!.sroId, mid: shortLived!.memberId, sid: shortLived!.sessionId })
      .setProtectedHeader({ alg: 'HS256' }).setSubject(shortLived!.id).setIssuedAt().setExpirationTime('1s').sign(secret);
    const tab = await openSocket(token);
    expect((await tab.events.waitFor('session:ended', () => true, 4000)).reason).toBe('expired');
    await tab.disconnected;
  });
});

describe('handshake', () => {
  const handshake = (headers: Record<string, string>, auth?: object) =>
    new Promise<{ ok: boolean; error?: any }>((resolve) => {
      const s = io(portal.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers, auth });
      s.once('connect', () => {
        s.disconnect();
        resolve({ ok: true });
      });
      s.once('connect_error', (err: any) => resolve({ ok: false, error: err.data }));
    });

  it('refuses the session cookie from another origin, accepts it from the portal\'s own and a bearer from anywhere', async () => {
    const session = await cookieLogin(portal.url, 'member@example.org', DEMO_PASSWORD);
    const host = new URL(portal.url).host;
    const foreign = await handshake({ cookie: session.cookie(), origin: `http://${new URL(portal.url).hostname}:1` });
    expect(foreign).toEqual({ ok: false, error: { code: 'forbidden', message: 'Подключение с чужого сайта отклонено' } });
    expect((await handshake({ cookie: session.cookie(), origin: 'http://evil.example' })).ok).toBe(false);
    expect((await handshake({ cookie: session.cookie(), origin: `http://${host}` })).ok).toBe(true);
    expect((await handshake({ cookie: session.cookie(), origin: portal.config.appUrl })).ok).toBe(true);
    expect((await handshake({ origin: 'http://evil.example' }, { token: session.body.accessToken })).ok).toBe(true);
  });

  it('refuses a token of one SRO on another SRO\'s address', async () => {
    const { Sro } = await import('../../server/src/sros/sro.model');
    const { clearSroCache } = await import('../../server/src/sros/sro.service');
    await Sro.create({ slug: 'other', name: 'Другая СРО', shortName: 'Другая', hosts: ['other.localhost'] });
    clearSroCache();
    const member = await signIn(portal.url, 'member@example.org');
    const onOther = await handshake({ host: `other.localhost:${portal.port}` }, { token: member.accessToken });
    expect(onOther).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'Войдите в личный кабинет' } });
    expect((await handshake({}, { token: member.accessToken })).ok).toBe(true);
  });
});
