import { z } from 'zod';
import { linkThreadSchema, listThreadsQuerySchema, objectIdSchema, parseCreateThread, fieldErrors, updateThreadSchema, sendMessageSchema } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext } from '../core/module';
import { errors } from '../core/errors';
import { presentMessage, presentThread } from './thread.presenter';
import { createThread, linkThreads, listThreads, updateThread } from './thread.service';
import { listMessages, sendMessage } from './message.service';
import { loadThreadFor } from './thread-access';
import { markRead, unreadForThreads, unreadOf, unreadSummary } from './unread.service';
import { requestMeta } from '../auth/request-meta';

const idParams = z.object({ id: objectIdSchema });

export function threadRoutes(ctx: ModuleContext): RouteSpec[] {
  const { events } = ctx;
  return [
    route({
      method: 'post', path: '/threads', access: 'authenticated', status: 201,
      handler: async ({ req, user }) => {
        const parsed = parseCreateThread(req.body);
        if (!parsed.success) throw errors.validation(fieldErrors(parsed.error));
        return presentThread(await createThread(events, user, parsed.data, requestMeta(req)), user, 0);
      },
    }),
    route({
      method: 'get', path: '/threads', access: 'authenticated', query: listThreadsQuerySchema,
      handler: async ({ user, query }) => {
        const page = await listThreads(user, query);
        const unread = await unreadForThreads(user, page.items);
        return { items: page.items.map((t) => presentThread(t, user, unread.get(String(t._id)))), nextCursor: page.nextCursor };
      },
    }),
    route({
      method: 'get', path: '/threads/:id', access: 'authenticated', params: idParams,
      handler: async ({ user, params }) => {
        const thread = await loadThreadFor(user, params.id);
        return presentThread(thread, user, await unreadOf(user, thread));
      },
    }),
    route({
      method: 'patch', path: '/threads/:id', access: 'authenticated', params: idParams, body: updateThreadSchema,
      handler: async ({ req, user, params, body }) => presentThread(await updateThread(events, user, params.id, body, requestMeta(req)), user),
    }),
    route({
      method: 'post', path: '/threads/:id/links', access: 'staff', params: idParams, body: linkThreadSchema,
      handler: async ({ user, params, body }) => presentThread(await linkThreads(events, user, params.id, body.threadId), user),
    }),
    route({
      method: 'get', path: '/threads/:id/messages', access: 'authenticated', params: idParams,
      query: z.object({ afterSeq: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(500).default(200) }),
      handler: async ({ user, params, query }) => ({ items: (await listMessages(user, params.id, query.afterSeq, query.limit)).map((m) => presentMessage(m, user)) }),
    }),
    route({
      method: 'post', path: '/threads/:id/messages', access: 'authenticated', params: idParams, status: 201,
      body: sendMessageSchema.omit({ threadId: true }),
      // A repeated clientMsgId answers with the first message (same id, same seq): nothing new is stored.
      handler: async ({ user, params, body }) => presentMessage((await sendMessage(events, user, { ...body, threadId: params.id })).message, user),
    }),
    route({
      method: 'post', path: '/threads/:id/read', access: 'authenticated', params: idParams, body: z.object({ seq: z.number().int().min(0) }),
      handler: async ({ user, params, body }) => {
        const thread = await loadThreadFor(user, params.id);
        await markRead(user, thread, body.seq);
        events.emit('thread.read', { user, threadId: String(thread._id) });
        return { ok: true };
      },
    }),
    route({
      method: 'get', path: '/unread', access: 'authenticated',
      handler: ({ user }) => unreadSummary(user),
    }),
  ];
}

declare module '../core/domain-events' {
  interface DomainEventMap {
    'thread.read': { user: import('../auth/tokens').AuthUser; threadId: string };
  }
}
