import { z } from 'zod';
import { contractSchema, objectIdSchema, type ContractDto, type ContractsResponse } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { PortalModule } from '../core/module';
import { fromDay, toDay } from '../core/dates';
import { audit } from '../audit/audit.service';
import { requireMember } from '../members/member-scope';
import { Contract, type ContractFields } from './contract.model';
import { odoSummary } from './odo';
import { odoLimitsOfSro } from '../sros/finance-settings';

// Contracts and the КФ ОДО headroom (API.md "Contracts and the КФ ОДО headroom").

export const presentContract = (c: ContractFields): ContractDto => ({
  id: String(c._id), number: c.number, customer: c.customer, subject: c.subject, price: c.price, signedAt: toDay(c.signedAt), status: c.status, completedAmount: c.completedAmount ?? 0,
});

async function contractsOf(memberId: string): Promise<ContractsResponse> {
  const member = await requireMember(memberId);
  const contracts = await Contract.find({ memberId: member._id }).sort({ signedAt: -1, _id: -1 }).limit(2000).lean<ContractFields[]>();
  return { items: contracts.map(presentContract), odo: odoSummary(member.responsibility?.levelOdo, contracts, await odoLimitsOfSro()) };
}

function contractsRoutes(): RouteSpec[] {
  return [
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
