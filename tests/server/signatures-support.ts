import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// openssl as the outside party: it makes the member's certificate and signature, and checks the SRO's.

export const workDir = () => mkdtempSync(path.join(tmpdir(), 'sro-sig-'));

/** A self-signed certificate with Russian attributes (ИНН, СНИЛС), as a CA would issue to a person. */
export function makeCertificate(dir: string, subject = '/CN=Иванов Иван Иванович/O=ООО «СтройМонтаж»/1.2.643.3.131.1.1=500100732259/1.2.643.100.3=12345678901'): { key: string; cert: string } {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', subject, '-utf8'], { stdio: 'ignore' });
  return { key, cert };
}

/** `openssl cms -sign` of a file: a detached DER signature, as CryptoPro's .sig. */
export function signFile(dir: string, content: Buffer, who: { key: string; cert: string }): Buffer {
  const input = path.join(dir, `content-${Date.now()}`);
  const out = `${input}.p7s`;
  writeFileSync(input, content);
  execFileSync('openssl', ['cms', '-sign', '-binary', '-in', input, '-signer', who.cert, '-inkey', who.key, '-outform', 'DER', '-out', out], { stdio: 'ignore' });
  return readFileSync(out);
}

/** `openssl cms -verify … -noverify`: true when the detached signature verifies over the content. */
export function opensslVerifies(dir: string, content: Buffer, signature: Buffer): boolean {
  const c = path.join(dir, `verify-${Date.now()}-${Math.random()}.pdf`);
  writeFileSync(c, content);
  writeFileSync(`${c}.p7s`, signature);
  try {
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-content', c, '-in', `${c}.p7s`, '-noverify', '-out', '/dev/null'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function makePkcs12(dir: string, who: { key: string; cert: string }, password: string): string {
  const out = path.join(dir, 'sro.p12');
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', who.key, '-in', who.cert, '-out', out, '-passout', `pass:${password}`], { stdio: 'ignore' });
  return out;
}

/** The text of a PDF, as a reader would copy it (pdf.js, which reads the embedded font's ToUnicode map). */
export async function pdfText(pdf: Buffer): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return pages.join('\n').replace(/\s+/g, ' ');
}

export async function uploadFiles(url: string, token: string, files: { name: string; bytes: Buffer }[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)]), f.name);
  const res = await fetch(`${url}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

export async function download(url: string, token: string, fileId: string): Promise<Buffer> {
  const res = await fetch(`${url}/api/files/${fileId}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`download ${fileId}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}
