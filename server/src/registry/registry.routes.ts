import { Types } from 'mongoose';
import { z } from 'zod';
import { MEMBER_STATUSES } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { Member, type MemberFields } from '../members/member.model';
import { prefixSearchConditions } from '../members/member.search';
import { presentOpenPart, presentOwnCard } from '../members/member.presenter';

const OPEN_FIELDS = { kind: 1, name: 1, shortName: 1, inn: 1, ogrn: 1, regNumber: 1, regDate: 1, status: 1 } as const;

const registryQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
  cursor: z.string().regex(/^[0-9a-f]{24}$/, 'Некорректный курсор').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

function registryRoutes(): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/members/me', access: 'member',
      handler: async ({ user }) => {
        const member = await Member.findById(user.memberId).lean<MemberFields>();
        if (!member) throw errors.notFound('Член СРО не найден');
        return presentOwnCard(member as Parameters<typeof presentOwnCard>[0]);
      },
    }),
    // Public, no sign-in: the open part only, searched by indexed word prefixes (name, INN, number).
    route({
      method: 'get', path: '/registry', access: 'public', query: registryQuery,
      handler: async ({ query }) => {
        const filter: Record<string, unknown> = {};
        const and: Record<string, unknown>[] = [];
        if (query.status) filter.status = query.status;
        if (query.q) and.push(...prefixSearchConditions(query.q));
        if (query.cursor) and.push({ _id: { $gt: new Types.ObjectId(query.cursor) } });
        if (and.length) filter.$and = and;
        const docs = await Member.find(filter, OPEN_FIELDS).sort({ _id: 1 }).limit(query.limit + 1).lean<MemberFields[]>();
        const page = docs.slice(0, query.limit);
        return { items: page.map(presentOpenPart), nextCursor: docs.length > query.limit ? String(page.at(-1)!._id) : null };
      },
    }),
    route({
      method: 'get', path: '/registry/:id', access: 'public', params: z.object({ id: z.string() }),
      handler: async ({ params }) => {
        const member = Types.ObjectId.isValid(params.id) ? await Member.findById(params.id, OPEN_FIELDS).lean<MemberFields>() : null;
        if (!member) throw errors.notFound('В реестре нет такой записи');
        return presentOpenPart(member);
      },
    }),
  ];
}

export const registryModule: PortalModule = { name: 'registry', routes: registryRoutes };
