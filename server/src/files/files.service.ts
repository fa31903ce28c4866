import { Types } from 'mongoose';
import { isStaffRole, type AttachmentDto, type UploadedFileDto } from '@sro/shared';
import { errors } from '../core/errors';
import type { AuthUser } from '../auth/tokens';
import { Thread } from '../threads/thread.model';
import { FileRecord, type FileFields } from './file.model';
import type { StoredUpload } from './gridfs-storage';

export const presentFile = (f: FileFields): UploadedFileDto => ({ id: String(f._id), name: f.name, size: f.size, mime: f.mime, sha256: f.sha256 });

export async function recordUploads(user: AuthUser, uploads: StoredUpload[]): Promise<UploadedFileDto[]> {
  const docs = await FileRecord.insertMany(
    uploads.map((u) => ({ gridId: u.gridId, name: u.name, size: u.size, mime: u.mime, sha256: u.sha256, ownerId: user.id, memberId: user.memberId })),
  );
  return docs.map((d) => presentFile(d.toObject() as unknown as FileFields));
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
  const usable = files.filter((f) => !f.threadId || String(f.threadId) === String(threadId));
  if (usable.length !== new Set(fileIds).size) throw errors.validation({ attachments: 'Файл не найден или уже прикреплён к другому обращению' });
  await FileRecord.updateMany({ _id: { $in: usable.map((f) => f._id) } }, { $set: { threadId, memberId, internal } });
  return usable.map(presentFile);
}

/** A file is readable by its uploader, by staff, and by the member of its thread unless it is internal. */
export async function loadFileFor(user: AuthUser, fileId: string): Promise<FileFields> {
  if (!Types.ObjectId.isValid(fileId)) throw errors.notFound('Файл не найден');
  const file = await FileRecord.findById(fileId).lean<FileFields>();
  if (!file) throw errors.notFound('Файл не найден');
  if (String(file.ownerId) === user.id || isStaffRole(user.role)) return file;
  if (file.threadId && !file.internal && user.memberId) {
    const visible = await Thread.exists({ _id: file.threadId, memberId: user.memberId });
    if (visible) return file;
  }
  throw errors.notFound('Файл не найден');
}
