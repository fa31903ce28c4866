import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { signIn } from '../support/http';

// Uploads (API.md "Files"): type from the bytes, limits, safe names, sha256, and downloads only for those who may
// see the thread. The portal runs with a 64 KB file limit so "too large" is fast to prove.
const LIMIT = 64 * 1024;
let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal({ maxFileBytes: LIMIT });
});
afterAll(() => portal?.stop());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 1)]);

/** A minimal zip (local headers only, which is all a sniffer reads); `deflate` compresses the entries. */
function zip(entries: [string, string][], deflate = false): Buffer {
  const parts: Buffer[] = [];
  for (const [name, text] of entries) {
    const raw = Buffer.from(text);
    const data = deflate ? zlib.deflateRawSync(raw) : raw;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(deflate ? 8 : 0, 8);
    header.writeUInt32LE(zlib.crc32(raw), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(raw.length, 22);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    parts.push(header, Buffer.from(name), data);
  }
  return Buffer.concat(parts);
}
const contentTypes = (main: string) => `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/x" ContentType="${main}"/></Types>`;
const DOCX = zip([['[Content_Types].xml', contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')], ['word/document.xml', '<w:document/>']]);
const XLSX = zip([['[Content_Types].xml', contentTypes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')], ['xl/workbook.xml', '<workbook/>']], true);
const ZIP = zip([['readme.txt', 'hello']]);
const SEVEN_Z = Buffer.concat([Buffer.from('377abcaf271c0004', 'hex'), Buffer.alloc(40, 0)]);
const RAR = Buffer.concat([Buffer.from('526172211a0700', 'hex'), Buffer.alloc(40, 0)]);
/** DER CMS SignedData: SEQUENCE (indefinite length), OID 1.2.840.113549.1.7.2, then content. */
const P7S = Buffer.concat([Buffer.from('3080', 'hex'), Buffer.from('06092a864886f70d010702', 'hex'), Buffer.from('a0803080020101', 'hex'), Buffer.alloc(200, 7)]);
const P7S_LONG = Buffer.concat([Buffer.from('308206a0', 'hex'), Buffer.from('06092a864886f70d010702', 'hex'), Buffer.alloc(200, 7)]);
const P7S_PEM = Buffer.from(`-----BEGIN PKCS7-----\n${P7S.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PKCS7-----\n`);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 1)]);
const ELF = Buffer.concat([Buffer.from('7f454c46', 'hex'), Buffer.alloc(300, 1)]);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Part {
  name: string;
  bytes: Buffer;
  type?: string;
  /** The raw Content-Disposition filename parameters (to send exactly what a hostile client would). */
  rawFilename?: Buffer;
}

/** A multipart body built by hand, so names reach the server byte for byte. */
function multipart(parts: Part[]): { body: Buffer; type: string } {
  const boundary = `----sro${Date.now().toString(16)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const filename = p.rawFilename ?? Buffer.from(`filename="${p.name}"`);
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; `), filename, Buffer.from(`\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`), p.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

async function upload(token: string | undefined, parts: Part[]) {
  const { body, type } = multipart(parts);
  const res = await fetch(`${portal.url}/api/files`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: await res.json() };
}

const stored = async () => ({
  files: await mongoose.connection.db!.collection('files.files').countDocuments(),
  chunks: await mongoose.connection.db!.collection('files.chunks').countDocuments(),
});

describe('uploads', () => {
  it('takes the type from the bytes, not the name or the claimed type, and stores sha256 and size', async () => {
    const a = await signIn(portal.url, 'member@example.org');
    const cases: [Part, string][] = [
      [{ name: 'scan', bytes: PDF, type: 'image/png' }, 'application/pdf'],
      [{ name: 'photo.jpg', bytes: PNG }, 'image/png'],
      [{ name: 'letter.docx', bytes: DOCX }, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [{ name: 'fees.xlsx', bytes: XLSX }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [{ name: 'docs.zip', bytes: ZIP }, 'application/zip'],
      [{ name: 'docs.7z', bytes: SEVEN_Z }, 'application/x-7z-compressed'],
      [{ name: 'docs.rar', bytes: RAR }, 'application/x-rar-compressed'],
      [{ name: 'report.pdf.sig', bytes: P7S }, 'application/pkcs7-signature'],
      [{ name: 'report.p7s', bytes: P7S_LONG }, 'application/pkcs7-signature'],
      [{ name: 'report.pdf.sig', bytes: P7S_PEM }, 'application/pkcs7-signature'],
      [{ name: 'list.csv', bytes: Buffer.from('ИНН;Название\n7701234560;СтройМонтаж\n') }, 'text/csv'],
    ];
    // Two requests: one takes at most 10 files.
    const first = await upload(a.accessToken, cases.slice(0, 6).map(([part]) => part));
    const second = await upload(a.accessToken, cases.slice(6).map(([part]) => part));
    expect([first.status, second.status]).toEqual([201, 201]);
    const res = { body: { items: [...first.body.items, ...second.body.items] } };
    expect(res.body.items.map((i: { mime: string }) => i.mime)).toEqual(cases.map(([, mime]) => mime));
    res.body.items.forEach((item: { name: string; size: number; sha256: string; id: string }, i: number) => {
      // A name without the extension of what the bytes are gets it ("scan" is a PDF: "scan.pdf").
      const expectedName = cases[i][0].name === 'scan' ? 'scan.pdf' : cases[i][0].name === 'photo.jpg' ? 'photo.png' : cases[i][0].name;
      expect(item).toMatchObject({ name: expectedName, size: cases[i][0].bytes.length, sha256: sha256(cases[i][0].bytes) });
      expect(item.id).toMatch(/^[0-9a-f]{24}$/);
    });
    const back = await fetch(`${portal.url}/api/files/${res.body.items[2].id}`, { headers: { authorization: `Bearer ${a.accessToken}` } });
    expect(back.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(back.headers.get('x-content-type-options')).toBe('nosniff');
    expect(sha256(Buffer.from(await back.arrayBuffer()))).toBe(sha256(DOCX));
  });

  it('refuses types off the allow-list with 415 and stores nothing', async () => {
    const a = await signIn(portal.url, 'member@example.org');
    const before = await stored();
    const refused: Part[] = [
      { name: 'report.pdf', bytes: EXE, type: 'application/pdf' },
      { name: 'page.png', bytes: Buffer.from('<html><script>alert(1)</script></html>'), type: 'image/png' },
      { name: 'notes.pdf', bytes: Buffer.from('just text pretending to be a PDF') },
      { name: 'tool.zip', bytes: ELF },
      { name: 'fake.sig', bytes: Buffer.concat([Buffer.from('3080', 'hex'), Buffer.alloc(100, 9)]) },
    ];
    for (const part of refused) {
      const res = await upload(a.accessToken, [part]);
      expect(res.status, part.name).toBe(415);
      expect(res.body.error.code).toBe('unsupported_type');
      expect(res.body.error.message).toContain(part.name);
    }
    // One bad file refuses the whole request: the good one uploaded before it is removed again.
    const mixed = await upload(a.accessToken, [{ name: 'ok.pdf', bytes: PDF }, { name: 'bad.pdf', bytes: EXE }]);
    expect(mixed.status).toBe(415);
    expect(await stored()).toEqual(before);
  });

  it('refuses a file over the limit and more than 10 files with 413, storing nothing', async () => {
    const a = await signIn(portal.url, 'member@example.org');
    const before = await stored();
    const big = await upload(a.accessToken, [{ name: 'big.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(LIMIT, 32)]) }]);
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'payload_too_large' });
    expect(big.body.error.message).toBe('Файл больше 64 КБ');
    const eleven = await upload(a.accessToken, Array.from({ length: 11 }, (_, i) => ({ name: `p${i}.pdf`, bytes: PDF })));
    expect(eleven.status).toBe(413);
    expect(eleven.body.error.code).toBe('payload_too_large');
    expect(await stored()).toEqual(before);
    const justUnder = await upload(a.accessToken, [{ name: 'fits.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(LIMIT - PDF.length, 32)]) }]);
    expect(justUnder.status).toBe(201);
    expect(justUnder.body.items[0].size).toBe(LIMIT);
  });

  it('keeps only a safe base name', async () => {
    const a = await signIn(portal.url, 'member@example.org');
    const names: [Buffer, string][] = [
      [Buffer.from('filename="../../etc/passwd.pdf"'), 'passwd.pdf'],
      [Buffer.from('filename="C:\\\\Users\\\\Иван\\\\скан.pdf"'), 'скан.pdf'],
      [Buffer.from('filename="..\\\\..\\\\boot.ini.pdf"'), 'boot.ini.pdf'],
      [Buffer.from('filename="...hidden.pdf"'), 'hidden.pdf'],
      [Buffer.from("filename*=UTF-8''a%01b%07c%7F%C2%85.pdf"), 'abc.pdf'],
      // A right-to-left override would show "счётexe.pdf" for a name that really ends in .pdf — or the reverse.
      [Buffer.from('filename="счёт\u202Efdp.exe.pdf"'), 'счётfdp.exe.pdf'],
      // A raw UTF-8 name (what browsers send) and an RFC 5987 one both arrive as Cyrillic.
      [Buffer.from('filename="Устав ООО.pdf"'), 'Устав ООО.pdf'],
      [Buffer.from("filename*=UTF-8''%D0%90%D0%BA%D1%82%20%E2%84%96%201.pdf"), 'Акт № 1.pdf'],
      [Buffer.from('filename="<script>:x|y?*.pdf"'), 'scriptxy.pdf'],
    ];
    const items = [];
    for (const [rawFilename] of names) {
      const res = await upload(a.accessToken, [{ name: '', bytes: PDF, rawFilename }]);
      expect(res.status, rawFilename.toString()).toBe(201);
      items.push(res.body.items[0]);
    }
    expect(items.map((i: { name: string }) => i.name)).toEqual(names.map(([, name]) => name));
    // Raw control characters break the part header itself: a 400, never a 500.
    const broken = await upload(a.accessToken, [{ name: '', bytes: PDF, rawFilename: Buffer.from('filename="a\x01b.pdf"') }]);
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('validation_failed');
  });

  it('sends a safe Content-Disposition for any name', async () => {
    const a = await signIn(portal.url, 'member@example.org');
    const name = "Акт «сверки» (копия); 100% O'Neil.pdf";
    const res = await upload(a.accessToken, [{ name: '', bytes: PDF, rawFilename: Buffer.from(`filename*=UTF-8''${encodeURIComponent(name).replace(/[()']/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}`) }]);
    expect(res.body.items[0].name).toBe(name);
    const download = await fetch(`${portal.url}/api/files/${res.body.items[0].id}`, { headers: { authorization: `Bearer ${a.accessToken}` } });
    const header = download.headers.get('content-disposition')!;
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%\-._~]+$/);
    expect(header.split('filename="')[1].split('"')[0]).not.toMatch(/["\\;%]/);
    expect(decodeURIComponent(header.split("UTF-8''")[1])).toBe(name);
  });

  it('lets only those who may see the thread download a file', async () => {
    const a = await signIn(portal.url, 'member@example.org');
    const b = await signIn(portal.url, 'engineer@example.org');
    const expert = await signIn(portal.url, 'expert@example.org');
    const get = (token: string, id: string) => fetch(`${portal.url}/api/files/${id}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

    const own = (await upload(a.accessToken, [{ name: 'mine.pdf', bytes: PDF }])).body.items[0].id;
    expect(await get(a.accessToken, own)).toBe(200); // its uploader, before it is attached
    expect(await get(b.accessToken, own)).toBe(404);
    const thread = (await a.post('/api/threads', { kind: 'general', body: 'С файлом', attachments: [own] })).body;
    expect(thread.id).toBeTruthy();
    expect(await get(expert.accessToken, own)).toBe(200);
    expect(await get(b.accessToken, own)).toBe(404);

    // Staff files: the one in a public reply reaches the member, the one in an internal note does not.
    const [pub, secret] = (await upload(expert.accessToken, [{ name: 'answer.pdf', bytes: PDF }, { name: 'note.pdf', bytes: PDF }])).body.items.map((i: { id: string }) => i.id);
    expect(await get(a.accessToken, pub)).toBe(404); // not attached yet
    const reply = await expert.post(`/api/threads/${thread.id}/messages`, { body: 'Ответ', attachments: [pub], clientMsgId: 'files-reply-1' });
    expect(reply.body.attachments).toEqual([expect.objectContaining({ id: pub, name: 'answer.pdf', mime: 'application/pdf' })]);
    await expert.post(`/api/threads/${thread.id}/messages`, { body: 'Заметка', attachments: [secret], clientMsgId: 'files-note-1', internal: true });
    expect(await get(a.accessToken, pub)).toBe(200);
    expect(await get(a.accessToken, secret)).toBe(404);
    expect(await get(b.accessToken, pub)).toBe(404);
    expect(await get(a.accessToken, 'not-an-id')).toBe(404);

    // Nobody attaches a file they did not upload, or one already in another thread, or more than 10.
    const steal = await b.post('/api/threads', { kind: 'general', body: 'чужой файл', attachments: [own] });
    expect(steal.status).toBe(400);
    expect(steal.body.error.fields.attachments).toBeTruthy();
    const again = await a.post('/api/threads', { kind: 'general', body: 'тот же файл', attachments: [own] });
    expect(again.status).toBe(400);
    const many = await a.post(`/api/threads/${thread.id}/messages`, { body: 'x', clientMsgId: 'files-many-1', attachments: Array(11).fill(own) });
    expect(many.status).toBe(400);
    expect(many.body.error.code).toBe('validation_failed');
  });

  it('refuses anonymous uploads before storing a byte', async () => {
    const before = await stored();
    const res = await upload(undefined, [{ name: 'x.pdf', bytes: PDF }]);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    expect(await stored()).toEqual(before);
  });
});
