import { THREAD_KINDS, type ThreadKind } from '../enums';
import { z } from 'zod';
import { objectIdSchema } from './common';

// The bell (in-app notifications) and each user's e-mail switches (DESIGN.md §5 "Notifications", §9).

/** E-mail switches per user; a key that was never set means "on". */
export const NOTIFICATION_SETTINGS = ['emailOnReply', 'emailOnStatus', 'emailReminders', 'emailNewThread'] as const;
export type NotificationSetting = (typeof NOTIFICATION_SETTINGS)[number];
/** The e-mail switches, and (staff) the kinds of new requests that ring the bell — null: every kind. */
export type NotificationSettingsDto = Record<NotificationSetting, boolean> & { newThreadKinds: ThreadKind[] | null };

export const notificationSettingsSchema = z.strictObject({
  emailOnReply: z.boolean().optional(),
  emailOnStatus: z.boolean().optional(),
  emailReminders: z.boolean().optional(),
  emailNewThread: z.boolean().optional(),
  newThreadKinds: z.array(z.enum(THREAD_KINDS, 'Неизвестный вид обращения')).max(THREAD_KINDS.length).nullable().optional(),
});
export type NotificationSettingsInput = z.infer<typeof notificationSettingsSchema>;

/** Mark some (`ids`) or every (`all: true`) notification of the user read. */
export const markNotificationsReadSchema = z
  .object({ ids: z.array(objectIdSchema).min(1).max(200).optional(), all: z.literal(true).optional() })
  .refine((v) => !!v.all || !!v.ids, { message: 'Укажите ids или all: true', path: ['ids'] });
export type MarkNotificationsReadInput = z.infer<typeof markNotificationsReadSchema>;
