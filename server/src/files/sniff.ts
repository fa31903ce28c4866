import { fileTypeFromBuffer } from 'file-type';
import { ALLOWED_MIME_TYPES } from '@sro/shared';

// The type of an upload comes from its bytes, never from its name or the browser's claim.

/** OID 1.2.840.113549.1.7.2 (CMS SignedData), DER-encoded with its tag and length. */
const SIGNED_DATA_OID = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);

/**
 * A detached CMS signature (.sig/.p7s, as CryptoPro and others write it): an outer SEQUENCE (0x30) with an
 * indefinite (0x80) or long-form (0x81–0x84) length, then the SignedData OID among the first bytes.
 */
function isDerSignature(head: Buffer): boolean {
  return head[0] === 0x30 && (head[1] === 0x80 || (head[1] >= 0x81 && head[1] <= 0x84)) && head.subarray(0, 32).includes(SIGNED_DATA_OID);
}

/** The same signature saved as Base64 or PEM ("-----BEGIN PKCS7-----"), which CryptoPro offers as an option. */
function isBase64Signature(head: Buffer): boolean {
  const text = head.toString('latin1').replace(/-----BEGIN [A-Z0-9 ]+-----/, '').trimStart();
  const b64 = text.slice(0, 64).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]{16,}/.test(b64)) return false;
  return isDerSignature(Buffer.from(b64.slice(0, b64.length - (b64.length % 4)), 'base64'));
}

/** Text only by name (csv, xml, txt) and only when the bytes are text: no NUL, valid UTF-8 or single-byte. */
function looksLikeText(head: Buffer, name: string): string | null {
  if (head.includes(0)) return null;
  if (/\.csv$/i.test(name)) return 'text/csv';
  if (/\.xml$/i.test(name)) return 'application/xml';
  if (/\.txt$/i.test(name)) return 'text/plain';
  return null;
}

/** The sniffed MIME type when it is on the allow-list, otherwise null. */
export async function sniffAllowedType(head: Buffer, name: string): Promise<string | null> {
  if (isDerSignature(head)) return 'application/pkcs7-signature';
  if (/\.(sig|p7s)$/i.test(name) && isBase64Signature(head)) return 'application/pkcs7-signature';
  const detected = await fileTypeFromBuffer(head);
  const mime = detected?.mime ?? looksLikeText(head, name);
  return mime && (ALLOWED_MIME_TYPES as readonly string[]).includes(mime) ? mime : null;
}

// Control characters, characters Windows refuses in names, and the bidirectional overrides that make
// "invoice\u202Efdp.exe" display as "invoiceexe.pdf".
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f<>:"|?*\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

const MAX_NAME = 200;

/** Splits "name.ext" (an extension is 1–5 letters or digits); "archive.tar.gz" keeps ".gz" as its extension. */
function splitExtension(name: string): [string, string] {
  const m = name.match(/^(.+)\.([A-Za-z0-9]{1,5})$/);
  return m ? [m[1], m[2]] : [name, ''];
}

/** Cuts the base, never the extension, so a long name still opens with the right program. */
function fitName(base: string, ext: string): string {
  const room = MAX_NAME - (ext ? ext.length + 1 : 0);
  const cut = base.slice(0, room).trim().replace(/[.\s]+$/, '') || 'file';
  return ext ? `${cut}.${ext}` : cut;
}

/** Keeps the base name only, without control characters or path tricks; never empty, at most 200 characters. */
export function sanitizeFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(UNSAFE_CHARS, '').replace(/^[.\s]+/, '').replace(/[.\s]+$/, '').trim();
  return fitName(...splitExtension(clean || 'file'));
}

/** The extensions each accepted type may carry; the first is the one given to a file whose name lies. */
const EXTENSIONS: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/tiff': ['tif', 'tiff'],
  'image/bmp': ['bmp'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/x-cfb': ['doc', 'xls', 'ppt', 'msg', 'vsd'],
  'application/rtf': ['rtf'],
  'application/zip': ['zip'],
  'application/x-7z-compressed': ['7z'],
  'application/x-rar-compressed': ['rar'],
  'application/vnd.rar': ['rar'],
  'application/gzip': ['gz', 'tgz'],
  'application/pkcs7-signature': ['sig', 'p7s', 'sgn'],
  'text/plain': ['txt'],
  'text/csv': ['csv'],
  'application/xml': ['xml'],
};

/**
 * The stored name carries the extension of what the bytes are: a PDF named "act.html" or "act.exe" is kept as
 * "act.pdf", so a download never opens in the wrong (or an executing) program.
 */
export function nameForType(name: string, mime: string): string {
  const allowed = EXTENSIONS[mime];
  if (!allowed) return name;
  const [base, ext] = splitExtension(name);
  if (allowed.includes(ext.toLowerCase())) return name;
  return fitName(base, allowed[0]);
}
