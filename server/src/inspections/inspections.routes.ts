import { z } from 'zod';
import { inspectionPatchSchema, inspectionSchema, inspectionsQuerySchema, objectIdSchema, type InspectionDto, type InspectionInput } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { fromDay, periodFilter, toDay, toDayOrUndefined } from '../core/dates';
import { audit } from '../audit/audit.service';
import { requireMember } from '../members/member-scope';
import { notifyMemberUsers } from '../notifications/member-notices';
import { Inspection, type InspectionFields } from './inspection.model';
import { Member } from '../members/member.model';
import { toCsv } from '../core/csv';
import { chunks } from '../core/batches';
import { afterCursor, decodeCursor, encodeCursor, toPage } from '../core/cursor';

// Inspections (API.md "Inspections"): staff keep the plan and results; the member follows its own.

export const presentInspection = (i: InspectionFields): InspectionDto => ({
  id: String(i._id), memberId: String(i.memberId), type: i.type, status: i.status, startDate: toDay(i.startDate), endDate: toDayOrUndefined(i.endDate),
  subject: i.subject, recommendations: i.recommendations, result: i.result,
  violations: (i.violations ?? []).map((v) => ({ description: v.description, deadline: toDayOrUndefined(v.deadline), resolvedAt: toDayOrUndefined(v.resolvedAt), resolved: !!v.resolvedAt })),
});

/** Form values (YYYY-MM-DD) to stored dates; only the fields given (a PATCH changes what it names). */
function toStored(input: Partial<InspectionInput>): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...input };
  if (input.startDate) doc.startDate = fromDay(input.startDate);
  if (input.endDate) doc.endDate = fromDay(input.endDate);
  if (input.violations) doc.violations = input.violations.map((v) => ({ description: v.description, deadline: v.deadline ? fromDay(v.deadline) : undefined, resolvedAt: v.resolvedAt ? fromDay(v.resolvedAt) : undefined }));
  return doc;
}

const TYPE_WORDS = { planned: 'плановая', unplanned: 'внеплановая' } as const;

/** Names and INNs of the members of a page, in index-backed batches (core/batches). */
async function memberNames(ids: unknown[]): Promise<Map<string, { name: string; inn: string }>> {
  const unique = [...new Set(ids.map(String))];
  const names = new Map<string, { name: string; inn: string }>();
  for (const batch of chunks(unique)) {
    const found = await Member.find({ _id: { $in: batch } }, { name: 1, inn: 1 }).lean<{ _id: unknown; name: string; inn: string }[]>();
    for (const m of found) names.set(String(m._id), m);
  }
  return names;
}

function inspectionsRoutes(ctx: ModuleContext): RouteSpec[] {
  // Newest first, a page at a time (keyset on startDate, _id).
  const list = async (memberId: string, q: z.infer<typeof inspectionsQuerySchema>) => {
    if (q.cursor && !decodeCursor(q.cursor)) throw errors.validation({ cursor: 'Некорректный курсор: начните список сначала' });
    const filter: Record<string, unknown> = { memberId, ...periodFilter('startDate', q.year, q.month) };
    if (q.type) filter.type = q.type;
    if (q.status) filter.status = q.status;
    const after = afterCursor(q.cursor, 'startDate');
    const docs = await Inspection.find(Object.keys(after).length ? { $and: [filter, after] } : filter).sort({ startDate: -1, _id: -1 }).limit(q.limit + 1).lean<InspectionFields[]>();
    const { page, nextCursor } = toPage(docs, q.limit, (i) => i.startDate);
    return { items: page.map(presentInspection), nextCursor };
  };
  return [
    route({
      method: 'get', path: '/inspections', access: 'member', query: inspectionsQuerySchema,
      handler: ({ user, query }) => list(user.memberId!, query),
    }),
    route({
      method: 'get', path: '/admin/members/:id/inspections', access: 'staff', params: z.object({ id: objectIdSchema }), query: inspectionsQuerySchema,
      handler: async ({ params, query }) => list(String((await requireMember(params.id))._id), query),
    }),
    route({
      method: 'post', path: '/admin/members/:id/inspections', access: 'staff', params: z.object({ id: objectIdSchema }), body: inspectionSchema, status: 201,
      handler: async ({ user, params, body }) => {
        const member = await requireMember(params.id);
        const created = (await Inspection.create({ ...toStored(body), memberId: member._id })).toObject() as unknown as InspectionFields;
        await audit({ action: 'inspection.created', actorId: user.id, actorRole: user.role, entity: 'inspection', entityId: String(created._id), details: { memberId: params.id, type: body.type, startDate: body.startDate } });
        if (body.status === 'planned') {
          await notifyMemberUsers(ctx, member._id, { kind: 'inspection', title: `Вы включены в план проверок: ${TYPE_WORDS[body.type]} проверка с ${body.startDate}`, body: body.subject, link: '/inspections' });
        }
        return presentInspection(created);
      },
    }),
    route({
      // The inspection plan across members (staff): by year, type and status, as JSON or CSV for the board.
      method: 'get', path: '/admin/inspections', access: 'staff', query: inspectionsQuerySchema.extend({ format: z.enum(['json', 'csv']).default('json') }),
      handler: async ({ query, res }) => {
        const filter: Record<string, unknown> = { ...periodFilter('startDate', query.year, query.month) };
        if (query.type) filter.type = query.type;
        if (query.status) filter.status = query.status;
        // JSON pages by cursor (startDate, _id ascending: the plan in date order); CSV is the whole plan for Excel.
        const csv = query.format === 'csv';
        const after = decodeCursor(query.cursor);
        if (query.cursor && !after) throw errors.validation({ cursor: 'Некорректный курсор: начните список сначала' });
        const paged = after ? { $and: [filter, { $or: [{ startDate: { $gt: after.at } }, { startDate: after.at, _id: { $gt: after.id } }] }] } : filter;
        const docs = await Inspection.find(csv ? filter : paged).sort({ startDate: 1, _id: 1 }).limit(csv ? 20_000 : query.limit + 1).lean<InspectionFields[]>();
        const items = csv ? docs : docs.slice(0, query.limit);
        const names = await memberNames(items.map((i) => i.memberId));
        const rows = items.map((i) => ({ ...presentInspection(i), memberName: names.get(String(i.memberId))?.name ?? '', inn: names.get(String(i.memberId))?.inn ?? '' }));
        const last = items.at(-1);
        if (!csv) return { items: rows, nextCursor: docs.length > query.limit && last ? encodeCursor(last.startDate, last._id) : null };
        res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="inspections.csv"');
        res.send(toCsv(['Начало', 'Окончание', 'ИНН', 'Член СРО', 'Вид', 'Статус', 'Предмет', 'Нарушений не устранено'],
          rows.map((r) => [r.startDate, r.endDate ?? '', r.inn, r.memberName, TYPE_WORDS[r.type], r.status, r.subject ?? '', r.violations.filter((v) => !v.resolved).length])));
        return undefined;
      },
    }),
    route({
      method: 'patch', path: '/admin/inspections/:id', access: 'staff', params: z.object({ id: objectIdSchema }), body: inspectionPatchSchema,
      handler: async ({ user, params, body }) => {
        const updated = await Inspection.findOneAndUpdate({ _id: params.id }, { $set: toStored(body) }, { returnDocument: 'after' }).lean<InspectionFields>();
        if (!updated) throw errors.notFound('Проверка не найдена');
        await audit({ action: 'inspection.updated', actorId: user.id, actorRole: user.role, entity: 'inspection', entityId: params.id, details: { fields: Object.keys(body) } });
        return presentInspection(updated);
      },
    }),
  ];
}

export const inspectionsModule: PortalModule = { name: 'inspections', routes: inspectionsRoutes };
