import { Types } from 'mongoose';
import { z } from 'zod';
import { registryQuerySchema } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { Member, type MemberFields } from '../members/member.model';
import { findMembersPage } from '../members/member.query';
import { OPEN_PROJECTION, presentOpenPart, presentPublicCard } from '../members/member.presenter';

// The public registry (no sign-in): the open part only. The closed part is never loaded (OPEN_PROJECTION,
// and `closed` is select:false in the model), never searched (searchTerms hold name/INN/OGRN/number only)
// and never presented (whitelist presenters).

const LIST_PROJECTION = { kind: 1, name: 1, shortName: 1, inn: 1, ogrn: 1, regNumber: 1, regDate: 1, status: 1 } as const;

function registryRoutes(): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/registry', access: 'public', query: registryQuerySchema,
      handler: async ({ query }) => {
        const { docs, nextCursor } = await findMembersPage(query, LIST_PROJECTION);
        return { items: docs.map(presentOpenPart), nextCursor };
      },
    }),
    route({
      method: 'get', path: '/registry/:id', access: 'public', params: z.object({ id: z.string().max(100) }),
      handler: async ({ params }) => {
        const member = Types.ObjectId.isValid(params.id) ? await Member.findById(params.id, OPEN_PROJECTION).lean<MemberFields>() : null;
        if (!member) throw errors.notFound('В реестре нет такой записи');
        return presentPublicCard(member);
      },
    }),
  ];
}

export const registryModule: PortalModule = { name: 'registry', routes: registryRoutes };
