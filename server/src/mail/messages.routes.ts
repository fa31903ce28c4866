import { pageQuerySchema } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { PortalModule } from '../core/module';
import { decodeCursor, encodeCursor } from '../core/cursor';
import { MailCopy } from './mail-copy.model';

/** The member's "Messages" section: copies of every e-mail sent to the member's users, newest first. */
function messagesRoutes(): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/messages', access: 'member', query: pageQuerySchema,
      handler: async ({ user, query }) => {
        const after = decodeCursor(query.cursor);
        const filter: Record<string, unknown> = { memberId: user.memberId };
        if (after) filter.$or = [{ sentAt: { $lt: after.at } }, { sentAt: after.at, _id: { $lt: after.id } }];
        const docs = await MailCopy.find(filter).sort({ sentAt: -1, _id: -1 }).limit(query.limit + 1).lean();
        const page = docs.slice(0, query.limit);
        return {
          items: page.map((m) => ({ id: String(m._id), to: m.to, subject: m.subject, text: m.text, sentAt: m.sentAt.toISOString() })),
          nextCursor: docs.length > query.limit ? encodeCursor(page.at(-1)!.sentAt, page.at(-1)!._id) : null,
        };
      },
    }),
  ];
}

export const messagesModule: PortalModule = { name: 'messages', routes: messagesRoutes };
