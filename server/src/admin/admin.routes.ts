import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { createMemberSchema, emailSchema, inviteUserSchema, objectIdSchema } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { audit } from '../audit/audit.service';
import { Member, type MemberFields } from '../members/member.model';
import { memberSearchText } from '../members/member.search';
import { User, type UserFields } from '../users/user.model';
import { inviteUser, sendInvitation } from '../users/invite.service';
import { presentUser } from '../users/user.presenter';
import { revokeAllSessions } from '../auth/auth.service';

// Staff management of members' users and of staff accounts (issue 4 "Access").

const idParams = z.object({ id: objectIdSchema });
const userParams = z.object({ id: objectIdSchema, userId: objectIdSchema });

function presentCreatedMember(member: MemberFields) {
  return { id: String(member._id), name: member.name, inn: member.inn, kind: member.kind, regNumber: member.regNumber, status: member.status };
}

async function setBlocked(userId: string, blocked: boolean, actorId: string, onlyStaff: boolean) {
  const user = await User.findById(userId).lean<UserFields>();
  if (!user || (onlyStaff && user.role === 'member')) throw errors.notFound('Пользователь не найден');
  if (String(user._id) === actorId) throw errors.conflict('Нельзя заблокировать самого себя');
  const status = blocked ? 'blocked' : user.passwordHash ? 'active' : 'invited';
  await User.updateOne({ _id: userId }, { $set: { status } });
  if (blocked) await revokeAllSessions(userId);
  await audit({ action: blocked ? 'user.blocked' : 'user.unblocked', actorId, entity: 'user', entityId: userId });
  return presentUser({ ...user, status });
}

function adminRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/admin/members', access: 'staff', body: createMemberSchema.passthrough(), status: 201,
      handler: async ({ body, user }) => {
        if (await Member.exists({ inn: body.inn })) throw errors.conflict('Член СРО с таким ИНН уже есть в реестре');
        const { email, ...fields } = body;
        const member = (await Member.create({ ...fields, email, searchText: memberSearchText(fields) })).toObject() as unknown as MemberFields;
        await audit({ action: 'member.created', actorId: user.id, entity: 'member', entityId: String(member._id), details: { inn: body.inn } });
        if (email) await inviteUser(ctx, { email, role: 'member', memberId: String(member._id), actorId: user.id });
        return presentCreatedMember(member);
      },
    }),
    route({
      method: 'get', path: '/admin/members/:id/users', access: 'staff', params: idParams,
      handler: async ({ params }) => {
        const users = await User.find({ memberId: params.id }).sort({ createdAt: 1 }).lean<UserFields[]>();
        return { items: users.map(presentUser) };
      },
    }),
    route({
      method: 'post', path: '/admin/members/:id/users', access: 'staff', params: idParams, body: inviteUserSchema.extend({ name: z.string().trim().max(200).optional() }), status: 201,
      handler: async ({ params, body, user }) => {
        if (!(await Member.exists({ _id: params.id }))) throw errors.notFound('Член СРО не найден');
        const invited = await inviteUser(ctx, { email: body.email, name: body.name, role: 'member', memberId: params.id, actorId: user.id });
        return presentUser(invited);
      },
    }),
    route({
      method: 'post', path: '/admin/users/:userId/invitation', access: 'staff', params: z.object({ userId: objectIdSchema }),
      handler: async ({ params }) => {
        const invited = await User.findOne({ _id: params.userId, status: 'invited' }).lean<UserFields>();
        if (!invited) throw errors.notFound('Нет приглашённого пользователя с таким идентификатором');
        await sendInvitation(ctx, invited);
        return { ok: true };
      },
    }),
    route({
      method: 'post', path: '/admin/members/:id/users/:userId/block', access: 'staff', params: userParams,
      handler: ({ params, user }) => setBlocked(params.userId, true, user.id, false),
    }),
    route({
      method: 'post', path: '/admin/members/:id/users/:userId/unblock', access: 'staff', params: userParams,
      handler: ({ params, user }) => setBlocked(params.userId, false, user.id, false),
    }),
    route({
      method: 'get', path: '/admin/staff', access: 'admin',
      handler: async () => ({ items: (await User.find({ role: { $in: ['expert', 'admin'] } }).sort({ email: 1 }).lean<UserFields[]>()).map(presentUser) }),
    }),
    route({
      method: 'post', path: '/admin/staff', access: 'admin', status: 201,
      body: z.object({ email: emailSchema, name: z.string().trim().min(2, 'Укажите имя').max(200), role: z.enum(['expert', 'admin']) }),
      handler: async ({ body, user }) => presentUser(await inviteUser(ctx, { ...body, actorId: user.id })),
    }),
    route({
      method: 'post', path: '/admin/staff/:id/block', access: 'admin', params: idParams,
      handler: ({ params, user }) => setBlocked(params.id, true, user.id, true),
    }),
    route({
      method: 'post', path: '/admin/staff/:id/unblock', access: 'admin', params: idParams,
      handler: ({ params, user }) => setBlocked(params.id, false, user.id, true),
    }),
    route({
      method: 'get', path: '/admin/outbox', access: 'admin',
      handler: async () => {
        // Development outbox (no SMTP_URL): the newest 50 letters, so invitations can be followed locally.
        const dir = path.join(ctx.config.dataDir, 'outbox');
        const files = (await readdir(dir).catch(() => [] as string[])).sort().reverse().slice(0, 50);
        const items = await Promise.all(files.map(async (file) => ({ file, raw: await readFile(path.join(dir, file), 'utf8') })));
        return { items, smtp: !!ctx.config.smtpUrl };
      },
    }),
  ];
}

export const adminModule: PortalModule = { name: 'admin', routes: adminRoutes };
