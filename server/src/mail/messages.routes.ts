import { z } from 'zod';
import { objectIdSchema, pageQuerySchema, type MailCopyDto, type Page } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { PortalModule } from '../core/module';
import { afterCursor, toPage } from '../core/cursor';
import { errors } from '../core/errors';
import { MailCopy } from './mail-copy.model';

// The member's "Messages" section: copies of every e-mail sent to the member's users, newest first.
// Staff read the same list on the member's card.

interface MailCopyFields {
  _id: unknown;
  to: string;
  subject: string;
  text: string;
  html?: string;
  sentAt: Date;
}

/**
 * Copies made before secret letters stopped being copied may still hold an invitation or reset link: they are
 * never listed nor opened (the link is for its addressee's mailbox only).
 */
const WITHOUT_SECRETS = { text: { $not: /[?&]token=/ } };

const present = (m: MailCopyFields): MailCopyDto => ({ id: String(m._id), to: m.to, subject: m.subject, text: m.text, sentAt: m.sentAt.toISOString() });

async function pageOf(memberId: string, cursor: string | undefined, limit: number): Promise<Page<MailCopyDto>> {
  const docs = await MailCopy.find({ memberId, ...WITHOUT_SECRETS, ...afterCursor(cursor, 'sentAt') }, { html: 0 })
    .sort({ sentAt: -1, _id: -1 })
    .limit(limit + 1)
    .lean<MailCopyFields[]>();
  const { page, nextCursor } = toPage(docs, limit, (m) => m.sentAt);
  return { items: page.map(present), nextCursor };
}

function messagesRoutes(): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/messages', access: 'member', query: pageQuerySchema,
      handler: ({ user, query }) => pageOf(user.memberId!, query.cursor, query.limit),
    }),
    route({
      method: 'get', path: '/messages/:id', access: 'member', params: z.object({ id: objectIdSchema }),
      handler: async ({ user, params }) => {
        const copy = await MailCopy.findOne({ _id: params.id, memberId: user.memberId, ...WITHOUT_SECRETS }).lean<MailCopyFields>();
        if (!copy) throw errors.notFound('Сообщение не найдено');
        return { ...present(copy), html: copy.html };
      },
    }),
    route({
      method: 'get', path: '/admin/members/:id/messages', access: 'staff', params: z.object({ id: objectIdSchema }), query: pageQuerySchema,
      handler: ({ params, query }) => pageOf(params.id, query.cursor, query.limit),
    }),
  ];
}

export const messagesModule: PortalModule = { name: 'messages', routes: messagesRoutes };
