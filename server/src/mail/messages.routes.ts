import { pageQuerySchema } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { PortalModule } from '../core/module';
import { afterCursor, toPage } from '../core/cursor';
import { MailCopy } from './mail-copy.model';

/** The member's "Messages" section: copies of every e-mail sent to the member's users, newest first. */
function messagesRoutes(): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/messages', access: 'member', query: pageQuerySchema,
      handler: async ({ user, query }) => {
        const docs = await MailCopy.find({ memberId: user.memberId, ...afterCursor(query.cursor, 'sentAt') }).sort({ sentAt: -1, _id: -1 }).limit(query.limit + 1).lean();
        const { page, nextCursor } = toPage(docs, query.limit, (m) => m.sentAt);
        return { items: page.map((m) => ({ id: String(m._id), to: m.to, subject: m.subject, text: m.text, sentAt: m.sentAt.toISOString() })), nextCursor };
      },
    }),
  ];
}

export const messagesModule: PortalModule = { name: 'messages', routes: messagesRoutes };
