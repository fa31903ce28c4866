import { z } from 'zod';
import { objectIdSchema, pageQuerySchema } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { PortalModule } from '../core/module';
import { afterCursor, toPage } from '../core/cursor';
import { User } from '../users/user.model';
import { Notification, type NotificationFields } from './notification.model';
import { NOTIFICATION_SETTINGS, presentNotification } from './notification.service';

const settingsSchema = z.object(Object.fromEntries(NOTIFICATION_SETTINGS.map((k) => [k, z.boolean().optional()])));

function notificationRoutes(): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/notifications', access: 'authenticated', query: pageQuerySchema,
      handler: async ({ user, query }) => {
        const docs = await Notification.find({ userId: user.id, ...afterCursor(query.cursor, 'createdAt') }).sort({ createdAt: -1, _id: -1 }).limit(query.limit + 1).lean<NotificationFields[]>();
        const { page, nextCursor } = toPage(docs, query.limit, (n) => n.createdAt);
        const unread = await Notification.countDocuments({ userId: user.id, read: false });
        return { items: page.map(presentNotification), nextCursor, unread };
      },
    }),
    route({
      method: 'post', path: '/notifications/read', access: 'authenticated',
      body: z.object({ ids: z.array(objectIdSchema).max(200).optional(), all: z.boolean().optional() }),
      handler: async ({ user, body }) => {
        const filter: Record<string, unknown> = { userId: user.id, read: false };
        if (!body.all) filter._id = { $in: body.ids ?? [] };
        await Notification.updateMany(filter, { $set: { read: true } });
        return { unread: await Notification.countDocuments({ userId: user.id, read: false }) };
      },
    }),
    route({
      method: 'get', path: '/me/notification-settings', access: 'authenticated',
      handler: async ({ user }) => {
        const stored = (await User.findById(user.id, { notificationSettings: 1 }).lean())?.notificationSettings ?? {};
        return Object.fromEntries(NOTIFICATION_SETTINGS.map((k) => [k, (stored as Record<string, unknown>)[k] !== false]));
      },
    }),
    route({
      method: 'put', path: '/me/notification-settings', access: 'authenticated', body: settingsSchema,
      handler: async ({ user, body }) => {
        const set = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined).map(([k, v]) => [`notificationSettings.${k}`, v]));
        await User.updateOne({ _id: user.id }, { $set: set });
        const stored = (await User.findById(user.id, { notificationSettings: 1 }).lean())?.notificationSettings ?? {};
        return Object.fromEntries(NOTIFICATION_SETTINGS.map((k) => [k, (stored as Record<string, unknown>)[k] !== false]));
      },
    }),
  ];
}

export const notificationsModule: PortalModule = { name: 'notifications', routes: notificationRoutes };
