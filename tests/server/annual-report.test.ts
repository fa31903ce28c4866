import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { DEMO_PASSWORD, signIn } from '../support/http';
import { download, makeCertificate, signFile, uploadFiles, workDir } from './signatures-support';

// Issue 13 / API.md "Annual activity report" and "Files library": sections configured by the SRO with templates
// from the library; a saved section is a draft the SRO never sees; a sent one is a registered annual_report
// thread; remarks go back to the member, who sends again.

let portal: TestPortal;
let admin: Awaited<ReturnType<typeof signIn>>;
let expert: Awaited<ReturnType<typeof signIn>>;
let company: Awaited<ReturnType<typeof signIn>>;
let engineer: Awaited<ReturnType<typeof signIn>>;
const PDF = Buffer.from('%PDF-1.4\n% отчёт о деятельности\n%%EOF\n');
const DOCX_TEMPLATE = Buffer.from('%PDF-1.4\n% шаблон раздела\n%%EOF\n');

beforeAll(async () => {
  portal = await startTestPortal();
  [admin, expert, company, engineer] = await Promise.all(['admin@example.org', 'expert@example.org', 'member@example.org', 'engineer@example.org'].map((l) => signIn(portal.url, l)));
});
afterAll(async () => portal.stop());

async function publish(title: string, category: string, bytes = DOCX_TEMPLATE, client = admin) {
  const form = new FormData();
  form.append('title', title);
  form.append('category', category);
  form.append('file', new Blob([new Uint8Array(bytes)]), `${title}.pdf`);
  const res = await fetch(`${portal.url}/api/admin/library`, { method: 'POST', headers: { authorization: `Bearer ${client.accessToken}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

describe('files library', () => {
  it('staff publish, everyone signed in lists by category and downloads; members cannot publish', async () => {
    const added = await publish('Положение о контроле', 'documents');
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: expect.any(String), fileId: expect.any(String), title: 'Положение о контроле', category: 'documents' });
    expect((await publish('Чужой файл', 'documents', DOCX_TEMPLATE, company)).status).toBe(403);
    expect((await publish('x', ' ')).body.error.fields.category).toBeTruthy();
    // A section of the SRO's own is kept as it is named.
    expect((await publish('Протокол общего собрания', 'Протоколы')).body.category).toBe('Протоколы');
    expect((await engineer.get(`/api/library?category=${encodeURIComponent('Протоколы')}`)).body.items.map((i: any) => i.title)).toEqual(['Протокол общего собрания']);
    const list = await engineer.get('/api/library?category=documents');
    expect(list.body.items).toEqual([expect.objectContaining({ title: 'Положение о контроле', name: 'Положение о контроле.pdf', size: DOCX_TEMPLATE.length })]);
    expect((await engineer.get('/api/library?category=templates')).body.items).toEqual([]);
    expect(await download(portal.url, engineer.accessToken, added.body.fileId)).toEqual(DOCX_TEMPLATE);
  });
});

describe('annual activity report', () => {
  let templateFileId: string;

  it('has the sections the SRO configured, each with its template from the library', async () => {
    templateFileId = (await publish('Шаблон — сведения о договорах', 'templates')).body.fileId;
    const own = await uploadFiles(portal.url, admin.accessToken, [{ name: 'не из библиотеки.pdf', bytes: PDF }]);
    expect((await admin.put('/api/admin/reports/annual/sections', { sections: [{ key: 'contracts', title: 'Договоры', templateFileId: own.body.items[0].id }] })).status).toBe(400);
    expect((await company.put('/api/admin/reports/annual/sections', { sections: [{ key: 'contracts', title: 'Договоры' }] })).status).toBe(403);
    const saved = await admin.put('/api/admin/reports/annual/sections', {
      sections: [{ key: 'general', title: 'Общие сведения' }, { key: 'contracts', title: 'Сведения о договорах подряда', templateFileId }], dueDay: '03-01',
    });
    expect(saved.status).toBe(200);
    const report = await company.get('/api/reports/annual/2026');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ year: 2026, dueDate: '2027-03-01' });
    expect(report.body.sections).toEqual([
      expect.objectContaining({ key: 'general', title: 'Общие сведения', status: 'not_started', files: [], text: '' }),
      expect.objectContaining({ key: 'contracts', status: 'not_started', template: { fileId: templateFileId, name: 'Шаблон — сведения о договорах.pdf' } }),
    ]);
    expect(await download(portal.url, company.accessToken, templateFileId)).toEqual(DOCX_TEMPLATE);
    expect((await expert.get('/api/reports/annual/2026')).status).toBe(403);
    const calendar = await company.get('/api/calendar?from=2027-01-01&to=2027-12-31');
    expect(calendar.body.items).toContainEqual(expect.objectContaining({ kind: 'report_deadline', date: '2027-03-01' }));
  });

  it('keeps a saved section as a draft the SRO does not see, then a sent one is a registered annual_report thread', async () => {
    const dir = workDir();
    const sig = signFile(dir, PDF, makeCertificate(dir));
    const up = await uploadFiles(portal.url, company.accessToken, [{ name: 'договоры.pdf', bytes: PDF }]);
    const upSig = await uploadFiles(portal.url, company.accessToken, [{ name: 'договоры.pdf.sig', bytes: sig }]);
    const files = [{ fileId: up.body.items[0].id, signatureFileId: upSig.body.items[0].id }];
    const draft = await company.put('/api/reports/annual/2026/sections/contracts', { text: 'Сведения за 2026 год', files });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ key: 'contracts', status: 'draft', text: 'Сведения за 2026 год', files: [{ fileId: files[0].fileId, name: 'договоры.pdf', signature: { digestMatches: true, subject: expect.stringContaining('Иванов') } }] });
    expect(draft.body.threadId).toBeUndefined();

    // Staff see nothing of a draft.
    const overview = await expert.get('/api/admin/reports/annual/2026');
    const row = overview.body.items.find((i: any) => i.memberId === company.user.memberId);
    expect(row.sections).toEqual({ general: 'not_started', contracts: 'not_started' });
    const of2026 = (items: any[]) => items.filter((t) => t.form.year === 2026);
    expect(of2026((await expert.get('/api/threads?kind=annual_report')).body.items)).toEqual([]);
    expect((await engineer.get('/api/reports/annual/2026')).body.sections.every((s: any) => s.status === 'not_started' && s.files.length === 0)).toBe(true);

    // Wrong slots are refused with the contract's error body.
    const swapped = await company.put('/api/reports/annual/2026/sections/contracts', { files: [{ fileId: files[0].signatureFileId }] });
    expect(swapped.body.error).toMatchObject({ code: 'validation_failed', fields: { files: expect.stringContaining('файл подписи') } });
    expect((await company.put('/api/reports/annual/2026/sections/unknown', { files: [] })).status).toBe(404);
    expect((await company.put('/api/reports/annual/2026/sections/general', { files: [], send: true })).body.error.fields.files).toBeTruthy();

    const sent = await company.put('/api/reports/annual/2026/sections/contracts', { text: 'Сведения за 2026 год', files, send: true, confirm: { password: DEMO_PASSWORD } });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'submitted', threadId: expect.any(String), signature: { kind: 'pep', method: 'password' } });
    const thread = await company.get(`/api/threads/${sent.body.threadId}`);
    expect(thread.body).toMatchObject({ kind: 'annual_report', status: 'submitted', direction: 'incoming', subject: 'Отчёт о деятельности за 2026 год: Сведения о договорах подряда', form: { year: 2026, sectionKey: 'contracts' } });
    expect(of2026((await company.get('/api/threads?kind=annual_report')).body.items).map((t: any) => t.id)).toEqual([sent.body.threadId]);
    const [message] = (await expert.get(`/api/threads/${sent.body.threadId}/messages`)).body.items;
    expect(message.attachments.map((a: any) => a.name)).toEqual(['договоры.pdf', 'договоры.pdf.sig']);

    // Registered by the expert: the member sees the incoming number.
    expect((await expert.patch(`/api/threads/${sent.body.threadId}`, { status: 'registered' })).status).toBe(200);
    const registered = (await company.get('/api/reports/annual/2026')).body.sections.find((s: any) => s.key === 'contracts');
    expect(registered).toMatchObject({ status: 'registered', regNumber: expect.any(String), regDate: expect.any(String) });
    expect((await expert.get('/api/admin/reports/annual/2026')).body.items.find((i: any) => i.memberId === company.user.memberId).sections.contracts).toBe('registered');
  });

  it('goes back to the member with a remark, and the corrected section arrives in the same thread', async () => {
    const remark = await expert.post(`/api/admin/reports/annual/2026/members/${company.user.memberId}/sections/contracts/remarks`, { text: 'Не хватает договора № 15' });
    expect(remark.status).toBe(200);
    const back = (await company.get('/api/reports/annual/2026')).body.sections.find((s: any) => s.key === 'contracts');
    expect(back).toMatchObject({ status: 'remarks', remark: 'Не хватает договора № 15' });
    const fix = await uploadFiles(portal.url, company.accessToken, [{ name: 'договор 15.pdf', bytes: Buffer.concat([PDF, Buffer.from('%15')]) }]);
    const again = await company.put('/api/reports/annual/2026/sections/contracts', { text: 'Добавили договор № 15', files: [...back.files.map((f: any) => ({ fileId: f.fileId, signatureFileId: f.signatureFileId })), { fileId: fix.body.items[0].id }], send: true });
    expect(again.status).toBe(200);
    expect(again.body.threadId).toBe(back.threadId);
    expect(again.body.status).toBe('registered'); // back in work under its number
    const messages = (await expert.get(`/api/threads/${back.threadId}/messages`)).body.items;
    expect(messages.filter((m: any) => m.kind === 'text').at(-1)).toMatchObject({ body: 'Добавили договор № 15', authorRole: 'member' });
    expect((await expert.get(`/api/threads/${back.threadId}`)).body.status).toBe('in_progress');
  });
});
