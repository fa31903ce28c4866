import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { apiClient, signIn, DEMO_PASSWORD } from '../support/http';
import { connectSocket } from '../support/sockets';
import { Member } from '../../server/src/members/member.model';
import { User } from '../../server/src/users/user.model';
import { MailCopy } from '../../server/src/mail/mail-copy.model';
import { seedDemo, seedPeople } from '../../server/src/seed/demo';
import { Thread } from '../../server/src/threads/thread.model';
import { auditActions, inSro, letterTo, linkToken } from './access-support';

// Staff management of members' users and of staff accounts.
let portal: TestPortal;
let admin: Awaited<ReturnType<typeof signIn>>;
let expert: Awaited<ReturnType<typeof signIn>>;
beforeAll(async () => {
  portal = await startTestPortal();
  admin = await signIn(portal.url, 'admin@example.org');
  expert = await signIn(portal.url, 'expert@example.org');
});
afterAll(async () => {
  await portal?.stop();
});

async function activateFromMail(to: string, subject = 'Приглашение', nth = 0, password = 'activated-pass-1') {
  const token = linkToken((await letterTo(portal, to, subject, nth)).text, '/activate')!;
  const res = await apiClient(portal.url).post('/api/auth/activate', { token, password });
  expect(res.status).toBe(200);
  return res.body;
}

describe('members', () => {
  it('creates a member without users, then invites its first user, who becomes the primary one', async () => {
    const created = await expert.post('/api/admin/members', { kind: 'sole_proprietor', name: 'ИП Петров Пётр Петрович', inn: '772208523825', regNumber: 'СРО-С-099-77', regDate: '2024-02-01' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), kind: 'sole_proprietor', name: 'ИП Петров Пётр Петрович', inn: '772208523825', regNumber: 'СРО-С-099-77', status: 'member' });
    const stored = await inSro(portal, () => Member.findById(created.body.id).lean());
    expect(stored!.regDate!.toISOString().slice(0, 10)).toBe('2024-02-01');
    expect(await auditActions(portal, expert.user.id, 'member.created')).toContain('member.created');

    const first = await expert.post(`/api/admin/members/${created.body.id}/users`, { email: 'Petrov@Example.org', name: 'Пётр Петров' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: expect.any(String), email: 'petrov@example.org', status: 'invited', role: 'member', memberId: created.body.id });
    const second = await expert.post(`/api/admin/members/${created.body.id}/users`, { email: 'buh.petrov@example.org' });
    expect(second.status).toBe(201);

    const users = await expert.get(`/api/admin/members/${created.body.id}/users`);
    expect(users.body.items.map((u: { email: string; primary: boolean; status: string }) => [u.email, u.primary, u.status])).toEqual([
      ['petrov@example.org', true, 'invited'],
      ['buh.petrov@example.org', false, 'invited'],
    ]);

    // The primary user signs in by INN; the accountant only by e-mail — the INN never finds them.
    await activateFromMail('petrov@example.org', 'Приглашение', 0, 'primary-pass-1');
    const accountantMail = await letterTo(portal, 'buh.petrov@example.org', 'Приглашение');
    expect(accountantMail.text).not.toContain('(ИНН)');
    await activateFromMail('buh.petrov@example.org', 'Приглашение', 0, 'accountant-pass-1');
    expect((await signIn(portal.url, '772208523825', 'primary-pass-1')).user.email).toBe('petrov@example.org');
    expect((await apiClient(portal.url).post('/api/auth/login', { login: '772208523825', password: 'accountant-pass-1' })).status).toBe(401);
    const accountant = await signIn(portal.url, 'buh.petrov@example.org', 'accountant-pass-1');
    expect(accountant.user.memberId).toBe(created.body.id);
    expect((await accountant.get('/api/auth/me')).body.member.inn).toBe('772208523825');
  });

  it('refuses a duplicate INN and a taken e-mail with 409, leaving nothing behind', async () => {
    const dupInn = await admin.post('/api/admin/members', { kind: 'legal_entity', name: 'ООО «Двойник»', inn: '7701234560' });
    expect(dupInn.status).toBe(409);
    expect(dupInn.body.error.code).toBe('conflict');
    const takenEmail = await admin.post('/api/admin/members', { kind: 'legal_entity', name: 'ООО «Занято»', inn: '7707083893', email: 'member@example.org' });
    expect(takenEmail.status).toBe(409);
    expect(await inSro(portal, () => Member.exists({ inn: '7707083893' }))).toBeNull();
    const company = await inSro(portal, () => Member.findOne({ inn: '7701234560' }).lean());
    const dupUser = await admin.post(`/api/admin/members/${company!._id}/users`, { email: 'EXPERT@example.org' });
    expect(dupUser.status).toBe(409);
  });

  it('validates the body: bad INN checksum, unknown kind, missing name; ignores fields it does not take', async () => {
    const bad = await admin.post('/api/admin/members', { kind: 'company', inn: '7701234561' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', fields: { kind: expect.any(String), name: expect.any(String), inn: expect.stringContaining('ИНН') } });
    const badJson = await admin.post('/api/admin/members', '{"kind":', { 'content-type': 'application/json' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('validation_failed');
    const badEmail = await admin.post('/api/admin/members/0123456789abcdef01234567/users', { email: 'not-an-email' });
    expect(badEmail.body.error.fields.email).toBeTruthy();
    expect((await admin.post('/api/admin/members/0123456789abcdef01234567/users', { email: 'x@example.org' })).status).toBe(404);
    expect((await admin.get('/api/admin/members/nope/users')).status).toBe(400);

    const company = await inSro(portal, () => Member.findOne({ inn: '7701234560' }).lean());
    const sneaky = await admin.post('/api/admin/members', {
      kind: 'legal_entity', name: 'ООО «Хитрое»', inn: '7736050003', sroId: 'another-sro', primaryUserId: String(company!.primaryUserId),
      closed: { passport: { series: '0000', number: '000000' } },
    });
    expect(sneaky.status).toBe(201);
    const stored = await inSro(portal, () => Member.findById(sneaky.body.id).lean<Record<string, unknown>>());
    expect(stored!.sroId).toBe(portal.defaultSroId);
    expect(stored!.primaryUserId).toBeUndefined();
    expect(stored!.closed).toBeUndefined();
  });

  it('with an e-mail, creates the primary user and sends the invitation; re-sending voids the old link', async () => {
    const created = await admin.post('/api/admin/members', { kind: 'individual', name: 'Сидорова Мария Ивановна', inn: '526317984689', email: 'sidorova@example.org' });
    expect(created.status).toBe(201);
    expect(created.body.primaryUserId).toEqual(expect.any(String));
    const firstToken = linkToken((await letterTo(portal, 'sidorova@example.org', 'Приглашение')).text, '/activate')!;
    expect((await expert.post(`/api/admin/users/${created.body.primaryUserId}/invitation`)).status).toBe(200);
    const secondToken = linkToken((await letterTo(portal, 'sidorova@example.org', 'Приглашение', 1)).text, '/activate')!;
    expect(secondToken).not.toBe(firstToken);
    const stale = await apiClient(portal.url).post('/api/auth/activate', { token: firstToken, password: 'sidorova-pass-1' });
    expect(stale.body.error.code).toBe('invalid_token');
    expect((await apiClient(portal.url).post('/api/auth/activate', { token: secondToken, password: 'sidorova-pass-1' })).status).toBe(200);
    // An active user has no invitation to re-send.
    expect((await expert.post(`/api/admin/users/${created.body.primaryUserId}/invitation`)).status).toBe(404);
    // Invitations carry a one-time link: they reach the addressee's mailbox only, never the member's Messages.
    const member = await signIn(portal.url, '526317984689', 'sidorova-pass-1');
    const messages = await member.get('/api/messages');
    expect(messages.status).toBe(200);
    expect(messages.body.items.filter((m: { subject: string }) => m.subject.startsWith('Приглашение'))).toHaveLength(0);
  });
});

describe('blocking', () => {
  it('blocks a member user: sessions end, sockets close, sign-in refused; unblocking lets them back', async () => {
    const company = await inSro(portal, () => Member.findOne({ inn: '7701234560' }).lean());
    const member = await signIn(portal.url, 'member@example.org');
    const socket = await connectSocket(portal.url, member.accessToken);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

    const blocked = await expert.post(`/api/admin/members/${company!._id}/users/${member.user.id}/block`);
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({ id: member.user.id, status: 'blocked' });
    expect(await closed).toBe('io server disconnect');
    expect((await member.get('/api/auth/me')).status).toBe(401);
    const refused = await apiClient(portal.url).post('/api/auth/login', { login: '7701234560', password: DEMO_PASSWORD });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    // A blocked user gets no reset link either (but the same 202).
    const reset = await apiClient(portal.url).post('/api/auth/password-reset', { login: 'member@example.org' });
    expect(reset.status).toBe(202);

    const unblocked = await expert.post(`/api/admin/members/${company!._id}/users/${member.user.id}/unblock`);
    expect(unblocked.body.status).toBe('active');
    await signIn(portal.url, '7701234560');
    expect(await auditActions(portal, expert.user.id, 'user.unblocked')).toEqual(expect.arrayContaining(['user.blocked', 'user.unblocked']));
    await portal.settled();
    expect(portal.smtp.mails.some((m) => m.subject?.includes('Восстановление') && m.to && JSON.stringify(m.to).includes('member@example.org'))).toBe(false);
  });

  it('blocks only users of the member named in the path: an expert cannot block staff through it', async () => {
    const company = await inSro(portal, () => Member.findOne({ inn: '7701234560' }).lean());
    const engineer = await inSro(portal, () => User.findOne({ email: 'engineer@example.org' }).lean());
    expect((await expert.post(`/api/admin/members/${company!._id}/users/${admin.user.id}/block`)).status).toBe(404);
    expect((await expert.post(`/api/admin/members/${company!._id}/users/${engineer!._id}/block`)).status).toBe(404);
    expect((await inSro(portal, () => User.findById(admin.user.id).lean()))!.status).toBe('active');
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });
});

describe('staff accounts', () => {
  it('are admin-only: an expert and a member get 403', async () => {
    const member = await signIn(portal.url, 'engineer@example.org');
    for (const client of [expert, member]) {
      expect((await client.get('/api/admin/staff')).status).toBe(403);
      expect((await client.post('/api/admin/staff', { email: 'x@example.org', name: 'Икс', role: 'admin' })).body.error.code).toBe('forbidden');
      expect((await client.post(`/api/admin/staff/${admin.user.id}/block`)).status).toBe(403);
      expect((await client.get('/api/admin/outbox')).status).toBe(403);
    }
    expect((await member.get(`/api/admin/members/${member.user.memberId}/users`)).status).toBe(403);
  });

  it('an admin invites an expert, who activates and works; blocking ends the expert\'s sessions', async () => {
    const bad = await admin.post('/api/admin/staff', { email: 'new.expert@example.org', name: 'Н', role: 'member' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['name', 'role']);
    const created = await admin.post('/api/admin/staff', { email: 'new.expert@example.org', name: 'Новый Эксперт', role: 'expert' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'new.expert@example.org', role: 'expert', status: 'invited', name: 'Новый Эксперт' });
    expect(created.body.memberId).toBeUndefined();
    const mail = await letterTo(portal, 'new.expert@example.org', 'Доступ к рабочему месту');
    expect(mail.text).toContain('эксперт');
    expect(mail.html).toContain('/activate?token=');
    await activateFromMail('new.expert@example.org', 'Доступ к рабочему месту', 0, 'expert-pass-12');
    const newExpert = await signIn(portal.url, 'new.expert@example.org', 'expert-pass-12');
    expect((await newExpert.get('/api/threads?limit=1')).status).toBe(200);
    // Staff e-mails are not copied into any member's Messages.
    expect(await inSro(portal, () => MailCopy.exists({ to: 'new.expert@example.org' }))).toBeNull();
    const list = await admin.get('/api/admin/staff');
    expect(list.body.items.map((u: { email: string }) => u.email)).toEqual(['admin@example.org', 'expert@example.org', 'new.expert@example.org']);

    expect((await admin.post(`/api/admin/staff/${newExpert.user.id}/block`)).body.status).toBe('blocked');
    expect((await newExpert.get('/api/threads?limit=1')).status).toBe(401);
    expect((await admin.post(`/api/admin/staff/${admin.user.id}/block`)).status).toBe(409);
    // The staff route never touches member users.
    expect((await admin.post(`/api/admin/staff/${(await signIn(portal.url, 'engineer@example.org')).user.id}/block`)).status).toBe(404);
  });
});

describe('demo seed', () => {
  it('is idempotent: running it again finds the same people and adds nothing', async () => {
    const counts = () => inSro(portal, async () => [await User.countDocuments({}), await Member.countDocuments({}), await Thread.countDocuments({})]);
    const before = await counts();
    const first = await inSro(portal, () => seedPeople());
    const again = await inSro(portal, () => seedDemo(portal.ctx.logger));
    expect(again).toEqual(first);
    expect(await counts()).toEqual(before);
    const engineer = await inSro(portal, () => Member.findOne({ inn: '500100732259' }).select('+closed').lean<Record<string, any>>());
    expect(engineer!.closed.passport).toMatchObject({ series: '4510', number: '123456' });
    expect(engineer!.kind).toBe('individual');
    const company = await inSro(portal, () => Member.findOne({ inn: '7701234560' }).lean());
    expect(company).toMatchObject({ kind: 'legal_entity', regNumber: 'СРО-С-001-77', primaryUserId: expect.anything() });
    expect(String(company!.primaryUserId)).toBe(first.companyUserId);
  });
});
