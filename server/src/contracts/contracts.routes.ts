import { z } from 'zod';
import { contractSchema, objectIdSchema, type ContractsResponse } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { fromDay } from '../core/dates';
import { audit } from '../audit/audit.service';
import { requireMember } from '../members/member-scope';
import { Contract, type ContractFields } from './contract.model';
import { presentContract } from './contract.presenter';
import { applyOdoControl } from './odo-control.service';
import { odoSummary } from './odo';
import { odoLimitsOfSro } from '../sros/finance-settings';

// Contracts and the КФ ОДО headroom (API.md "Contracts and the КФ ОДО headroom").


async function contractsOf(memberId: string): Promise<ContractsResponse> {
  const member = await requireMember(memberId);
  const contracts = await Contract.find({ memberId: member._id }).sort({ signedAt: -1, _id: -1 }).limit(2000).lean<ContractFields[]>();
  return { items: contracts.map(presentContract), odo: odoSummary(member.responsibility?.levelOdo, contracts, await odoLimitsOfSro()) };
}

function contractsRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/odo-control/:threadId/apply', access: 'staff', params: z.object({ threadId: objectIdSchema }),
      handler: ({ user, params }) => applyOdoControl(ctx, user, params.threadId),
    }),
    route({ method: 'get', path: '/contracts', access: 'member', handler: ({ user }) => contractsOf(user.memberId!) }),
    route({
      method: 'get', path: '/admin/members/:id/contracts', access: 'staff', params: z.object({ id: objectIdSchema }),
      handler: ({ params }) => contractsOf(params.id),
    }),
    route({
      method: 'post', path: '/admin/members/:id/contracts', access: 'staff', params: z.object({ id: objectIdSchema }), body: contractSchema, status: 201,
      handler: async ({ user, params, body }) => {
        const member = await requireMember(params.id);
        const created = (await Contract.create({ ...body, signedAt: fromDay(body.signedAt), memberId: member._id })).toObject() as unknown as ContractFields;
        await audit({ action: 'contract.created', actorId: user.id, actorRole: user.role, entity: 'member', entityId: params.id, details: { number: body.number, price: body.price } });
        return presentContract(created);
      },
    }),
  ];
}

export const contractsModule: PortalModule = { name: 'contracts', routes: contractsRoutes };
