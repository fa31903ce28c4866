import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { startTestPortal, type TestPortal } from '../support/portal';
import { runWithTenant, UnscopedQueryError } from '../../server/src/core/tenancy';
import { Sro } from '../../server/src/sros/sro.model';
import { clearSroCache } from '../../server/src/sros/sro.service';
import { User } from '../../server/src/users/user.model';
import { Member } from '../../server/src/members/member.model';
import { Thread } from '../../server/src/threads/thread.model';
import { hashPassword } from '../../server/src/auth/password';

// Two SROs on one installation, told apart by host name, never see each other's users or data.
let portal: TestPortal;
let otherSroId: string;

beforeAll(async () => {
  portal = await startTestPortal();
  const other = await Sro.create({ slug: 'second', name: 'СРО «Вторая»', hosts: ['sro2.localhost'] });
  otherSroId = String(other._id);
  clearSroCache();
  await runWithTenant(otherSroId, async () => {
    const member = await Member.create({ kind: 'legal_entity', name: 'ООО «Чужой член»', inn: '7707083893' });
    const user = await User.create({ email: 'member@example.org', role: 'member', memberId: member._id, status: 'active', passwordHash: await hashPassword('other-sro-pass-1') });
    await Member.updateOne({ _id: member._id }, { $set: { primaryUserId: user._id } });
    await User.create({ email: 'admin2@example.org', role: 'admin', status: 'active', passwordHash: await hashPassword('other-sro-pass-1') });
  });
});
afterAll(async () => {
  await portal?.stop();
});

function request(host: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port: portal.port, method, path, headers: { host, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c)).on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined }));
    });
    req.once('error', reject);
    req.end(data);
  });
}

describe('tenancy', () => {
  it('resolves the SRO from the host name; the same e-mail is a different user in each SRO', async () => {
    const here = await request('localhost', 'POST', '/api/auth/login', { login: 'member@example.org', password: 'demo-password-1' });
    const there = await request('sro2.localhost', 'POST', '/api/auth/login', { login: 'member@example.org', password: 'other-sro-pass-1' });
    expect(here.status).toBe(200);
    expect(there.status).toBe(200);
    expect(here.body.user.id).not.toBe(there.body.user.id);
    // Each password works only in its own SRO.
    expect((await request('sro2.localhost', 'POST', '/api/auth/login', { login: 'member@example.org', password: 'demo-password-1' })).status).toBe(401);
    const me = await request('sro2.localhost', 'GET', '/api/auth/me', undefined, there.body.accessToken);
    expect(me.body.sro.name).toBe('СРО «Вторая»');
    expect(me.body.member.name).toBe('ООО «Чужой член»');
  });

  it('refuses a token of one SRO on the other SRO\'s host', async () => {
    const there = await request('sro2.localhost', 'POST', '/api/auth/login', { login: '7707083893', password: 'other-sro-pass-1' });
    expect((await request('localhost', 'GET', '/api/auth/me', undefined, there.body.accessToken)).status).toBe(401);
    expect((await request('localhost', 'GET', '/api/threads', undefined, there.body.accessToken)).status).toBe(401);
  });

  it('keeps threads and the public registry apart', async () => {
    const there = await request('sro2.localhost', 'POST', '/api/auth/login', { login: '7707083893', password: 'other-sro-pass-1' });
    const created = await request('sro2.localhost', 'POST', '/api/threads', { kind: 'general', body: 'Вопрос во вторую СРО' }, there.body.accessToken);
    expect(created.status).toBe(201);
    const expert = await request('localhost', 'POST', '/api/auth/login', { login: 'expert@example.org', password: 'demo-password-1' });
    const inbox = await request('localhost', 'GET', '/api/threads?limit=100', undefined, expert.body.accessToken);
    expect(inbox.body.items.map((t: { id: string }) => t.id)).not.toContain(created.body.id);
    expect((await request('localhost', 'GET', `/api/threads/${created.body.id}`, undefined, expert.body.accessToken)).status).toBe(404);
    const registryHere = await request('localhost', 'GET', '/api/registry?q=7707083893');
    const registryThere = await request('sro2.localhost', 'GET', '/api/registry?q=7707083893');
    expect(registryHere.body.items).toEqual([]);
    expect(registryThere.body.items.map((m: { name: string }) => m.name)).toEqual(['ООО «Чужой член»']);
  });

  it('keeps staff management, notifications and e-mail copies apart', async () => {
    const admin2 = await request('sro2.localhost', 'POST', '/api/auth/login', { login: 'admin2@example.org', password: 'other-sro-pass-1' });
    expect(admin2.status).toBe(200);
    // The first SRO's admin does not exist on the second host, and vice versa.
    expect((await request('sro2.localhost', 'POST', '/api/auth/login', { login: 'admin@example.org', password: 'demo-password-1' })).status).toBe(401);
    const companyHere = await runWithTenant(portal.defaultSroId, async () => await Member.findOne({ inn: '7701234560' }).lean());
    const userHere = await runWithTenant(portal.defaultSroId, async () => await User.findOne({ email: 'member@example.org' }).lean());
    expect((await request('sro2.localhost', 'GET', `/api/admin/members/${companyHere!._id}/users`, undefined, admin2.body.accessToken)).status).toBe(404);
    expect((await request('sro2.localhost', 'POST', `/api/admin/members/${companyHere!._id}/users/${userHere!._id}/block`, {}, admin2.body.accessToken)).status).toBe(404);
    expect((await request('sro2.localhost', 'GET', '/api/admin/staff', undefined, admin2.body.accessToken)).body.items.map((u: { email: string }) => u.email)).toEqual(['admin2@example.org']);
    // The same INN may be registered in both SROs.
    const created = await request('sro2.localhost', 'POST', '/api/admin/members', { kind: 'legal_entity', name: 'ООО «СтройМонтаж» (вторая СРО)', inn: '7701234560', email: 'twin@example.org' }, admin2.body.accessToken);
    expect(created.status).toBe(201);
    const here = await request('localhost', 'POST', '/api/auth/login', { login: 'member@example.org', password: 'demo-password-1' });
    const messages = await request('localhost', 'GET', '/api/messages?limit=100', undefined, here.body.accessToken);
    expect(messages.body.items.map((m: { to: string }) => m.to)).not.toContain('twin@example.org');
    const bell = await request('localhost', 'GET', '/api/notifications?limit=100', undefined, here.body.accessToken);
    expect(bell.status).toBe(200);
    expect((await request('localhost', 'GET', `/api/admin/members/${created.body.id}/users`, undefined, (await request('localhost', 'POST', '/api/auth/login', { login: 'admin@example.org', password: 'demo-password-1' })).body.accessToken)).status).toBe(404);
  });

  it('refuses a query that names no SRO at the data layer', async () => {
    await expect(User.find({ email: 'member@example.org' }).exec()).rejects.toBeInstanceOf(UnscopedQueryError);
    await expect(Thread.countDocuments({})).rejects.toBeInstanceOf(UnscopedQueryError);
    await expect(Member.aggregate([{ $match: {} }]).exec()).rejects.toBeInstanceOf(UnscopedQueryError);
    await expect(Member.create({ kind: 'individual', name: 'Без СРО', inn: '500100732259' })).rejects.toBeInstanceOf(UnscopedQueryError);
    // An explicit SRO is fine outside a request, and sees only that SRO.
    const inOther = await User.find({ sroId: otherSroId }).lean();
    expect(inOther.map((u) => u.email)).toContain('member@example.org');
    expect(inOther.map((u) => u.email)).not.toContain('admin@example.org');
    expect(new Set(inOther.map((u) => (u as unknown as { sroId: string }).sroId))).toEqual(new Set([otherSroId]));
  });
});
