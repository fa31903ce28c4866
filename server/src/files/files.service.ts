import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { isStaffRole, type AttachmentDto, type UploadedFileDto } from '@sro/shared';
import { errors } from '../core/errors';
import type { AuthUser } from '../auth/tokens';
import { FileRecord, type FileFields } from './file.model';
import { bucket, type StoredUpload } from './gridfs-storage';
import { presentSignature, processSignatures } from '../signatures/file-signatures';

export const presentFile = (f: FileFields): UploadedFileDto => ({
  id: String(f._id), name: f.name, size: f.size, mime: f.mime, sha256: f.sha256,
  ...(f.signature ? { signature: presentSignature(f.signature) } : {}),
});

/**
 * Records a request's uploads. Signature files among them are parsed and checked against the file they sign:
 * one uploaded with them, or `signsFileId` (a file the user may read).
 */
export async function recordUploads(user: AuthUser, uploads: StoredUpload[], signsFileId?: string): Promise<UploadedFileDto[]> {
  const signed = signsFileId ? await loadFileFor(user, signsFileId) : undefined;
  const docs = await FileRecord.insertMany(
    uploads.map((u) => ({ gridId: u.gridId, name: u.name, size: u.size, mime: u.mime, sha256: u.sha256, ownerId: user.id, memberId: user.memberId })),
  );
  const files = await processSignatures(docs.map((d) => d.toObject() as unknown as FileFields), signed);
  return files.map(presentFile);
}

/**
 * Every file id a typed form cites (`documents[].fileId` of a registry change, and any later form): a form may
 * only cite the sender's own uploads, exactly like attachments, so it is checked and attached with them.
 */
export function formFileIds(form: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'fileId' && typeof inner === 'string') found.push(inner);
      else walk(inner);
    }
  };
  walk(form);
  return found;
}

/** Refuses (400, before anything is stored) file ids that are not the user's own uploads still free to attach. */
export async function assertOwnFiles(user: AuthUser, fileIds: string[], threadId?: Types.ObjectId): Promise<void> {
  const ids = [...new Set(fileIds)];
  if (!ids.length) return;
  if (!ids.every((id) => Types.ObjectId.isValid(id))) throw errors.validation({ attachments: 'Некорректный идентификатор файла' });
  const files = await FileRecord.find({ _id: { $in: ids }, ownerId: user.id }, { threadId: 1 }).lean<Pick<FileFields, '_id' | 'threadId'>[]>();
  const usable = files.filter((f) => !f.threadId || (threadId && String(f.threadId) === String(threadId)));
  if (usable.length !== ids.length) throw errors.validation({ attachments: 'Файл не найден или уже прикреплён к другому обращению' });
}

/**
 * Attaches uploaded files to a message of a thread. Only files the user uploaded (and not yet attached
 * elsewhere) may be attached: nobody can attach, and so reveal, someone else's file.
 */
export async function attachFiles(user: AuthUser, threadId: Types.ObjectId, memberId: Types.ObjectId, fileIds: string[], internal: boolean): Promise<AttachmentDto[]> {
  if (!fileIds.length) return [];
  const files = await FileRecord.find({ _id: { $in: fileIds }, ownerId: user.id }).lean<FileFields[]>();
  // In the order the sender gave them (the message lists them so).
  const order = new Map(fileIds.map((id, i) => [String(id), i]));
  const usable = files.filter((f) => !f.threadId || String(f.threadId) === String(threadId)).sort((a, b) => order.get(String(a._id))! - order.get(String(b._id))!);
  if (usable.length !== new Set(fileIds).size) throw errors.validation({ attachments: 'Файл не найден или уже прикреплён к другому обращению' });
  await FileRecord.updateMany({ _id: { $in: usable.map((f) => f._id) }, }, { $set: { threadId, memberId, internal }, $unset: { heldBy: 1 } });
  // A signature attached with the file it signs is checked against it, and the message shows the outcome.
  return (await processSignatures(usable)).map(presentFile);
}

/** A file is readable by its uploader, by staff, and by the member of its thread unless it is internal. */
export async function loadFileFor(user: AuthUser, fileId: string): Promise<FileFields> {
  if (!Types.ObjectId.isValid(fileId)) throw errors.notFound('Файл не найден');
  const file = await FileRecord.findById(fileId).lean<FileFields>();
  if (!file) throw errors.notFound('Файл не найден');
  if (String(file.ownerId) === user.id || isStaffRole(user.role) || file.library) return file;
  // Attaching stamps the thread's member on the file (attachFiles, storeGeneratedFile), so no thread lookup.
  if (file.threadId && !file.internal && user.memberId && String(file.memberId) === user.memberId) return file;
  throw errors.notFound('Файл не найден');
}

/** A file the portal made itself (an extract, its signature, a signature sheet), stored like an upload. */
export async function storeGeneratedFile(input: { ownerId: string | Types.ObjectId; name: string; mime: string; content: Buffer; threadId?: Types.ObjectId; memberId?: Types.ObjectId; internal?: boolean }): Promise<FileFields> {
  const gridId = await new Promise<Types.ObjectId>((resolve, reject) => {
    const upload = bucket().openUploadStream(input.name, { metadata: { mime: input.mime } });
    upload.once('error', reject).once('finish', () => resolve(upload.id as Types.ObjectId));
    upload.end(input.content);
  });
  const doc = await FileRecord.create({
    gridId, name: input.name, size: input.content.length, mime: input.mime, sha256: createHash('sha256').update(input.content).digest('hex'),
    ownerId: input.ownerId, memberId: input.memberId, threadId: input.threadId ?? null, internal: !!input.internal,
  });
  return doc.toObject() as unknown as FileFields;
}

