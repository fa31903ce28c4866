import { z } from 'zod';
import { fieldErrors, libraryCategorySchema, libraryUploadFieldsSchema, objectIdSchema, type LibraryItemDto } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { audit } from '../audit/audit.service';
import { FileRecord, type FileFields } from '../files/file.model';
import { uploadMiddleware } from '../files/files.routes';
import { uploadGuard } from '../files/upload-limits';
import { bucket, type StoredUpload } from '../files/gridfs-storage';
import { LibraryItem, type LibraryItemFields } from './library-item.model';

// API.md "Files library": staff publish documents and templates; everyone signed in lists and downloads them.

function present(item: LibraryItemFields, file: FileFields | undefined): LibraryItemDto {
  return { id: String(item._id), title: item.title, category: item.category, fileId: String(item.fileId), name: file?.name ?? '', size: file?.size ?? 0, mime: file?.mime ?? '', createdAt: item.createdAt.toISOString() };
}

async function removeUploads(uploads: StoredUpload[]): Promise<void> {
  for (const u of uploads) await bucket().delete(u.gridId).catch(() => undefined);
}

function libraryRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/admin/library', access: 'staff', status: 201, middleware: [uploadGuard(ctx), uploadMiddleware(ctx)],
      handler: async ({ req, user }) => {
        const uploads = (req.files ?? []) as unknown as StoredUpload[];
        const fields = libraryUploadFieldsSchema.safeParse(req.body ?? {});
        if (!fields.success || uploads.length !== 1) {
          await removeUploads(uploads);
          if (!fields.success) throw errors.validation(fieldErrors(fields.error));
          throw errors.validation({ file: 'Приложите один файл' });
        }
        const [u] = uploads;
        const file = await FileRecord.create({ gridId: u.gridId, name: u.name, size: u.size, mime: u.mime, sha256: u.sha256, ownerId: user.id, library: true });
        const item = await LibraryItem.create({ title: fields.data.title, category: fields.data.category, fileId: file._id, uploadedBy: user.id });
        await audit({ action: 'library.added', actorId: user.id, actorRole: user.role, entity: 'library', entityId: String(item._id), details: { title: item.title, category: item.category } });
        return present(item.toObject() as unknown as LibraryItemFields, file.toObject() as unknown as FileFields);
      },
    }),
    route({
      method: 'get', path: '/library', access: 'authenticated', query: z.object({ category: libraryCategorySchema.optional() }),
      handler: async ({ query }) => {
        const items = await LibraryItem.find(query.category ? { category: query.category } : {}).sort({ category: 1, createdAt: -1 }).limit(1000).lean<LibraryItemFields[]>();
        const files = await FileRecord.find({ _id: { $in: items.map((i) => i.fileId) } }).lean<FileFields[]>();
        const byId = new Map(files.map((f) => [String(f._id), f]));
        return { items: items.map((i) => present(i, byId.get(String(i.fileId)))) };
      },
    }),
    route({
      method: 'delete', path: '/admin/library/:id', access: 'staff', params: z.object({ id: objectIdSchema }),
      handler: async ({ user, params }) => {
        const item = await LibraryItem.findOneAndDelete({ _id: params.id }).lean<LibraryItemFields>();
        if (!item) throw errors.notFound('Документ не найден');
        // The file stays readable: a report section may still name it as its template, old links keep working.
        await audit({ action: 'library.removed', actorId: user.id, actorRole: user.role, entity: 'library', entityId: params.id, details: { title: item.title } });
        return { ok: true };
      },
    }),
  ];
}

export const libraryModule: PortalModule = { name: 'library', routes: libraryRoutes };
