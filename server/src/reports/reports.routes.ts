import { z } from 'zod';
import { annualSectionsSchema, objectIdSchema, reportRemarkSchema, reportSectionKeySchema, saveReportSectionSchema } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { audit } from '../audit/audit.service';
import { requestMeta } from '../auth/request-meta';
import { FileRecord } from '../files/file.model';
import { annualReportOf, annualReportOverview, saveSection, sendRemark } from './annual-report.service';
import { annualReportDueDay, annualReportSections, saveAnnualReportSettings } from './annual-report.settings';

// API.md "Annual activity report".

const yearParam = z.coerce.number('Год — число').int().min(2000, 'Год — от 2000').max(2100, 'Год — до 2100');

function reportRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({ method: 'get', path: '/admin/reports/annual/sections', access: 'staff', handler: async () => ({ sections: await annualReportSections(), dueDay: await annualReportDueDay() }) }),
    route({
      // API.md: staff configure the report (the SRO's experts who run the annual control, and admins).
      method: 'put', path: '/admin/reports/annual/sections', access: 'staff', body: annualSectionsSchema,
      handler: async ({ user, body }) => {
        // A template is a file of the library, which every member may download.
        const templates = body.sections.map((s) => s.templateFileId).filter((id): id is string => !!id);
        if (templates.length && (await FileRecord.countDocuments({ _id: { $in: templates }, library: true })) !== new Set(templates).size) {
          throw errors.validation({ sections: 'Шаблон раздела — файл из библиотеки документов' });
        }
        await saveAnnualReportSettings(body);
        await audit({ action: 'settings.annual_report', actorId: user.id, actorRole: user.role, details: { sections: body.sections.map((s) => s.key), dueDay: body.dueDay } });
        return { sections: await annualReportSections(), dueDay: await annualReportDueDay() };
      },
    }),
    route({
      method: 'get', path: '/reports/annual/:year', access: 'member', params: z.object({ year: yearParam }),
      handler: ({ user, params }) => annualReportOf(user, params.year),
    }),
    route({
      method: 'put', path: '/reports/annual/:year/sections/:key', access: 'member', params: z.object({ year: yearParam, key: reportSectionKeySchema }), body: saveReportSectionSchema,
      handler: ({ req, user, params, body }) => saveSection(ctx.events, user, params.year, params.key, body, requestMeta(req)),
    }),
    route({
      method: 'get', path: '/admin/reports/annual/:year', access: 'staff', params: z.object({ year: yearParam }),
      query: z.object({ cursor: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      handler: ({ params, query }) => annualReportOverview(params.year, query.cursor, query.limit),
    }),
    route({
      method: 'post', path: '/admin/reports/annual/:year/members/:memberId/sections/:key/remarks', access: 'staff',
      params: z.object({ year: yearParam, memberId: objectIdSchema, key: reportSectionKeySchema }), body: reportRemarkSchema,
      handler: async ({ user, params, body }) => {
        await sendRemark(ctx.events, user, params.year, params.memberId, params.key, body.text);
        return { ok: true };
      },
    }),
  ];
}

export const reportsModule: PortalModule = { name: 'reports', routes: reportRoutes };
