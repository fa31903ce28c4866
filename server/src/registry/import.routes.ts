import express from 'express';
import { z } from 'zod';
import { objectIdSchema } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { runWithTenant } from '../core/tenancy';
import { ImportJob } from './import-job.model';
import { runImport } from './import.service';

const MAX_CSV_BYTES = 20 * 1024 * 1024;

function importRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    // The CSV is the request body (text/csv). The answer is a job: poll it for progress and the report.
    route({
      method: 'post', path: '/admin/registry-import', access: 'staff', status: 202,
      middleware: [express.raw({ type: () => true, limit: MAX_CSV_BYTES })],
      query: z.object({ dryRun: z.enum(['0', '1']).default('1'), invite: z.enum(['0', '1']).default('0'), fileName: z.string().max(200).optional() }),
      handler: async ({ req, query, user, sroId }) => {
        const bytes = req.body as Buffer;
        if (!Buffer.isBuffer(bytes) || !bytes.length) throw errors.validation({ file: 'Пришлите CSV-файл в теле запроса' });
        const dryRun = query.dryRun === '1';
        const job = await ImportJob.create({ dryRun, fileName: query.fileName, createdBy: user.id });
        const jobId = String(job._id);
        // Runs after the answer; a failure is recorded on the job, never thrown into the void.
        void runWithTenant(sroId, async () => {
          try {
            const report = await runImport(ctx, user, bytes, { dryRun, invite: query.invite === '1', jobId });
            await ImportJob.updateOne({ _id: jobId }, { $set: { status: 'done', report, processed: report.total } });
          } catch (err) {
            ctx.logger.error({ err, jobId }, 'registry import failed');
            await ImportJob.updateOne({ _id: jobId }, { $set: { status: 'failed', error: (err as Error).message } });
          }
        });
        return { jobId, status: 'running', dryRun };
      },
    }),
    route({
      method: 'get', path: '/admin/registry-import/:id', access: 'staff', params: z.object({ id: objectIdSchema }),
      handler: async ({ params }) => {
        const job = await ImportJob.findById(params.id).lean();
        if (!job) throw errors.notFound('Импорт не найден');
        return { jobId: String(job._id), status: job.status, dryRun: job.dryRun, total: job.total, processed: job.processed, report: job.report ?? null, error: job.error };
      },
    }),
  ];
}

export const importModule: PortalModule = { name: 'registry-import', routes: importRoutes };
