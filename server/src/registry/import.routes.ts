import express from 'express';
import { z } from 'zod';
import { objectIdSchema, type ImportJobDto, type ImportReportDto } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { runWithTenant } from '../core/tenancy';
import type { AuthUser } from '../auth/tokens';
import { ImportJob } from './import-job.model';
import { runImport, type ImportOptions } from './import.service';

const MAX_CSV_BYTES = 20 * 1024 * 1024;

const importQuery = z.object({
  dryRun: z.enum(['0', '1']).default('1'),
  invite: z.enum(['0', '1']).default('0'),
  fileName: z.string().max(200).optional(),
});

/** Runs after the answer; a failure is recorded on the job (and logged), never thrown into the void. */
function startInBackground(ctx: ModuleContext, sroId: string, user: AuthUser, bytes: Buffer, opts: ImportOptions): void {
  void runWithTenant(sroId, async () => {
    try {
      const report = await runImport(ctx, user, bytes, opts);
      await ImportJob.updateOne({ _id: opts.jobId }, { $set: { status: 'done', report, processed: report.total } });
    } catch (err) {
      ctx.logger.error({ err, jobId: opts.jobId }, 'registry import failed');
      await ImportJob.updateOne({ _id: opts.jobId }, { $set: { status: 'failed', error: 'Импорт прервался: файл не удалось обработать' } }).catch(() => undefined);
    }
  });
}

function importRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    // The CSV is the request body (text/csv, any encoding). The answer is a job: poll it for progress and the report.
    route({
      method: 'post', path: '/admin/registry-import', access: 'staff', status: 202, query: importQuery,
      middleware: [express.raw({ type: () => true, limit: MAX_CSV_BYTES })],
      handler: async ({ req, query, user, sroId }) => {
        const bytes = req.body as Buffer;
        if (!Buffer.isBuffer(bytes) || !bytes.length) throw errors.validation({ file: 'Пришлите CSV-файл в теле запроса' });
        const dryRun = query.dryRun === '1';
        const job = await ImportJob.create({ dryRun, fileName: query.fileName, createdBy: user.id });
        startInBackground(ctx, sroId, user, bytes, { dryRun, invite: query.invite === '1', jobId: String(job._id) });
        return { jobId: String(job._id), status: 'running', dryRun };
      },
    }),
    route({
      method: 'get', path: '/admin/registry-import/:id', access: 'staff', params: z.object({ id: objectIdSchema }),
      handler: async ({ params }): Promise<ImportJobDto> => {
        const job = await ImportJob.findById(params.id).lean();
        if (!job) throw errors.notFound('Импорт не найден');
        return {
          jobId: String(job._id), status: job.status as ImportJobDto['status'], dryRun: job.dryRun, total: job.total, processed: job.processed,
          report: (job.report as ImportReportDto | undefined) ?? null, error: job.error ?? undefined,
        };
      },
    }),
  ];
}

export const importModule: PortalModule = { name: 'registry-import', routes: importRoutes };
