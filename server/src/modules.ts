import type { PortalModule } from './core/module';
import { authModule } from './auth/auth.routes';
import { adminModule } from './admin/admin.routes';
import { messagesModule } from './mail/messages.routes';
import { notificationsModule } from './notifications/notifications.routes';
import { filesModule } from './files/files.routes';
import { threadsModule } from './threads/threads.module';
import { registryModule } from './registry/registry.routes';
import { inboxModule } from './inbox/inbox.routes';
import { membersModule } from './members/members.routes';
import { importModule } from './registry/import.routes';
import { paymentsModule } from './payments/payments.routes';
import { inspectionsModule } from './inspections/inspections.routes';
import { contractsModule } from './contracts/contracts.routes';
import { specialistsModule } from './specialists/specialists.routes';
import { calendarModule } from './calendar/calendar.routes';
import { remindersModule } from './reminders/reminders.routes';
import { financeSettingsModule } from './sros/finance-settings';
import { signaturesModule } from './signatures/signatures.routes';
import { extractsModule } from './extracts/extracts.routes';
import { reportsModule } from './reports/reports.routes';
import { libraryModule } from './library/library.routes';
import { tasksModule } from './tasks/tasks.routes';

/** Every domain of the portal, in the order their routes are mounted. */
export const portalModules: PortalModule[] = [authModule, adminModule, messagesModule, notificationsModule, filesModule, threadsModule, registryModule, inboxModule, membersModule, importModule, paymentsModule, inspectionsModule, contractsModule, specialistsModule, calendarModule, remindersModule, financeSettingsModule, signaturesModule, extractsModule, reportsModule, libraryModule, tasksModule];
