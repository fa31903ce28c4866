import { markNotificationsReadSchema, notificationSettingsSchema, pageQuerySchema, type NotificationSettingsDto } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { PortalModule } from '../core/module';
import { afterCursor, toPage } from '../core/cursor';
import { User, type UserFields } from '../users/user.model';
import { Notification, type NotificationFields } from './notification.model';
import { presentNotification, settingsOf } from './notification.service';

// The bell: the user's notifications, newest first, with the unread count; and the user's e-mail switches.

const unreadOf = (userId: string) => Notification.countDocuments({ userId, read: false });

async function settingsOfUser(userId: string): Promise<NotificationSettingsDto> {
  const user = await User.findById(userId, { notificationSettings: 1 }).lean<Pick<UserFields, 'notificationSettings'>>();
  return settingsOf(user?.notificationSettings);
}

function notificationRoutes(): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/notifications', access: 'authenticated', query: pageQuerySchema,
      handler: async ({ user, query }) => {
        const docs = await Notification.find({ userId: user.id, ...afterCursor(query.cursor, 'createdAt') })
          .sort({ createdAt: -1, _id: -1 })
          .limit(query.limit + 1)
          .lean<NotificationFields[]>();
        const { page, nextCursor } = toPage(docs, query.limit, (n) => n.createdAt);
        return { items: page.map(presentNotification), nextCursor, unread: await unreadOf(user.id) };
      },
    }),
    route({
      method: 'post', path: '/notifications/read', access: 'authenticated', body: markNotificationsReadSchema,
      handler: async ({ user, body }) => {
        // Only the user's own notifications, whatever ids were sent.
        const filter = { userId: user.id, read: false, ...(body.all ? {} : { _id: { $in: body.ids } }) };
        await Notification.updateMany(filter, { $set: { read: true } });
        return { unread: await unreadOf(user.id) };
      },
    }),
    route({
      method: 'get', path: '/me/notification-settings', access: 'authenticated',
      handler: ({ user }) => settingsOfUser(user.id),
    }),
    route({
      method: 'put', path: '/me/notification-settings', access: 'authenticated', body: notificationSettingsSchema,
      handler: async ({ user, body }) => {
        const set = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined).map(([k, v]) => [`notificationSettings.${k}`, v]));
        if (Object.keys(set).length) await User.updateOne({ _id: user.id }, { $set: set });
        return settingsOfUser(user.id);
      },
    }),
  ];
}

export const notificationsModule: PortalModule = { name: 'notifications', routes: notificationRoutes };
