import { z } from 'zod';
import { objectIdSchema } from './common';
import { NOTICE_TYPES } from './threads';
import { MEMBER_STATUSES } from '../enums';

// The staff workplace: canned replies and notices to one member or many.

export const cannedReplySchema = z.object({
  title: z.string().trim().min(2, 'Название — не короче 2 символов').max(120),
  body: z.string().trim().min(2, 'Текст шаблона — не короче 2 символов').max(5000),
});
export type CannedReplyInput = z.infer<typeof cannedReplySchema>;

export interface CannedReplyDto {
  id: string;
  title: string;
  body: string;
}

/** Placeholders a canned reply may use; filled from the open thread. */
export const TEMPLATE_PLACEHOLDERS = ['memberName', 'regNumber', 'subject', 'expertName'] as const;
export type TemplateVars = Partial<Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>>;

/** "Здравствуйте, {{memberName}}!" → the text with known placeholders filled and unknown ones left visible. */
export function renderTemplate(body: string, vars: TemplateVars): string {
  return body.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (vars as Record<string, string | undefined>)[name] ?? whole);
}

export const noticeBroadcastSchema = z
  .object({
    subject: z.string().trim().min(3, 'Укажите тему уведомления').max(300),
    body: z.string().trim().min(3, 'Напишите текст уведомления').max(20_000),
    noticeType: z.enum(NOTICE_TYPES).default('other'),
    /** Either explicit members… */
    memberIds: z.array(objectIdSchema).max(10_000).optional(),
    /** …or every member matching a filter. */
    filter: z.object({ status: z.enum(MEMBER_STATUSES).optional(), all: z.boolean().optional() }).optional(),
  })
  .refine((v) => v.memberIds?.length || v.filter, { message: 'Выберите получателей', path: ['memberIds'] });
export type NoticeBroadcastInput = z.infer<typeof noticeBroadcastSchema>;
