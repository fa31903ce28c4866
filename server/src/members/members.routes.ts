import { scheduleSearchReindex } from './search-reindex.migration';
import { z } from 'zod';
import { adminMembersQuerySchema, objectIdSchema, registryPatchSchema, rejectChangeSchema, type RegistryChange } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { displayName } from '../users/display-name';
import { Member, type MemberFields } from './member.model';
import { presentFullCard, presentOpenPart } from './member.presenter';
import { findMembersPage } from './member.query';
import { applyRegistryChanges, loadMemberForChange, memberHistory } from './registry.service';
import { applyChange, changeDiff, rejectChange } from './registry-change.service';

const idParams = z.object({ id: objectIdSchema });
const threadParams = z.object({ threadId: objectIdSchema });

/** The member's own card ("Реестр → Сведения о члене"): open and closed parts, grouped, with history. */
function ownCardRoutes(): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/members/me', access: 'member',
      handler: async ({ user }) => presentFullCard(await loadMemberForChange(user.memberId!)),
    }),
    route({
      method: 'get', path: '/members/me/history', access: 'member',
      handler: async ({ user }) => ({ items: await memberHistory(user.memberId!, user) }),
    }),
  ];
}

/** Staff: the list, the full card with history, and direct edits (validated, in history and audit). */
function staffRoutes(): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/admin/members', access: 'staff', query: adminMembersQuerySchema,
      handler: async ({ query }) => {
        const { docs, nextCursor } = await findMembersPage(query, { kind: 1, name: 1, shortName: 1, inn: 1, ogrn: 1, regNumber: 1, regDate: 1, status: 1, email: 1, phone: 1, rightToWork: 1 });
        return { items: docs.map((m: MemberFields) => ({ ...presentOpenPart(m), email: m.email, phone: m.phone, rightToWork: m.rightToWork ?? null })), nextCursor };
      },
    }),
    route({
      method: 'get', path: '/admin/members/:id', access: 'staff', params: idParams,
      handler: async ({ params, user }) => ({ ...presentFullCard(await loadMemberForChange(params.id)), history: await memberHistory(params.id, user) }),
    }),
    route({
      method: 'patch', path: '/admin/members/:id', access: 'staff', params: idParams, body: registryPatchSchema,
      handler: async ({ params, body, user }) => {
        if (!(await Member.exists({ _id: params.id }))) throw errors.notFound('Член СРО не найден');
        const actor = { id: user.id, name: await displayName(user.id), role: user.role };
        const { member, diff } = await applyRegistryChanges(params.id, body.changes as RegistryChange[], actor, 'staff');
        return { ...presentFullCard(member), changed: diff };
      },
    }),
  ];
}

/** A member's reported change: its diff against the registry; staff apply or reject it in one action. */
function changeRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/registry-changes/:threadId', access: 'authenticated', params: threadParams,
      handler: ({ params, user }) => changeDiff(user, params.threadId),
    }),
    route({
      method: 'post', path: '/registry-changes/:threadId/apply', access: 'staff', params: threadParams,
      handler: ({ params, user }) => applyChange(ctx, user, params.threadId),
    }),
    route({
      method: 'post', path: '/registry-changes/:threadId/reject', access: 'staff', params: threadParams, body: rejectChangeSchema,
      handler: ({ params, body, user }) => rejectChange(ctx, user, params.threadId, body.reason),
    }),
  ];
}

export const membersModule: PortalModule = {
  name: 'members',
  routes: (ctx) => [...ownCardRoutes(), ...staffRoutes(), ...changeRoutes(ctx)],
  listen: scheduleSearchReindex,
};
