import express from 'express';
import { z } from 'zod';
import { objectIdSchema } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { requireSroId } from '../core/tenancy';
import { audit } from '../audit/audit.service';
import { Sro } from '../sros/sro.model';
import { clearSroCache } from '../sros/sro.service';
import { currentSro } from '../sros/current-sro';
import { loadThreadFor } from '../threads';
import { issueExtract, issueInstantly, verifyExtract, verifyExtractFile } from './extracts.service';

// API.md "Registry extract, signed": staff issue; anyone verifies (a code from the QR, or the PDF itself).

const MAX_PDF_BYTES = 20 * 1024 * 1024;
const rawPdf = express.raw({ type: () => true, limit: MAX_PDF_BYTES });
const codeParams = z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Некорректный код выписки') });

function pdfBody(body: unknown): Buffer {
  if (!Buffer.isBuffer(body) || !body.length) throw errors.validation({ file: 'Приложите PDF выписки (тело запроса — файл)' });
  if (body.subarray(0, 5).toString('latin1') !== '%PDF-') throw errors.validation({ file: 'Это не PDF-файл' });
  return body;
}

function extractRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/threads/:id/extract', access: 'staff', status: 201, params: z.object({ id: objectIdSchema }),
      handler: async ({ user, params }) => issueExtract(ctx, user, (await loadThreadFor(user, params.id))._id),
    }),
    route({ method: 'get', path: '/verify/:code', access: 'public', params: codeParams, handler: ({ params }) => verifyExtract(params.code) }),
    route({ method: 'post', path: '/verify/:code', access: 'public', params: codeParams, middleware: [rawPdf], handler: ({ req, params }) => verifyExtract(params.code, pdfBody(req.body)) }),
    route({ method: 'post', path: '/verify', access: 'public', middleware: [rawPdf], handler: ({ req }) => verifyExtractFile(pdfBody(req.body)) }),
    route({ method: 'get', path: '/admin/settings/extracts', access: 'staff', handler: async () => ({ instant: !!(await currentSro()).settings?.instantExtracts }) }),
    route({
      method: 'put', path: '/admin/settings/extracts', access: 'admin', body: z.object({ instant: z.boolean('Укажите true или false') }),
      handler: async ({ user, body }) => {
        await Sro.updateOne({ _id: requireSroId('extract settings') }, { $set: { 'settings.instantExtracts': body.instant } });
        clearSroCache();
        await audit({ action: 'settings.extracts', actorId: user.id, actorRole: user.role, details: body });
        return { instant: body.instant };
      },
    }),
  ];
}

/** Instant electronic extracts: a request that arrives (or a draft that is sent) is answered at once. */
function listen(ctx: ModuleContext): void {
  const instant = (thread: Parameters<typeof issueInstantly>[1]) => issueInstantly(ctx, thread).catch((err) => ctx.logger.error({ err, threadId: String(thread._id) }, 'instant extract failed'));
  ctx.events.on('thread.created', ({ thread }) => instant(thread));
  ctx.events.on('thread.updated', ({ thread, previous }) => (previous?.status === 'draft' ? instant(thread) : undefined));
}

export const extractsModule: PortalModule = { name: 'extracts', routes: extractRoutes, listen };
