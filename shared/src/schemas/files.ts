// Upload limits and the allow-list of types (sniffed from the bytes on the server).

export const MAX_FILE_BYTES = 25 * 1024 * 1024;
/** The one limit on files at once: per upload, per message and per form (documents of a change, of a record). */
export const MAX_FILES_PER_UPLOAD = 10;

export const ALLOWED_MIME_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'image/bmp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/x-cfb',
  'application/rtf',
  'application/zip',
  'application/x-7z-compressed',
  'application/x-rar-compressed',
  'application/vnd.rar',
  'application/gzip',
  'application/pkcs7-signature',
  'text/plain',
  'text/csv',
  'application/xml',
] as const;

/**
 * A stored file as every payload shows it: an upload's answer, a message's attachment. A detached signature
 * file carries who signed and whether it matches the file it signs.
 */
export interface FileDto {
  id: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  signature?: import('./signatures').FileSignatureDto;
}
export type UploadedFileDto = FileDto;
