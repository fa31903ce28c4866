import { z } from 'zod';
import { OPEN_STATUSES, cannedReplySchema, noticeBroadcastSchema, objectIdSchema, type CannedReplyDto } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { audit } from '../audit/audit.service';
import { Member, type MemberFields } from '../members/member.model';
import { presentOwnCard } from '../members/member.presenter';
import { Thread, presentThread, type ThreadFields } from '../threads';
import { CannedReply, type CannedReplyFields } from './canned-reply.model';
import { broadcastNotice } from './notices.service';
import { scheduleDueReminders } from './due-reminders';

const idParams = z.object({ id: objectIdSchema });
const present = (c: CannedReplyFields): CannedReplyDto => ({ id: String(c._id), title: c.title, body: c.body });

function inboxRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/canned-replies', access: 'staff',
      handler: async () => ({ items: (await CannedReply.find().sort({ title: 1 }).lean<CannedReplyFields[]>()).map(present) }),
    }),
    route({
      method: 'post', path: '/canned-replies', access: 'staff', body: cannedReplySchema, status: 201,
      handler: async ({ body, user }) => present((await CannedReply.create({ ...body, createdBy: user.id })).toObject() as unknown as CannedReplyFields),
    }),
    route({
      method: 'put', path: '/canned-replies/:id', access: 'staff', params: idParams, body: cannedReplySchema,
      handler: async ({ params, body }) => {
        const updated = await CannedReply.findOneAndUpdate({ _id: params.id }, { $set: body }, { returnDocument: 'after' }).lean<CannedReplyFields>();
        if (!updated) throw errors.notFound('Шаблон не найден');
        return present(updated);
      },
    }),
    route({
      method: 'delete', path: '/canned-replies/:id', access: 'staff', params: idParams,
      handler: async ({ params }) => {
        if (!(await CannedReply.findOneAndDelete({ _id: params.id }))) throw errors.notFound('Шаблон не найден');
        return { ok: true };
      },
    }),
    route({
      method: 'post', path: '/notices', access: 'staff', body: noticeBroadcastSchema, status: 201,
      handler: async ({ body, user }) => {
        const result = await broadcastNotice(ctx.events, user, body);
        await audit({ action: 'notice.broadcast', actorId: user.id, actorRole: user.role, details: { subject: body.subject, created: result.created, failed: result.failed.length } });
        return result;
      },
    }),
    // The member's card beside a thread: registry data and the member's open threads.
    route({
      method: 'get', path: '/inbox/members/:id', access: 'staff', params: idParams,
      handler: async ({ params, user }) => {
        const member = await Member.findById(params.id).lean<MemberFields>();
        if (!member) throw errors.notFound('Член СРО не найден');
        const open = await Thread.find({ memberId: member._id, status: { $in: OPEN_STATUSES } })
          .sort({ updatedAt: -1 }).limit(20).lean<ThreadFields[]>();
        return { member: presentOwnCard(member as Parameters<typeof presentOwnCard>[0]), openThreads: open.map((t) => presentThread(t, user)) };
      },
    }),
  ];
}

export const inboxModule: PortalModule = { name: 'inbox', routes: inboxRoutes, listen: scheduleDueReminders };
