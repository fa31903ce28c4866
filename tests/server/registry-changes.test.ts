import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { isValidInn } from '@sro/shared';
import type { TestPortal } from '../support/portal';
import { usePortalWithSockets } from '../support/session';
import { signIn } from '../support/http';
import { mailTo } from '../support/smtp';
import { recordEvents } from '../support/sockets';
import { runWithTenant } from '../../server/src/core/tenancy';
import { Audit } from '../../server/src/audit/audit.model';
import { MemberHistory } from '../../server/src/members/member-history.model';
import { brokenInn, importCsv, innFrom, uploadPdf } from './registry-support';

const env = usePortalWithSockets();
let portal: TestPortal;
beforeAll(() => {
  portal = env.portal;
});

/** Runs a query in the portal's SRO (awaited inside, so the tenant guard sees the context). */
const inTenant = <T>(fn: () => PromiseLike<T>) => runWithTenant(portal.defaultSroId, async () => await fn());

describe('report a change → staff apply or reject', () => {
  it('validates the reported values like the registry does, with Russian messages per field', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const bad = await member.post('/api/threads', { kind: 'registry_change', form: { changes: [
      { field: 'phone', newValue: 'позвоните мне' },
      { field: 'ogrn', newValue: '1027700132194' },
      { field: 'email', newValue: 'почта@' },
      { field: 'insurance', newValue: [{ number: 'Д-1', insurer: 'СК «Надёжная»', sum: 1000000, from: '2025-01-01', to: '2024-12-31' }] },
      { field: 'inn', newValue: '7701234560' },
    ] } });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.fields;
    expect(fields['form.changes.0.newValue.0']).toContain('Телефон');
    expect(fields['form.changes.1.newValue']).toContain('ОГРН');
    expect(fields['form.changes.2.newValue']).toContain('электронной почты');
    expect(fields['form.changes.3.newValue.0.to']).toContain('позже');
    expect(fields['form.changes.4.field']).toContain('только СРО');
  });

  it('shows the diff, applies it in one action (registry, history, audit) and the member sees it live', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const events = recordEvents(await env.socket(member.accessToken));
    const expert = await signIn(portal.url, 'expert@example.org');
    const thread = await member.post('/api/threads', { kind: 'registry_change', form: {
      changes: [
        { field: 'legalAddress', newValue: 'г. Москва, ул. Новая, д. 5', comment: 'Переезд, выписка ЕГРЮЛ прилагается' },
        { field: 'phone', newValue: '+7 495 765-43-21; +7 495 765-43-22' },
        { field: 'email', newValue: 'info@stroymontazh.example' },
      ],
      documents: [{ fileId: await uploadPdf(portal.url, member.accessToken, 'egrul.pdf'), comment: 'Выписка ЕГРЮЛ' }],
    }, body: 'Сообщаем об изменении адреса' });
    expect(thread.status).toBe(201);

    const diff = await member.get(`/api/registry-changes/${thread.body.id}`);
    expect(diff.body).toMatchObject({ status: 'pending', documents: [{ comment: 'Выписка ЕГРЮЛ' }], changes: [
      { field: 'legalAddress', old: '119019, г. Москва, ул. Новый Арбат, д. 10, офис 5', new: 'г. Москва, ул. Новая, д. 5', comment: 'Переезд, выписка ЕГРЮЛ прилагается', same: false },
      { field: 'phone', old: '+7 495 123-45-67', new: '+7 495 765-43-21, +7 495 765-43-22', same: false },
      { field: 'email', same: true },
    ] });

    const applied = await expert.post(`/api/registry-changes/${thread.body.id}/apply`);
    expect(applied.status).toBe(200);
    expect(applied.body.thread.status).toBe('resolved');
    expect(applied.body.changed.map((c: { field: string }) => c.field)).toEqual(['legalAddress', 'phone']);
    await events.waitFor('thread:updated', (p) => p.thread.id === thread.body.id && p.thread.status === 'resolved');

    const card = await member.get('/api/members/me');
    expect(card.body).toMatchObject({ legalAddress: 'г. Москва, ул. Новая, д. 5', phone: '+7 495 765-43-21, +7 495 765-43-22' });
    const confirmed = Object.fromEntries(card.body.groups.map((g: { key: string; confirmedAt: string }) => [g.key, Date.parse(g.confirmedAt)]));
    expect(Date.now() - confirmed.addresses).toBeLessThan(60_000);
    expect(Date.now() - confirmed.contacts).toBeLessThan(60_000);
    expect(confirmed.general).toBeLessThan(confirmed.addresses);

    const history = await member.get('/api/members/me/history');
    expect(history.body.items[0]).toMatchObject({ source: 'member_report', threadId: thread.body.id, changes: [
      { field: 'legalAddress', old: '119019, г. Москва, ул. Новый Арбат, д. 10, офис 5', new: 'г. Москва, ул. Новая, д. 5' },
      { field: 'phone', old: '+7 495 123-45-67', new: '+7 495 765-43-21, +7 495 765-43-22' },
    ] });
    const stored = await inTenant(() => MemberHistory.findOne({ threadId: thread.body.id }).lean());
    expect(stored).toMatchObject({ actorId: expect.anything(), changes: [{ path: 'legalAddress' }, { path: 'phone' }] });
    const audits = await inTenant(() => Audit.find({ action: 'registry.update', entityId: member.user.memberId }).lean());
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorRole: 'expert', details: { source: 'member_report', fields: ['legalAddress', 'phone'], threadId: thread.body.id } });
    expect((await member.get(`/api/registry-changes/${thread.body.id}`)).body).toMatchObject({ status: 'applied', changes: [{ field: 'legalAddress', old: '119019, г. Москва, ул. Новый Арбат, д. 10, офис 5' }, {}, {}] });
    // Applying twice is refused; a member cannot apply at all.
    expect((await expert.post(`/api/registry-changes/${thread.body.id}/apply`)).status).toBe(409);
    expect((await member.post(`/api/registry-changes/${thread.body.id}/apply`)).status).toBe(403);
  });

  it('applies a passport change to the closed part', async () => {
    const engineer = await signIn(portal.url, 'engineer@example.org');
    const admin = await signIn(portal.url, 'admin@example.org');
    const passport = { series: '4511', number: '654321', issuedBy: 'ГУ МВД России по г. Москве', issuedAt: '2025-02-11' };
    const thread = await engineer.post('/api/threads', { kind: 'registry_change', form: { changes: [{ field: 'closed.passport', newValue: passport }] } });
    expect((await admin.post(`/api/registry-changes/${thread.body.id}/apply`)).status).toBe(200);
    expect((await engineer.get('/api/members/me')).body.closed.passport).toEqual(passport);
    const history = (await admin.get(`/api/admin/members/${engineer.user.memberId}`)).body.history;
    expect(history[0].changes[0]).toMatchObject({ field: 'closed.passport', old: { series: '4510', number: '123456' }, new: passport });
  });

  it('rejects a report with a reason the member reads, and leaves the registry as it was', async () => {
    const member = await signIn(portal.url, 'engineer@example.org');
    const expert = await signIn(portal.url, 'expert@example.org');
    const thread = await member.post('/api/threads', { kind: 'registry_change', form: { changes: [{ field: 'email', newValue: 'new@example.org' }] } });
    expect((await expert.post(`/api/registry-changes/${thread.body.id}/reject`, {})).status).toBe(400);
    expect((await expert.post(`/api/registry-changes/${thread.body.id}/reject`, { reason: 'Нет подтверждающего документа' })).body.thread.status).toBe('rejected');
    const messages = await member.get(`/api/threads/${thread.body.id}/messages`);
    expect(messages.body.items.map((m: { body: string }) => m.body)).toContain('Изменения не внесены: Нет подтверждающего документа');
    expect((await member.get('/api/members/me')).body.email).toBe('engineer@example.org');
    expect((await member.get(`/api/registry-changes/${thread.body.id}`)).body.status).toBe('rejected');
  });
});

describe('staff edit', () => {
  it('is validated, kept in history and audited; members get 403', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    expect((await member.patch(`/api/admin/members/${member.user.memberId}`, { changes: [{ field: 'rightToWork', newValue: true }] })).status).toBe(403);
    const expert = await signIn(portal.url, 'expert@example.org');
    const edited = await expert.patch(`/api/admin/members/${member.user.memberId}`, { changes: [
      { field: 'responsibility', newValue: { levelVv: 2, levelOdo: 1, contributionVv: 500000 } },
      { field: 'rightToWork', newValue: true },
      { field: 'disciplinaryMeasures', newValue: [{ date: '2025-04-01', measure: 'Предупреждение', reason: 'Отчёт сдан с опозданием' }] },
    ] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ responsibility: { levelVv: 2, levelOdo: 1, contributionVv: 500000 }, rightToWork: true });
    expect(edited.body.changed).toHaveLength(3);
    const invalid = await expert.patch(`/api/admin/members/${member.user.memberId}`, { changes: [{ field: 'inn', newValue: '7701234561' }, { field: 'regDate', newValue: '2017-02-30' }] });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.error.fields)).toEqual(['changes.0.newValue', 'changes.1.newValue']);
    const same = await expert.patch(`/api/admin/members/${member.user.memberId}`, { changes: [{ field: 'rightToWork', newValue: true }] });
    expect(same.body.changed).toEqual([]);
    const audits = await inTenant(() => Audit.find({ action: 'registry.update', entityId: member.user.memberId, 'details.source': 'staff' }).lean());
    expect(audits).toHaveLength(1);
  });
});

describe('CSV import', () => {
  it('imports 10 000 rows, reports exactly the 50 bad ones, and changes nothing the second time', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const badRows = Array.from({ length: 50 }, (_, i) => 3 + i * 199);
    const bad = new Set(badRows);
    const lines = ['ИНН;Наименование;Рег. номер;Дата регистрации;Статус;Телефон'];
    for (let i = 0; i < 10_000; i++) {
      const inn = innFrom(100_000 + i * 13);
      expect(isValidInn(inn)).toBe(true);
      lines.push(`${bad.has(i + 2) ? brokenInn(inn) : inn};ООО «Импорт ${i}»;ИМП-${i};15.03.2017;член;+7 495 100-${String(i).padStart(4, '0').slice(0, 2)}-${String(i).padStart(4, '0').slice(2)}`);
    }
    const csv = Buffer.from(lines.join('\n'));

    let started = Date.now();
    const dry = await importCsv(portal.url, admin, csv, 'dryRun=1');
    const dryMs = Date.now() - started;
    expect(dry.status).toBe('done');
    expect(dry.report!.errors.map((e) => e.row)).toEqual(badRows);
    expect(dry.report!.errors.every((e) => e.field === 'inn' && e.message.includes('контрольной'))).toBe(true);
    expect(dry.report).toMatchObject({ total: 10_000, created: 9_950, updated: 0, unchanged: 0, encoding: 'utf-8', delimiter: ';' });
    expect((await admin.get(`/api/registry?q=${encodeURIComponent('ИМП-5')}`)).body.items).toEqual([]);

    started = Date.now();
    const applied = await importCsv(portal.url, admin, csv, 'dryRun=0');
    const applyMs = Date.now() - started;
    expect(applied.report).toMatchObject({ total: 10_000, created: 9_950, updated: 0, unchanged: 0 });
    expect(applied.processed).toBe(10_000);
    const found = await admin.get(`/api/registry?q=${encodeURIComponent('имп-42')}`);
    expect(found.body.items.some((m: { regNumber: string }) => m.regNumber === 'ИМП-42')).toBe(true);
    const created = await admin.get(`/api/admin/members/${found.body.items[0].id}`);
    expect(created.body).toMatchObject({ kind: 'legal_entity', status: 'member', regDate: '2017-03-15', phone: expect.stringMatching(/^\+7 495 100-/) });

    started = Date.now();
    const again = await importCsv(portal.url, admin, csv, 'dryRun=0');
    const againMs = Date.now() - started;
    expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 9_950 });
    expect(again.report!.errors).toHaveLength(50);
    expect(await inTenant(() => MemberHistory.countDocuments({ source: 'import' }))).toBe(0);
    expect(await inTenant(() => Audit.countDocuments({ action: 'registry.import' }))).toBe(2);
    console.log(`10 000-row import: dry run ${dryMs} ms, apply ${applyMs} ms, repeat ${againMs} ms`);
  }, 120_000);

  it('reads Windows-1251 with semicolons: Cyrillic names, quoted cells, updates only what changed', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const csv = await readFile(new URL('../fixtures/registry-1251.csv', import.meta.url));
    const dry = (await importCsv(portal.url, admin, csv, 'dryRun=1')).report!;
    expect(dry).toMatchObject({ encoding: 'windows-1251', delimiter: ';', total: 4, created: 2, updated: 1, unknownColumns: ['Примечание'] });
    expect(dry.preview).toContainEqual({ row: 4, inn: '7701234560', action: 'update', fields: ['status'] });
    expect(dry.errors).toEqual([
      { row: 5, field: 'regDate', message: 'Дата в формате ГГГГ-ММ-ДД' },
      { row: 5, field: 'email', message: expect.stringContaining('электронной почты') },
    ]);
    // Two errors in one row: «с ошибками» counts rows.
    expect(dry.errorRows).toBe(1);
    const report = (await importCsv(portal.url, admin, csv, 'dryRun=0')).report!;
    expect(report).toMatchObject({ created: 2, updated: 1, unchanged: 0 });
    const api = (q: string) => admin.get(`/api/registry?q=${encodeURIComponent(q)}`);
    const elki = (await api('ёлки-палки')).body.items[0];
    expect(elki).toMatchObject({ name: 'Акционерное общество «Ёлки-Палки Проект»', shortName: 'АО «Ёлки-Палки»', kind: 'legal_entity', regDate: '2018-02-01' });
    const card = (await admin.get(`/api/admin/members/${elki.id}`)).body;
    expect(card).toMatchObject({ postalAddress: '125009, г. Москва; ул. Тверская, д. 1', phone: '+7 495 000-11-22, +7 495 000-11-23', responsibility: { levelVv: 2, contributionVv: 500000 } });
    expect((await api('Щукин')).body.items[0]).toMatchObject({ name: 'Щукин Эдуард Юрьевич', kind: 'individual' });
    expect((await api('7701234560')).body.items[0].status).toBe('excluded');
    expect((await importCsv(portal.url, admin, csv, 'dryRun=0')).report).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('keeps going past a broken line, reports it by its line, and never overwrites a column the file lacks', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const csv = Buffer.from([
      'inn,name,reg_number',
      `${innFrom(900001)},"ООО ""Первое""",Р-1`,
      `${innFrom(900002)},"ООО "Сломанное" ,Р-2`,
      `${innFrom(900003)},ООО Третье,Р-3`,
      '500100732259,Кадастрова Анна Петровна,КИ-0042',
    ].join('\n'));
    const report = (await importCsv(portal.url, admin, csv, 'dryRun=0')).report!;
    expect(report).toMatchObject({ delimiter: ',', created: 2, unchanged: 1 });
    expect(report.errors.map((e) => e.row)).toEqual([3]);
    expect((await admin.get(`/api/registry?q=${innFrom(900001)}`)).body.items[0].name).toBe('ООО "Первое"');
  });

  it('invites the authorised person of a new member once, and not again on a repeat run', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const csv = Buffer.from(`ИНН;Наименование;E-mail\n${innFrom(910001)};ООО «Приглашённое»;director@invited.example\n${innFrom(910002)};ООО «Без e-mail»;\n`);
    expect((await importCsv(portal.url, admin, csv, 'dryRun=0&invite=1')).report).toMatchObject({ created: 2, invited: 1, errors: [] });
    const letter = await portal.smtp.waitFor(mailTo('director@invited.example'));
    expect(letter.text).toContain('/activate?token=');
    const member = (await admin.get(`/api/registry?q=${innFrom(910001)}`)).body.items[0];
    const users = await admin.get(`/api/admin/members/${member.id}/users`);
    expect(users.body.items).toMatchObject([{ email: 'director@invited.example', status: 'invited', primary: true }]);
    expect((await importCsv(portal.url, admin, csv, 'dryRun=0&invite=1')).report).toMatchObject({ created: 0, updated: 0, invited: 0, errors: [] });
  });

  it('is refused to members', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const res = await fetch(`${portal.url}/api/admin/registry-import?dryRun=1`, { method: 'POST', headers: { authorization: `Bearer ${member.accessToken}`, 'content-type': 'text/csv' }, body: 'ИНН\n7701234560' });
    expect(res.status).toBe(403);
    expect((await member.get('/api/admin/registry-import/000000000000000000000000')).status).toBe(403);
  });
});
