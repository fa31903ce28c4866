import path from 'node:path';
import { z } from 'zod';
import { STAFF_ROLES, createMemberSchema, createStaffSchema, inviteUserSchema, memberUserParamsSchema, objectIdSchema, type Role, type UserDto } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { Member } from '../members/member.model';
import { User, type UserFields } from '../users/user.model';
import { inviteUser, sendInvitation } from '../users/invite.service';
import { setBlocked } from '../users/user-admin.service';
import { presentUser } from '../users/user.presenter';
import { listOutbox, readOutboxLetter } from '../mail/outbox';
import { createMember } from './member-create.service';

// Staff management of members' users and of staff accounts (issue 4 "Access"). Editing the registry card
// itself belongs to the registry domain (members.routes).

const idParams = z.object({ id: objectIdSchema });
const userIdParams = z.object({ userId: objectIdSchema });

function memberUserRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/admin/members', access: 'staff', body: createMemberSchema, status: 201,
      handler: ({ body, user }) => createMember(ctx, body, user),
    }),
    route({
      method: 'get', path: '/admin/members/:id/users', access: 'staff', params: idParams,
      handler: async ({ params }) => {
        const member = await Member.findById(params.id, { primaryUserId: 1 }).lean<{ primaryUserId?: unknown }>();
        if (!member) throw errors.notFound('Член СРО не найден');
        const users = await User.find({ memberId: params.id, role: 'member' }).sort({ createdAt: 1, _id: 1 }).limit(200).lean<UserFields[]>();
        const primary = String(member.primaryUserId ?? '');
        return { items: users.map((u): UserDto & { primary: boolean } => ({ ...presentUser(u), primary: String(u._id) === primary })) };
      },
    }),
    route({
      method: 'post', path: '/admin/members/:id/users', access: 'staff', params: idParams, body: inviteUserSchema, status: 201,
      handler: async ({ params, body, user }) => {
        if (!(await Member.exists({ _id: params.id }))) throw errors.notFound('Член СРО не найден');
        return presentUser(await inviteUser(ctx, { ...body, role: 'member', memberId: params.id, actorId: user.id }));
      },
    }),
    route({
      method: 'post', path: '/admin/members/:id/users/:userId/block', access: 'staff', params: memberUserParamsSchema,
      handler: ({ params, user }) => setBlocked(ctx, user, params.userId, { memberId: params.id }, true),
    }),
    route({
      method: 'post', path: '/admin/members/:id/users/:userId/unblock', access: 'staff', params: memberUserParamsSchema,
      handler: ({ params, user }) => setBlocked(ctx, user, params.userId, { memberId: params.id }, false),
    }),
    route({
      method: 'post', path: '/admin/users/:userId/invitation', access: 'staff', params: userIdParams,
      handler: async ({ params, user }) => {
        // Experts re-send members' invitations; only an admin re-sends a staff account's.
        const roles: Role[] = user.role === 'admin' ? ['member', ...STAFF_ROLES] : ['member'];
        const invited = await User.findOne({ _id: params.userId, status: 'invited', role: { $in: roles } }).lean<UserFields>();
        if (!invited) throw errors.notFound('Нет приглашённого пользователя с таким идентификатором');
        await sendInvitation(ctx, invited);
        return { ok: true };
      },
    }),
  ];
}

function staffRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/admin/staff', access: 'admin',
      handler: async () => ({ items: (await User.find({ role: { $in: [...STAFF_ROLES] } }).sort({ email: 1 }).limit(500).lean<UserFields[]>()).map(presentUser) }),
    }),
    route({
      method: 'post', path: '/admin/staff', access: 'admin', status: 201, body: createStaffSchema,
      handler: async ({ body, user }) => presentUser(await inviteUser(ctx, { ...body, actorId: user.id })),
    }),
    route({
      method: 'post', path: '/admin/staff/:id/block', access: 'admin', params: idParams,
      handler: ({ params, user }) => setBlocked(ctx, user, params.id, { staff: true }, true),
    }),
    route({
      method: 'post', path: '/admin/staff/:id/unblock', access: 'admin', params: idParams,
      handler: ({ params, user }) => setBlocked(ctx, user, params.id, { staff: true }, false),
    }),
  ];
}

/** The development outbox: letters written to DATA_DIR/outbox when there is no SMTP_URL. */
function outboxRoutes(ctx: ModuleContext): RouteSpec[] {
  const dir = path.join(ctx.config.dataDir, 'outbox');
  const available = () => {
    // The outbox exists for a development machine without SMTP only: with SMTP the letters (and their one-time
    // links) are in their addressees' mailboxes and nowhere else.
    if (ctx.config.nodeEnv === 'production') throw errors.notFound('Локальный почтовый ящик доступен только при разработке');
    if (ctx.config.smtpUrl) throw errors.notFound('Почта уходит через SMTP: локального почтового ящика нет');
  };
  return [
    route({
      method: 'get', path: '/admin/outbox', access: 'admin',
      handler: async ({ sroId }) => {
        available();
        return { items: await listOutbox(dir, sroId), smtp: false, notice: 'Только для машины разработчика без SMTP: письма, в том числе ссылки приглашений, хранятся здесь, а не уходят адресатам' };
      },
    }),
    route({
      method: 'get', path: '/admin/outbox/:letterId', access: 'admin', params: z.object({ letterId: z.string().max(200) }),
      handler: async ({ sroId, params }) => {
        available();
        const letter = await readOutboxLetter(dir, sroId, params.letterId);
        if (!letter) throw errors.notFound('Письмо не найдено');
        return letter;
      },
    }),
  ];
}

function adminRoutes(ctx: ModuleContext): RouteSpec[] {
  return [...memberUserRoutes(ctx), ...staffRoutes(ctx), ...outboxRoutes(ctx)];
}

export const adminModule: PortalModule = { name: 'admin', routes: adminRoutes };
