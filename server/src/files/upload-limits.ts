import type { Request, RequestHandler, Response } from 'express';
import { Types } from 'mongoose';
import { MAX_FILES_PER_UPLOAD } from '@sro/shared';
import { errors } from '../core/errors';
import { runWithTenant } from '../core/tenancy';
import type { ModuleContext } from '../core/module';
import { Sro } from '../sros/sro.model';
import { FileRecord } from './file.model';
import { bucket } from './gridfs-storage';

// What one user can make the server hold: a request is refused before its body is read when its declared size
// is over the limit, and its connection is closed once the answer is out (not drained to the end); a user's
// uploads that were never attached count against a quota, in flight included; and they are removed after a day.

const MULTIPART_OVERHEAD = 1024 * 1024;
const UNATTACHED_TTL_MS = 24 * 3600_000;
const SWEEP_EVERY_MS = 3600_000;

export const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} МБ` : `${Math.round(n / 1024)} КБ`);

/** Bytes each user is uploading right now, on this process (parallel uploads must not slip past the quota). */
const inFlight = new Map<string, number>();

async function unattachedBytes(userId: string): Promise<number> {
  const [row] = await FileRecord.aggregate<{ total: number }>([
    { $match: { ownerId: new Types.ObjectId(userId), threadId: null, library: { $ne: true }, heldBy: { $exists: false } } },
    { $group: { _id: null, total: { $sum: '$size' } } },
  ]);
  return row?.total ?? 0;
}

/** After a refusal, the rest of the body is not worth reading: close the connection once the answer is sent. */
export function closeAfterAnswer(req: Request, res: Response): void {
  res.setHeader('Connection', 'close');
  res.once('finish', () => {
    if (req.complete) return;
    req.socket.end();
    setTimeout(() => req.socket.destroy(), 500).unref();
  });
}

export function uploadGuard(ctx: ModuleContext): RequestHandler {
  const maxRequest = ctx.config.maxFileBytes * MAX_FILES_PER_UPLOAD + MULTIPART_OVERHEAD;
  const quota = ctx.config.uploadQuotaBytes;
  return async (req, res, next) => {
    if (!req.user) {
      closeAfterAnswer(req, res);
      return next(errors.unauthenticated());
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxRequest) {
      closeAfterAnswer(req, res);
      return next(errors.payloadTooLarge(`Слишком большая загрузка: не больше ${MAX_FILES_PER_UPLOAD} файлов по ${formatBytes(ctx.config.maxFileBytes)}`));
    }
    const userId = req.user!.id;
    const incoming = Number.isFinite(declared) ? declared : ctx.config.maxFileBytes;
    const pending = inFlight.get(userId) ?? 0;
    inFlight.set(userId, pending + incoming);
    const release = () => {
      const left = (inFlight.get(userId) ?? incoming) - incoming;
      if (left > 0) inFlight.set(userId, left);
      else inFlight.delete(userId);
    };
    res.once('close', release);
    try {
      if ((await unattachedBytes(userId)) + pending + incoming > quota) {
        closeAfterAnswer(req, res);
        return next(errors.payloadTooLarge(`Загруженные, но не отправленные файлы занимают больше ${formatBytes(quota)}: отправьте их с обращением или подождите — неотправленные файлы удаляются через сутки`));
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Removes uploads never attached to anything, older than a day: their records and their bytes. */
export async function removeStaleUploads(now = Date.now()): Promise<number> {
  let removed = 0;
  for (const sro of await Sro.find({}, { _id: 1 }).lean()) {
    removed += await runWithTenant(String(sro._id), async () => {
      const stale = await FileRecord.find({ threadId: null, library: { $ne: true }, heldBy: { $exists: false }, createdAt: { $lt: new Date(now - UNATTACHED_TTL_MS) } }, { gridId: 1 }).limit(5000).lean();
      for (const file of stale) await bucket().delete(file.gridId).catch(() => undefined);
      if (stale.length) await FileRecord.deleteMany({ _id: { $in: stale.map((f) => f._id) }, threadId: null, library: { $ne: true }, heldBy: { $exists: false } });
      return stale.length;
    });
  }
  return removed;
}

export function scheduleStaleUploadSweep(ctx: ModuleContext): void {
  const timer = setInterval(() => void removeStaleUploads().catch((err) => ctx.logger.error({ err }, 'stale upload sweep failed')), SWEEP_EVERY_MS);
  timer.unref();
}
