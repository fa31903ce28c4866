import type { NoticeTopic } from '@sro/shared';
import type { ModuleContext } from '../core/module';
import type { UserFields } from '../users/user.model';
import { deliverMail } from '../mail/mail.service';
import { templates } from '../mail/templates';
import { currentSro } from '../sros/current-sro';
import { notify, wantsBell, wantsEmail, type NoticeInput } from './notification.service';
import { DigestEntry } from './digest-entry.model';

/**
 * Tells users of one event, each as they chose (Сервис → Доступ): the bell and/or an e-mail, the e-mail now or
 * in tomorrow morning's digest. With the SRO's "no content in e-mails" switch the letter says only that there is
 * news (or the caller's `hidden` wording); the cabinet has the rest.
 */
export interface Tidings {
  topic: NoticeTopic;
  notice: NoticeInput;
  mail: { subject: string; paragraphs: string[]; url: string; hidden?: { subject?: string; paragraphs?: string[] } };
  memberId?: string;
}

type Ctx = Pick<ModuleContext, 'io' | 'mailer' | 'logger' | 'config'>;
type Recipient = Pick<UserFields, '_id' | 'email' | 'notificationSettings'>;

const NEWS = { subject: 'Новые сведения в личном кабинете', paragraphs: ['В личном кабинете появились новые сведения.'] };

export async function tell(ctx: Ctx, users: Recipient[], tidings: Tidings): Promise<void> {
  if (!users.length) return;
  await notify(ctx.io, users.filter((u) => wantsBell(u.notificationSettings, tidings.topic)).map((u) => String(u._id)), tidings.notice);
  const mailed = users.filter((u) => wantsEmail(u.notificationSettings, tidings.topic));
  if (!mailed.length) return;
  const sro = await currentSro();
  const hide = ctx.config.mailWithoutContent || sro.settings?.mailWithoutContent;
  const subject = hide ? tidings.mail.hidden?.subject ?? NEWS.subject : tidings.mail.subject;
  const paragraphs = (hide ? tidings.mail.hidden?.paragraphs ?? NEWS.paragraphs : tidings.mail.paragraphs).filter(Boolean);
  for (const user of mailed) {
    if (user.notificationSettings?.emailDigest === true) {
      await DigestEntry.create({ userId: user._id, memberId: tidings.memberId, subject, paragraphs, url: tidings.mail.url });
    } else {
      await deliverMail(ctx.mailer, ctx.logger, { ...templates.threadEvent(user.email, sro.name, subject, paragraphs, tidings.mail.url), memberId: tidings.memberId, userId: String(user._id) });
    }
  }
}
