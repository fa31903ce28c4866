import { fileTypeFromBuffer } from 'file-type';
import { ALLOWED_MIME_TYPES } from '@sro/shared';

// The type of an upload comes from its bytes, never from its name or the browser's claim.

/** DER-encoded CMS SignedData (.sig/.p7s): SEQUENCE, then OID 1.2.840.113549.1.7.2 near the start. */
const SIGNED_DATA_OID = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);

function isDetachedSignature(head: Buffer): boolean {
  return head[0] === 0x30 && head.subarray(0, 32).includes(SIGNED_DATA_OID);
}

function looksLikeText(head: Buffer, name: string): string | null {
  if (head.includes(0)) return null;
  if (/\.csv$/i.test(name)) return 'text/csv';
  if (/\.xml$/i.test(name)) return 'application/xml';
  if (/\.txt$/i.test(name)) return 'text/plain';
  return null;
}

/** The sniffed MIME type when it is on the allow-list, otherwise null. */
export async function sniffAllowedType(head: Buffer, name: string): Promise<string | null> {
  if (isDetachedSignature(head)) return 'application/pkcs7-signature';
  const detected = await fileTypeFromBuffer(head);
  const mime = detected?.mime ?? looksLikeText(head, name);
  return mime && (ALLOWED_MIME_TYPES as readonly string[]).includes(mime) ? mime : null;
}

/** Keeps the base name only, without control characters or path tricks; never empty. */
export function sanitizeFileName(raw: string): string {
  // Browsers send UTF-8 names that multer reads as latin1.
  const decoded = Buffer.from(raw, 'latin1').toString('utf8');
  const base = decoded.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/^\.+/, '').trim().slice(0, 200);
  return clean || 'file';
}
