import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pepDigestInput } from '@sro/shared';
import { startTestPortal, type TestPortal } from '../support/portal';
import { DEMO_PASSWORD, apiClient, signIn } from '../support/http';
import { shiftClockForTests } from '../../server/src/core/clock';
import { loadPkcs12 } from '../../server/src/signatures/sro-key';
import { User } from '../../server/src/users/user.model';
import { inSro } from './access-support';
import { signDetached } from '../../server/src/signatures/cms';
import { download, makeCertificate, makePkcs12, opensslVerifies, pdfText, signFile, uploadFiles, workDir } from './signatures-support';

// Issue 13: signed registry extracts checked by openssl and by the public page, the ПЭП of every submission,
// detached CMS signatures of uploaded files.

let portal: TestPortal;
let expert: Awaited<ReturnType<typeof signIn>>;
let admin: Awaited<ReturnType<typeof signIn>>;
let company: Awaited<ReturnType<typeof signIn>>;
let engineer: Awaited<ReturnType<typeof signIn>>;
const dir = workDir();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

beforeAll(async () => {
  portal = await startTestPortal();
  [expert, admin, company, engineer] = await Promise.all(['expert@example.org', 'admin@example.org', 'member@example.org', 'engineer@example.org'].map((l) => signIn(portal.url, l)));
});
afterAll(async () => portal.stop());
afterEach(() => shiftClockForTests(0));

async function requestExtract(delivery = 'electronic') {
  const res = await company.post('/api/threads', { kind: 'registry_extract', form: { copies: 1, delivery }, body: 'Прошу выписку для тендера', clientMsgId: `extract-${Math.random()}` });
  expect(res.status).toBe(201);
  return res.body;
}

describe('signed registry extract', () => {
  it('is a Cyrillic PDF with the open registry data, signed so that openssl verifies it, and checkable publicly', async () => {
    const thread = await requestExtract();
    const issued = await expert.post(`/api/threads/${thread.id}/extract`);
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ file: { id: expect.any(String), mime: 'application/pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }, signatureFileId: expect.any(String), verifyUrl: expect.stringMatching(/\/verify\/[\w-]+$/) });
    const days = (Date.parse(issued.body.validUntil) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(27);
    expect(days).toBeLessThan(32);

    // The member downloads both from its thread, which the SRO answered and resolved.
    const pdf = await download(portal.url, company.accessToken, issued.body.file.id);
    const p7s = await download(portal.url, company.accessToken, issued.body.signatureFileId);
    expect(sha(pdf)).toBe(issued.body.file.sha256);
    const text = await pdfText(pdf);
    expect(text).toContain('ВЫПИСКА');
    expect(text).toContain('«СтройМонтаж»');
    expect(text).toContain('7701234560');
    expect(text).toContain(issued.body.verifyUrl);
    expect(text).not.toMatch(/паспорт/i);
    expect(opensslVerifies(dir, pdf, p7s)).toBe(true);
    const tampered = Buffer.from(pdf);
    tampered[Math.floor(tampered.length / 2)] ^= 0x01;
    expect(opensslVerifies(dir, tampered, p7s)).toBe(false);
    const after = await company.get(`/api/threads/${thread.id}`);
    expect(after.body.status).toBe('resolved');
    const messages = await company.get(`/api/threads/${thread.id}/messages`);
    expect(messages.body.items.find((m: any) => m.attachments.length).attachments.map((a: { id: string }) => a.id)).toEqual([issued.body.file.id, issued.body.signatureFileId]);

    // The public page: no sign-in, valid; never the closed part.
    const code = issued.body.verifyUrl.split('/').pop();
    const anonymous = apiClient(portal.url);
    const check = await anonymous.get(`/api/verify/${code}`);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ valid: true, status: 'valid', sha256: issued.body.file.sha256, member: { name: expect.stringContaining('СтройМонтаж'), inn: '7701234560' }, testSignature: true });
    expect(JSON.stringify(check.body)).not.toMatch(/passport|residence|birth/i);
    const post = (path: string, body: Buffer) => fetch(`${portal.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    expect((await post(`/api/verify/${code}`, pdf)).body).toMatchObject({ valid: true, status: 'valid' });
    expect((await post(`/api/verify/${code}`, tampered)).body).toMatchObject({ valid: false, status: 'modified' });
    expect((await post('/api/verify', pdf)).body).toMatchObject({ valid: true, number: issued.body.number });
    expect((await post('/api/verify', tampered)).status).toBe(404);
    expect((await post('/api/verify', Buffer.from('not a pdf'))).body.error.code).toBe('validation_failed');
    expect((await anonymous.get('/api/verify/unknown-code-123')).status).toBe(404);

    // A month and a day later the same extract has expired.
    shiftClockForTests(32 * 86_400_000);
    expect((await anonymous.get(`/api/verify/${code}`)).body).toMatchObject({ valid: false, status: 'expired' });
  });

  it('is issued by staff only, on a registry_extract request only', async () => {
    const thread = await requestExtract();
    expect((await company.post(`/api/threads/${thread.id}/extract`)).status).toBe(403);
    const general = await company.post('/api/threads', { kind: 'general', form: { topic: 'Вопрос' }, body: 'Текст' });
    const wrong = await expert.post(`/api/threads/${general.body.id}/extract`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.kind).toBeTruthy();
  });

  it('is issued instantly when the SRO switches electronic extracts on, and paper pickup stays with staff', async () => {
    expect((await expert.put('/api/admin/settings/extracts', { instant: true })).status).toBe(403);
    expect((await admin.put('/api/admin/settings/extracts', { instant: true })).body).toEqual({ instant: true });
    const thread = await requestExtract();
    await portal.settled(); // the extract is issued by the listener of the new request
    const messages: any[] = (await company.get(`/api/threads/${thread.id}/messages`)).body.items;
    expect(messages.find((m) => m.attachments.length === 2).body).toMatch(/Выписка № .* подписанная электронной подписью СРО/);
    const paper = await requestExtract('paper_pickup');
    await portal.settled(); // an instant extract would have been issued by now
    expect((await company.get(`/api/threads/${paper.id}/messages`)).body.items.some((m: any) => m.attachments.length)).toBe(false);
    const issued = await expert.post(`/api/threads/${paper.id}/extract`);
    expect(issued.status).toBe(201);
    const seen = (await company.get(`/api/threads/${paper.id}/messages`)).body.items;
    expect(seen.find((m: any) => m.kind === 'text' && m.authorRole !== 'member').body).toMatch(/получить в офисе/);
    expect(seen.some((m: any) => m.attachments.length)).toBe(false); // printed by staff, not e-mailed
    expect((await fetch(`${portal.url}/api/files/${issued.body.file.id}`, { headers: { authorization: `Bearer ${company.accessToken}` } })).status).toBe(404);
    await admin.put('/api/admin/settings/extracts', { instant: false });
  });

  it('signs with the key of a configured PKCS#12 file', async () => {
    const sro = makeCertificate(dir, '/CN=СРО «Демо»/O=Ассоциация СРО «Демо»/1.2.643.100.4=7700000000');
    const key = await loadPkcs12(readFileSync(makePkcs12(dir, sro, 'секрет')), 'секрет');
    expect(key.test).toBe(false);
    expect(key.subject).toContain('СРО «Демо»');
    const content = Buffer.from('%PDF-1.4 test');
    expect(opensslVerifies(dir, content, await signDetached(key, content))).toBe(true);
    await expect(loadPkcs12(readFileSync(makePkcs12(dir, sro, 'секрет')), 'wrong')).rejects.toThrow();
  });
});

describe('ПЭП on every submission', () => {
  it('records who signed which sha256; a wrong password stores nothing; another file changes the hash', async () => {
    const upload = await uploadFiles(portal.url, company.accessToken, [{ name: 'справка.pdf', bytes: PDF }]);
    const form = { docType: 'invoice' };
    const sent = await company.post('/api/threads', { kind: 'accounting_documents', form, body: 'Прошу счёт', attachments: [upload.body.items[0].id], confirm: { password: DEMO_PASSWORD } });
    expect(sent.status).toBe(201);
    const signature = (await company.get(`/api/threads/${sent.body.id}`)).body.signature;
    expect(signature).toMatchObject({ kind: 'pep', signerId: company.user.id, method: 'password', signedAt: expect.any(String) });
    const expected = createHash('sha256').update(pepDigestInput({ kind: 'accounting_documents', form, text: 'Прошу счёт', files: [{ name: 'справка.pdf', sha256: sha(PDF) }] })).digest('hex');
    expect(signature.sha256).toBe(expected);
    expect((await expert.get(`/api/threads/${sent.body.id}`)).body.signature.sha256).toBe(expected);

    const before = (await company.get('/api/threads?limit=100')).body.items.length;
    const wrong = await company.post('/api/threads', { kind: 'general', form: { topic: 'Тест' }, body: 'x', confirm: { password: 'not-my-password' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields['confirm.password']).toMatch(/Пароль не подходит/);
    expect((await company.get('/api/threads?limit=100')).body.items.length).toBe(before);

    const other = await uploadFiles(portal.url, company.accessToken, [{ name: 'справка.pdf', bytes: Buffer.concat([PDF, Buffer.from('%changed')]) }]);
    const second = await company.post('/api/threads', { kind: 'accounting_documents', form, body: 'Прошу счёт', attachments: [other.body.items[0].id] });
    expect(second.body.signature.method).toBe('session');
    expect(second.body.signature.sha256).not.toBe(expected);

    // The signature sheet staff download is a PDF naming the signer and the hash.
    const sheet = await fetch(`${portal.url}/api/threads/${sent.body.id}/signature-sheet`, { headers: { authorization: `Bearer ${expert.accessToken}` } });
    expect(sheet.headers.get('content-type')).toBe('application/pdf');
    const sheetText = await pdfText(Buffer.from(await sheet.arrayBuffer()));
    expect(sheetText).toContain('ЛИСТ ПОДПИСАНИЯ');
    expect(sheetText).toContain('Сергей Директоров');
    expect(sheetText.replace(/\s/g, '')).toContain(expected);
  });

  it('signs a draft when it is sent, by a code from an e-mail; a used code does not work twice', async () => {
    const draft = await company.post('/api/threads', { kind: 'general', form: { topic: 'Черновик' }, body: 'Текст черновика', draft: true });
    expect(draft.body.signature).toBeUndefined();
    const code = await company.post('/api/signatures/code');
    expect(code.status).toBe(200);
    const mail = await portal.smtp.waitFor((m) => !!m.subject?.startsWith('Код подписи'));
    const digits = mail.subject!.match(/\d{6}/)![0];
    const sent = await company.patch(`/api/threads/${draft.body.id}`, { status: 'submitted', confirm: { code: digits } });
    expect(sent.status).toBe(200);
    expect(sent.body.signature).toMatchObject({ method: 'code', sha256: createHash('sha256').update(pepDigestInput({ kind: 'general', form: { topic: 'Черновик' }, text: 'Текст черновика', files: [] })).digest('hex') });
    const again = await company.post('/api/threads', { kind: 'general', form: { topic: 'Ещё' }, confirm: { code: digits } });
    expect(again.status).toBe(400);
    expect(again.body.error.fields['confirm.code']).toBeTruthy();
    // The code letter is a secret: never copied to "Messages".
    expect(JSON.stringify((await company.get('/api/messages')).body)).not.toContain(digits);
  });

  it('keeps the agreement on electronic interaction accepted at first sign-in', async () => {
    await inSro(portal, () => User.updateOne({ email: 'engineer@example.org' }, { $unset: { signatureAgreementAt: 1 } }));
    expect((await engineer.get('/api/auth/me')).body.user.signatureAgreementAt).toBeUndefined();
    expect((await engineer.post('/api/auth/agreement', {})).status).toBe(400);
    const accepted = await engineer.post('/api/auth/agreement', { accept: true });
    expect(accepted.status).toBe(200);
    expect((await engineer.get('/api/auth/me')).body.user.signatureAgreementAt).toBe(accepted.body.signatureAgreementAt);
  });
});

describe('detached qualified signatures on uploaded files', () => {
  it('shows the signer and "digest matches" for the signed file, "does not match" for another', async () => {
    const person = makeCertificate(dir);
    const report = Buffer.concat([PDF, Buffer.from('% годовой отчёт')]);
    const sig = signFile(dir, report, person);
    const together = await uploadFiles(portal.url, company.accessToken, [{ name: 'отчёт.pdf', bytes: report }, { name: 'отчёт.pdf.sig', bytes: sig }]);
    expect(together.status).toBe(201);
    const [file, signature] = together.body.items;
    expect(signature.mime).toBe('application/pkcs7-signature');
    expect(signature.signature).toMatchObject({ subject: expect.stringContaining('Иванов Иван Иванович'), signsFileId: file.id, digestMatches: true, signatureValid: true, digestAlgorithm: 'SHA-256' });
    expect(signature.signature.subjectFields).toMatchObject({ inn: '500100732259', snils: '12345678901', organization: 'ООО «СтройМонтаж»' });
    expect(signature.signature.checks.join(' ')).toMatch(/цепочка .* не проверялась/);

    const other = await uploadFiles(portal.url, company.accessToken, [{ name: 'другой.pdf', bytes: PDF }]);
    const later = await uploadFiles(portal.url, company.accessToken, [{ name: 'подпись.p7s', bytes: sig }], { signsFileId: other.body.items[0].id });
    expect(later.body.items[0].signature).toMatchObject({ subject: expect.stringContaining('Иванов'), digestMatches: false });

    // Attached to a request, the message shows the signature beside the file.
    const lone = await uploadFiles(portal.url, company.accessToken, [{ name: 'отчёт.pdf.sig', bytes: sig }]);
    expect(lone.body.items[0].signature).toMatchObject({ subject: expect.stringContaining('Иванов') });
    expect(lone.body.items[0].signature.digestMatches).toBeUndefined();
    const again = await uploadFiles(portal.url, company.accessToken, [{ name: 'отчёт.pdf', bytes: report }]);
    const thread = await company.post('/api/threads', { kind: 'general', form: { topic: 'Отчёт с подписью' }, attachments: [again.body.items[0].id, lone.body.items[0].id] });
    const [message] = (await expert.get(`/api/threads/${thread.body.id}/messages`)).body.items;
    expect(message.attachments[1].signature).toMatchObject({ digestMatches: true, signsFileId: again.body.items[0].id });
  });

  it('reads a machine-readable power of attorney (МЧД) uploaded with an employee\'s signature', async () => {
    const person = makeCertificate(dir, '/CN=Иванов Иван Иванович/1.2.643.3.131.1.1=500100732259');
    const act = Buffer.concat([PDF, Buffer.from('% акт')]);
    const poa = `<?xml version="1.0" encoding="UTF-8"?>
<Доверенность ВерсФорм="EMCHD_1"><Документ>
  <СвДов НомДовер="2026-0001" ДатаВыдДов="2026-01-10" СрокДейст="2099-01-10"/>
  <Доверит><РосОргДовер><СвРосОрг НаимОрг="ООО «СтройМонтаж»" ИННЮЛ="7701234560"/></РосОргДовер></Доверит>
  <СвУпПред><Пред><СведФизЛ ИННФЛ="500100732259"><ФИО Фамилия="Иванов" Имя="Иван" Отчество="Иванович"/></СведФизЛ></Пред></СвУпПред>
</Документ></Доверенность>`;
    const res = await uploadFiles(portal.url, company.accessToken, [{ name: 'акт.pdf', bytes: act }, { name: 'акт.pdf.sig', bytes: signFile(dir, act, person) }, { name: 'мчд.xml', bytes: Buffer.from(poa) }]);
    expect(res.status).toBe(201);
    expect(res.body.items[1].signature).toMatchObject({
      digestMatches: true,
      powerOfAttorney: { number: '2026-0001', principal: 'ООО «СтройМонтаж»', principalInn: '7701234560', representative: 'Иванов Иван Иванович', representativeInn: '500100732259', validUntil: '2099-01-10', valid: true },
    });
    // An XML with a DTD is not read as a power of attorney at all.
    const hostile = await uploadFiles(portal.url, company.accessToken, [{ name: 'акт.pdf', bytes: act }, { name: 'акт.pdf.sig', bytes: signFile(dir, act, person) }, { name: 'x.xml', bytes: Buffer.from(`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${poa}`) }]);
    expect(hostile.body.items[1].signature.powerOfAttorney).toBeUndefined();
  });
});
