import { beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { isValidInn } from '@sro/shared';
import type { TestPortal } from '../support/portal';
import { usePortalWithSockets } from '../support/session';
import { signIn, type ApiClient } from '../support/http';
import { connectSocket, recordEvents, type TestSocket } from '../support/sockets';
import { runWithTenant } from '../../server/src/core/tenancy';
import { Audit } from '../../server/src/audit/audit.model';

const env = usePortalWithSockets();
let portal: TestPortal;
beforeAll(() => {
  portal = env.portal;
});

/** A valid 10-digit INN from a number (the tenth digit is the check digit). */
function innFrom(n: number): string {
  const base = String(770000000 + n);
  const d = base.split('').map(Number);
  const check = ([2, 4, 10, 3, 5, 9, 4, 6, 8].reduce((s, w, i) => s + w * d[i], 0) % 11) % 10;
  return base + check;
}

async function runImport(staff: ApiClient, csv: Buffer, query: string) {
  const started = await fetch(`${portal.url}/api/admin/registry-import?${query}`, { method: 'POST', headers: { authorization: `Bearer ${staff.token}`, 'content-type': 'text/csv' }, body: new Uint8Array(csv) });
  expect(started.status).toBe(202);
  const { jobId } = await started.json();
  for (let i = 0; i < 600; i++) {
    const job = await staff.get(`/api/admin/registry-import/${jobId}`);
    if (job.body.status !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish');
}

describe('report a change → staff apply', () => {
  it('validates the reported values like the registry does', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const bad = await member.post('/api/threads', { kind: 'registry_change', form: { changes: [{ field: 'phone', newValue: 'позвоните мне' }, { field: 'ogrn', newValue: '1027700132194' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields['form.changes.0.newValue']).toContain('Телефон');
    expect(bad.body.error.fields['form.changes.1.newValue']).toContain('ОГРН');
  });

  it('applies a reported change in one action: registry, history, audit, and the member sees it live', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const socket = await env.socket(member.accessToken);
    const events = recordEvents(socket);
    const expert = await signIn(portal.url, 'expert@example.org');
    const thread = await member.post('/api/threads', { kind: 'registry_change', form: { changes: [
      { field: 'legalAddress', newValue: 'г. Москва, ул. Новая, д. 5', comment: 'Переезд, выписка ЕГРЮЛ прилагается' },
      { field: 'phone', newValue: '+7 495 123-45-67' },
    ] }, body: 'Сообщаем об изменении адреса' });
    expect(thread.status).toBe(201);
    const applied = await expert.post(`/api/registry-changes/${thread.body.id}/apply`);
    expect(applied.status).toBe(200);
    expect(applied.body.thread.status).toBe('resolved');
    expect(applied.body.changed.map((c: { field: string }) => c.field)).toEqual(['legalAddress', 'phone']);
    await events.waitFor('thread:updated', (p) => p.thread.id === thread.body.id && p.thread.status === 'resolved');
    const card = await member.get('/api/members/me');
    expect(card.body).toMatchObject({ legalAddress: 'г. Москва, ул. Новая, д. 5', phone: '+7 495 123-45-67' });
    expect(card.body.confirmedAt.addresses).toBeTruthy();
    const history = await member.get('/api/members/me/history');
    expect(history.body.items[0]).toMatchObject({ source: 'member_report', threadId: thread.body.id, changes: [{ field: 'legalAddress', old: null, new: 'г. Москва, ул. Новая, д. 5' }, { field: 'phone', old: null, new: '+7 495 123-45-67' }] });
    const audits = await runWithTenant(portal.defaultSroId, async () => Audit.find({ action: 'registry.update', entityId: member.user.memberId }).lean());
    expect(audits).toHaveLength(1);
    // Applying twice is refused.
    expect((await expert.post(`/api/registry-changes/${thread.body.id}/apply`)).status).toBe(409);
  });

  it('rejects a report with a reason the member reads', async () => {
    const member = await signIn(portal.url, 'engineer@example.org');
    const expert = await signIn(portal.url, 'expert@example.org');
    const thread = await member.post('/api/threads', { kind: 'registry_change', form: { changes: [{ field: 'email', newValue: 'new@example.org' }] } });
    const noReason = await expert.post(`/api/registry-changes/${thread.body.id}/reject`, {});
    expect(noReason.status).toBe(400);
    expect((await expert.post(`/api/registry-changes/${thread.body.id}/reject`, { reason: 'Нет подтверждающего документа' })).body.thread.status).toBe('rejected');
    const messages = await member.get(`/api/threads/${thread.body.id}/messages`);
    expect(messages.body.items.map((m: { body: string }) => m.body)).toContain('Изменения не внесены: Нет подтверждающего документа');
    expect((await member.get('/api/members/me')).body.email).toBe('engineer@example.org');
  });

  it('lets only staff edit the registry directly', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const res = await member.patch(`/api/admin/members/${member.user.memberId}`, { changes: [{ field: 'name', newValue: 'ООО «Сам себе реестр»' }] });
    expect(res.status).toBe(403);
    const expert = await signIn(portal.url, 'expert@example.org');
    const edited = await expert.patch(`/api/admin/members/${member.user.memberId}`, { changes: [{ field: 'responsibility', newValue: { levelVv: 2, levelOdo: 1, contributionVv: 500000 } }] });
    expect(edited.status).toBe(200);
    expect(edited.body.responsibility).toEqual({ levelVv: 2, levelOdo: 1, contributionVv: 500000 });
    const invalid = await expert.patch(`/api/admin/members/${member.user.memberId}`, { changes: [{ field: 'inn', newValue: '7701234561' }] });
    expect(invalid.status).toBe(400);
  });
});

describe('CSV import', () => {
  it('imports 10 000 rows, reports exactly the 50 bad ones, and changes nothing the second time', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const badRows = new Set(Array.from({ length: 50 }, (_, i) => 3 + i * 199));
    const lines = ['ИНН;Наименование;Рег. номер;Дата регистрации;Статус'];
    for (let i = 0; i < 10_000; i++) {
      const line = i + 2;
      const inn = innFrom(i * 13 + 1);
      expect(isValidInn(inn)).toBe(true);
      const shownInn = badRows.has(line) ? inn.slice(0, 9) + ((Number(inn[9]) + 1) % 10) : inn;
      lines.push(`${shownInn};ООО «Импорт ${i}»;ИМП-${i};15.03.2017;член`);
    }
    const csv = Buffer.from(lines.join('\n'));
    const dry = await runImport(admin, csv, 'dryRun=1');
    expect(dry.status).toBe('done');
    expect(dry.report.errors.map((e: { row: number }) => e.row)).toEqual([...badRows].sort((a, b) => a - b));
    expect(dry.report.errors.every((e: { field: string }) => e.field === 'inn')).toBe(true);
    expect(dry.report).toMatchObject({ total: 10_000, created: 9_950, updated: 0 });
    expect((await admin.get('/api/registry?q=ИМП-5')).body.items).toEqual([]);

    const applied = await runImport(admin, csv, 'dryRun=0');
    expect(applied.report).toMatchObject({ total: 10_000, created: 9_950, updated: 0, unchanged: 0 });
    expect(applied.processed).toBe(10_000);
    const found = await admin.get('/api/registry?q=имп-42');
    expect(found.body.items.some((m: { regNumber: string }) => m.regNumber === 'ИМП-42')).toBe(true);

    const again = await runImport(admin, csv, 'dryRun=0');
    expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 9_950 });
  }, 120_000);

  it('reads Windows-1251 with semicolons and updates what changed', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const text = 'ИНН;Наименование;Вид;E-mail\r\n7701234560;Общество с ограниченной ответственностью «СтройМонтаж-Плюс»;ЮЛ;info@stroymontazh.example\r\n500100732259;Кадастрова Анна Петровна;ФЛ;engineer@example.org\r\n';
    const report = (await runImport(admin, iconv.encode(text, 'win1251'), 'dryRun=0')).report;
    expect(report).toMatchObject({ total: 2, created: 0, updated: 1, unchanged: 1, errors: [] });
    const card = await admin.get('/api/registry?q=7701234560');
    expect(card.body.items[0].name).toBe('Общество с ограниченной ответственностью «СтройМонтаж-Плюс»');
  });

  it('is refused to members', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const res = await fetch(`${portal.url}/api/admin/registry-import?dryRun=1`, { method: 'POST', headers: { authorization: `Bearer ${member.accessToken}`, 'content-type': 'text/csv' }, body: 'ИНН\n7701234560' });
    expect(res.status).toBe(403);
  });
});
