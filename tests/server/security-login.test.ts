import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestPortal, type TestPortal } from '../support/portal';
import { DEMO_PASSWORD } from '../support/http';
import { letterTo } from './access-support';

// Security issue 10, items 5 and 6: the limiter behind a proxy cannot be fooled by a forged X-Forwarded-For;
// lockout is per (login, source address), identical for unknown logins, and the owner is told by e-mail.

interface Answer {
  status: number;
  body: any;
}

/** POSTs JSON from a chosen loopback source address (127.0.0.x), as a second computer would. */
function postFrom(url: string, path: string, body: unknown, localAddress = '127.0.0.1', headers: Record<string, string> = {}): Promise<Answer> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** A reverse proxy like a careless nginx: it appends the client's address to whatever X-Forwarded-For came in. */
async function appendingProxy(upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(upstream);
  const server = http.createServer((req, res) => {
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const out = http.request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: { ...req.headers, 'x-forwarded-for': forwarded } }, (up) => {
      res.writeHead(up.statusCode!, up.headers);
      up.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe('behind one proxy (TRUST_PROXY=1)', () => {
  let portal: TestPortal;
  let proxy: Awaited<ReturnType<typeof appendingProxy>>;
  beforeAll(async () => {
    portal = await startTestPortal({ trustProxy: 1, authRateLimit: 20 });
    proxy = await appendingProxy(portal.url);
  });
  afterAll(async () => {
    await proxy.close();
    await portal.stop();
  });

  it('limits failed sign-ins by the real client address, whatever X-Forwarded-For the client forges', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 150; i++) {
      const forged = `203.0.113.${i % 250}`;
      const res = await postFrom(proxy.url, '/api/auth/login', { login: `nobody${i}@example.org`, password: 'wrong-password-1' }, '127.0.0.1', { 'x-forwarded-for': forged });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });
});

describe('lockout per login and address', () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(async () => portal.stop());

  it('an attacker locks only their own address out; the member signs in from theirs and is told by e-mail', async () => {
    const attacker = '127.0.0.2';
    for (let i = 0; i < 5; i++) expect((await postFrom(portal.url, '/api/auth/login', { login: '7701234560', password: `guess-${i}-password` }, attacker)).status).toBe(401);
    const locked = await postFrom(portal.url, '/api/auth/login', { login: '7701234560', password: DEMO_PASSWORD }, attacker);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('account_locked');
    // The real user, from another address, signs in with the right password at once.
    expect((await postFrom(portal.url, '/api/auth/login', { login: '7701234560', password: DEMO_PASSWORD }, '127.0.0.3')).status).toBe(200);
    const notice = await letterTo(portal, 'member@example.org', 'подобрать пароль');
    expect(notice.text).toContain(attacker);
    // One notice an hour, however many more locks follow.
    for (let i = 0; i < 5; i++) await postFrom(portal.url, '/api/auth/login', { login: 'member@example.org', password: `guess-${i}-again` }, '127.0.0.4');
    await portal.settled();
    expect(portal.smtp.mails.filter((m) => m.subject?.includes('подобрать пароль'))).toHaveLength(1);
  });

  it('treats an unknown login exactly like a known one: same answers, and it locks the same way', async () => {
    const from = '127.0.0.5';
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 6; i++) {
      known.push((await postFrom(portal.url, '/api/auth/login', { login: 'expert@example.org', password: `wrong-${i}-pass` }, from)).status);
      unknown.push((await postFrom(portal.url, '/api/auth/login', { login: 'ghost@example.org', password: `wrong-${i}-pass` }, from)).status);
    }
    expect(known).toEqual([401, 401, 401, 401, 401, 429]);
    expect(unknown).toEqual(known);
    const a = await postFrom(portal.url, '/api/auth/login', { login: 'expert@example.org', password: 'x-wrong-pass' }, from);
    const b = await postFrom(portal.url, '/api/auth/login', { login: 'ghost@example.org', password: 'x-wrong-pass' }, from);
    expect(a.body).toEqual(b.body);
  });
});
