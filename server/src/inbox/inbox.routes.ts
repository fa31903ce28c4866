import { z } from 'zod';
import { cannedReplySchema, noticeBroadcastSchema, objectIdSchema } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { audit } from '../audit/audit.service';
import { Member, type MemberFields } from '../members/member.model';
import { presentOwnCard } from '../members/member.presenter';
import { openThreadsOf, presentThread } from '../threads';
import { createCannedReply, deleteCannedReply, listCannedReplies, updateCannedReply } from './canned-replies.service';
import { broadcastNotice } from './notices.service';
import { scheduleDueReminders } from './due-reminders';

const idParams = z.object({ id: objectIdSchema });

function inboxRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/canned-replies', access: 'staff',
      handler: async () => ({ items: await listCannedReplies() }),
    }),
    route({
      method: 'post', path: '/canned-replies', access: 'staff', body: cannedReplySchema, status: 201,
      handler: ({ body, user }) => createCannedReply(body, user.id),
    }),
    route({
      method: 'put', path: '/canned-replies/:id', access: 'staff', params: idParams, body: cannedReplySchema,
      handler: ({ params, body }) => updateCannedReply(params.id, body),
    }),
    route({
      method: 'delete', path: '/canned-replies/:id', access: 'staff', params: idParams,
      handler: async ({ params }) => {
        await deleteCannedReply(params.id);
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
        const open = await openThreadsOf(String(member._id));
        return { member: presentOwnCard(member as Parameters<typeof presentOwnCard>[0]), openThreads: open.map((t) => presentThread(t, user)) };
      },
    }),
  ];
}

export const inboxModule: PortalModule = { name: 'inbox', routes: inboxRoutes, listen: scheduleDueReminders };
