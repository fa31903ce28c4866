import multer from 'multer';
import { z } from 'zod';
import type { RequestHandler } from 'express';
import { MAX_FILES_PER_UPLOAD } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { bucket, gridFsStorage, type StoredUpload, type UploadRequest } from './gridfs-storage';
import { loadFileFor, recordUploads } from './files.service';
import { closeAfterAnswer, formatBytes, scheduleStaleUploadSweep, uploadGuard } from './upload-limits';

/** RFC 5987 attr-chars only: encodeURIComponent leaves ' ( ) * ! unescaped, which a header parser may misread. */
const rfc5987 = (value: string) => encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** RFC 6266/5987: an ASCII fallback plus the UTF-8 name, so Cyrillic names survive and nothing is injected. */
export function contentDisposition(name: string, inline = false): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${rfc5987(name)}`;
}

const MALFORMED_MULTIPART = /Malformed|Unexpected end of (form|multipart)|Boundary not found|Multipart/i;

export function uploadMiddleware(ctx: ModuleContext): RequestHandler {
  const upload = multer({
    storage: gridFsStorage(),
    // Browsers send UTF-8 names without declaring a charset; multer's default would read them as latin1.
    defParamCharset: 'utf8',
    limits: { fileSize: ctx.config.maxFileBytes, files: MAX_FILES_PER_UPLOAD, fields: 10, parts: MAX_FILES_PER_UPLOAD + 10 },
  }).array('file', MAX_FILES_PER_UPLOAD);
  return (req, res, next) => {
    // Sign-in is checked before a single byte is stored.
    if (!req.user) return next(errors.unauthenticated());
    if (!req.is('multipart/form-data')) return next(errors.validation({ file: 'Ожидается multipart/form-data с полем file' }));
    let answered = false;
    const tooLarge = () => errors.payloadTooLarge(`Файл больше ${formatBytes(ctx.config.maxFileBytes)}`);
    // Over a limit: answer now and close the connection instead of reading the rest of the body.
    (req as UploadRequest).refuseUpload = () => {
      if (answered) return;
      answered = true;
      closeAfterAnswer(req, res);
      next(tooLarge());
    };
    upload(req, res, (err: unknown) => {
      if (answered) return;
      answered = true;
      const { code, field } = (err ?? {}) as { code?: string; field?: string };
      if (err) closeAfterAnswer(req, res);
      // An 11th file in `file` is "too many"; a file in any other field is a malformed request.
      if (code === 'LIMIT_UNEXPECTED_FILE') return next(field === 'file' ? errors.payloadTooLarge(`Не больше ${MAX_FILES_PER_UPLOAD} файлов за раз`) : errors.validation({ file: 'Файлы передаются в поле file' }));
      if (code === 'LIMIT_FILE_COUNT') return next(errors.payloadTooLarge(`Не больше ${MAX_FILES_PER_UPLOAD} файлов за раз`));
      if (code === 'LIMIT_FILE_SIZE') return next(tooLarge());
      // busboy's complaints about a broken body are the client's fault, not a 500.
      if (err instanceof Error && MALFORMED_MULTIPART.test(err.message)) return next(errors.validation({ file: 'Некорректная загрузка: повторите попытку' }));
      next(err);
    });
  };
}

function filesRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/files', access: 'authenticated', status: 201, middleware: [uploadGuard(ctx), uploadMiddleware(ctx)],
      handler: async ({ req, user }) => {
        const uploads = (req.files ?? []) as unknown as StoredUpload[];
        if (!uploads.length) throw errors.validation({ file: 'Выберите хотя бы один файл' });
        // `signsFileId`: this upload is the detached signature of a file uploaded earlier.
        const signsFileId = typeof req.body?.signsFileId === 'string' && req.body.signsFileId ? req.body.signsFileId : undefined;
        return { items: await recordUploads(user, uploads, signsFileId) };
      },
    }),
    route({
      method: 'get', path: '/files/:id', access: 'authenticated', params: z.object({ id: z.string() }),
      handler: async ({ params, user, res, req }) => {
        const file = await loadFileFor(user, params.id);
        res.setHeader('Content-Type', file.mime);
        res.setHeader('Content-Length', String(file.size));
        res.setHeader('Content-Disposition', contentDisposition(file.name, req.query.inline === '1' && file.mime === 'application/pdf'));
        res.setHeader('X-Content-Type-Options', 'nosniff');
        await new Promise<void>((resolve, reject) => {
          bucket().openDownloadStream(file.gridId).once('error', reject).pipe(res).once('finish', resolve);
        });
        return undefined;
      },
    }),
  ];
}

export const filesModule: PortalModule = { name: 'files', routes: filesRoutes, listen: scheduleStaleUploadSweep };
