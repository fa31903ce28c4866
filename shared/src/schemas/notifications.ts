import { THREAD_KINDS, type ThreadKind } from '../enums';
import { z } from 'zod';
import { objectIdSchema } from './common';

// The bell (in-app notifications) and each user's e-mail switches (DESIGN.md §5 "Notifications", §9).

/**
 * What a user hears of, and how. Each topic can ring the bell and/or send an e-mail; a switch never set means
 * "on", except the opt-ins (a daily digest instead of one letter per event; staff e-mail on each new request).
 */
export const NOTICE_TOPICS = {
  reply: { email: 'emailOnReply', bell: 'bellOnReply' },
  status: { email: 'emailOnStatus', bell: 'bellOnStatus' },
  document: { email: 'emailDocuments', bell: 'bellDocuments' },
  reminders: { email: 'emailReminders', bell: 'bellReminders' },
  newThread: { email: 'emailNewThread', bell: null },
} as const;
export type NoticeTopic = keyof typeof NOTICE_TOPICS;

export const NOTIFICATION_SETTINGS = [
  'emailOnReply', 'emailOnStatus', 'emailDocuments', 'emailReminders', 'emailNewThread',
  'bellOnReply', 'bellOnStatus', 'bellDocuments', 'bellReminders',
  'emailDigest',
] as const;
export type NotificationSetting = (typeof NOTIFICATION_SETTINGS)[number];
/** Off until the user switches them on. */
export const OPT_IN_SETTINGS: readonly NotificationSetting[] = ['emailNewThread', 'emailDigest'];

/** The switches, and (staff) the kinds of new requests that ring the bell — null: every kind. */
export type NotificationSettingsDto = Record<NotificationSetting, boolean> & { newThreadKinds: ThreadKind[] | null };

export const notificationSettingsSchema = z.strictObject({
  ...Object.fromEntries(NOTIFICATION_SETTINGS.map((key) => [key, z.boolean().optional()])) as Record<NotificationSetting, z.ZodOptional<z.ZodBoolean>>,
  newThreadKinds: z.array(z.enum(THREAD_KINDS, 'Неизвестный вид обращения')).max(THREAD_KINDS.length).nullable().optional(),
});
export type NotificationSettingsInput = z.infer<typeof notificationSettingsSchema>;

/** Mark some (`ids`) or every (`all: true`) notification of the user read. */
export const markNotificationsReadSchema = z
  .object({ ids: z.array(objectIdSchema).min(1).max(200).optional(), all: z.literal(true).optional() })
  .refine((v) => !!v.all || !!v.ids, { message: 'Укажите ids или all: true', path: ['ids'] });
export type MarkNotificationsReadInput = z.infer<typeof markNotificationsReadSchema>;
