import { Schema, model, type Types } from 'mongoose';
import { z } from 'zod';
import { objectIdSchema, specialistSchema, type SpecialistDto } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { PortalModule } from '../core/module';
import { tenancyPlugin } from '../core/tenancy';
import { fromDay, toDayOrUndefined, today } from '../core/dates';
import { audit } from '../audit/audit.service';
import { requireMember } from '../members/member-scope';

// НРС specialists (API.md "НРС specialists"): the member's specialists in the national register, and whether
// their qualification assessment (НОК) is older than five years.

const specialistModelSchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    fullName: { type: String, required: true },
    nrsNumber: { type: String, required: true },
    position: { type: String },
    nokDate: { type: Date },
  },
  { timestamps: true },
);
specialistModelSchema.plugin(tenancyPlugin);
specialistModelSchema.index({ sroId: 1, memberId: 1, fullName: 1 });

interface SpecialistFields { _id: Types.ObjectId; memberId: Types.ObjectId; fullName: string; nrsNumber: string; position?: string; nokDate?: Date }
export const Specialist = model('Specialist', specialistModelSchema, 'specialists');

const NOK_VALID_YEARS = 5;

/** A НОК certificate older than five years no longer counts (ГрК ст. 55.5-1). */
export function nokExpired(nokDate: Date | undefined, now = new Date()): boolean {
  if (!nokDate) return false;
  const limit = today(now);
  limit.setUTCFullYear(limit.getUTCFullYear() - NOK_VALID_YEARS);
  return nokDate < limit;
}

const present = (s: SpecialistFields): SpecialistDto => ({ id: String(s._id), fullName: s.fullName, nrsNumber: s.nrsNumber, position: s.position, nokDate: toDayOrUndefined(s.nokDate), nokExpired: nokExpired(s.nokDate) });

const listOf = async (memberId: string) => ({ items: (await Specialist.find({ memberId }).sort({ fullName: 1, _id: 1 }).limit(2000).lean<SpecialistFields[]>()).map(present) });

function specialistsRoutes(): RouteSpec[] {
  return [
    route({ method: 'get', path: '/specialists', access: 'member', handler: ({ user }) => listOf(user.memberId!) }),
    route({
      method: 'get', path: '/admin/members/:id/specialists', access: 'staff', params: z.object({ id: objectIdSchema }),
      handler: async ({ params }) => listOf(String((await requireMember(params.id))._id)),
    }),
    route({
      method: 'post', path: '/admin/members/:id/specialists', access: 'staff', params: z.object({ id: objectIdSchema }), body: specialistSchema, status: 201,
      handler: async ({ user, params, body }) => {
        const member = await requireMember(params.id);
        const created = (await Specialist.create({ ...body, nokDate: body.nokDate ? fromDay(body.nokDate) : undefined, memberId: member._id })).toObject() as unknown as SpecialistFields;
        await audit({ action: 'specialist.created', actorId: user.id, actorRole: user.role, entity: 'member', entityId: params.id, details: { nrsNumber: body.nrsNumber } });
        return present(created);
      },
    }),
  ];
}

export const specialistsModule: PortalModule = { name: 'specialists', routes: specialistsRoutes };
