import type { ModuleContext, PortalModule } from '../core/module';
import { route, type RouteSpec } from '../core/routes';
import { audit } from '../audit/audit.service';
import { runReminders, scheduleReminders } from './reminders';

// API.md "Reminders": operators run the scheduler now; it also runs by itself every hour in every process.

function remindersRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/admin/reminders/run', access: 'admin',
      handler: async ({ user }) => {
        const { sent, digests } = await runReminders(ctx);
        await audit({ action: 'reminders.run', actorId: user.id, actorRole: user.role, details: { sent, digests } });
        return { sent, digests };
      },
    }),
  ];
}

export const remindersModule: PortalModule = { name: 'reminders', routes: remindersRoutes, listen: scheduleReminders };
