import type { Types } from 'mongoose';
import type { NoticeTopic } from '@sro/shared';
import type { ModuleContext } from '../core/module';
import { User, type UserFields } from '../users/user.model';
import type { NoticeInput } from './notification.service';
import { tell } from './tell';

/**
 * Tells every active user of a member about something staff recorded (a charge, an inspection in the plan, a
 * violation's deadline, a task): the bell, an e-mail (without content when the SRO says so) and its copy in
 * "Messages" — as each user chose for the topic (reminders unless said otherwise).
 */
export async function notifyMemberUsers(ctx: Pick<ModuleContext, 'io' | 'mailer' | 'logger' | 'config'>, memberId: Types.ObjectId | string, notice: NoticeInput, topic: NoticeTopic = 'reminders'): Promise<void> {
  const users = await User.find({ memberId, role: 'member', status: 'active' }, { email: 1, notificationSettings: 1 }).lean<UserFields[]>();
  await tell(ctx, users, {
    topic, notice, memberId: String(memberId),
    mail: { subject: notice.title, paragraphs: [notice.title, notice.body ?? ''], url: `${ctx.config.appUrl}${notice.link ?? '/'}` },
  });
}
