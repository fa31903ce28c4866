import type { Types } from 'mongoose';
import type { ModuleContext } from '../core/module';
import { User, type UserFields } from '../users/user.model';
import { deliverMail } from '../mail/mail.service';
import { templates } from '../mail/templates';
import { currentSro } from '../sros/current-sro';
import type { NotificationSetting } from '@sro/shared';
import { notify, wantsEmail, type NoticeInput } from './notification.service';

/**
 * Tells every active user of a member about something staff recorded (a charge, an inspection in the plan, a
 * violation's deadline): the bell, an e-mail (without content when the SRO says so) and its copy in "Messages".
 */
export async function notifyMemberUsers(ctx: Pick<ModuleContext, 'io' | 'mailer' | 'logger' | 'config'>, memberId: Types.ObjectId | string, notice: NoticeInput, setting: NotificationSetting = 'emailReminders'): Promise<void> {
  const users = await User.find({ memberId, role: 'member', status: 'active' }).lean<UserFields[]>();
  if (!users.length) return;
  await notify(ctx.io, users.map((u) => String(u._id)), notice);
  const sro = await currentSro();
  const subject = ctx.config.mailWithoutContent ? 'Новые сведения в личном кабинете' : notice.title;
  const paragraphs = ctx.config.mailWithoutContent ? ['В личном кабинете появились новые сведения.'] : [notice.title, ...(notice.body ? [notice.body] : [])];
  const url = `${ctx.config.appUrl}${notice.link ?? '/'}`;
  // The bell always rings; the e-mail only for users who did not switch this kind off.
  for (const user of users.filter((u) => wantsEmail(u.notificationSettings, setting))) {
    await deliverMail(ctx.mailer, ctx.logger, { ...templates.threadEvent(user.email, sro.name, subject, paragraphs, url), memberId: String(memberId), userId: String(user._id) });
  }
}
