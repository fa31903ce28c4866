import type { Types } from 'mongoose';
import type { ModuleContext } from '../core/module';
import { toDay, today } from '../core/dates';
import { User, type UserFields } from '../users/user.model';
import { deliverMail } from '../mail/mail.service';
import { templates } from '../mail/templates';
import { currentSro } from '../sros/current-sro';
import { claimReminder } from '../reminders/reminder-claim.model';
import { DigestEntry, type DigestEntryFields } from './digest-entry.model';

/**
 * The daily digest (Сервис → Доступ → «Раз в день одним письмом»): from DIGEST_HOUR Moscow time, each user with
 * held-back letters gets one letter with all of them, once a day — claimed like a reminder, so two processes or
 * two runs never send it twice. Letters that arrive after today's digest wait for tomorrow's.
 */
export const DIGEST_HOUR = 9;

type Ctx = Pick<ModuleContext, 'mailer' | 'logger' | 'config'>;

const moscowHour = (now: Date) => new Date(now.getTime() + 3 * 3600_000).getUTCHours();

/** Sends the digests due in the current SRO; returns how many letters went out. */
export async function sendDigests(ctx: Ctx, now: Date): Promise<number> {
  if (moscowHour(now) < DIGEST_HOUR) return 0;
  const userIds: Types.ObjectId[] = await DigestEntry.distinct('userId', { sentAt: null, createdAt: { $lte: now } });
  if (!userIds.length) return 0;
  const sro = await currentSro();
  const users = await User.find({ _id: { $in: userIds }, status: 'active' }, { email: 1, memberId: 1 }).lean<Pick<UserFields, '_id' | 'email' | 'memberId'>[]>();
  let sent = 0;
  for (const user of users) {
    if (!(await claimReminder(`digest:${user._id}:${toDay(today(now))}`))) continue;
    const entries = await DigestEntry.find({ userId: user._id, sentAt: null, createdAt: { $lte: now } }).sort({ createdAt: 1 }).lean<DigestEntryFields[]>();
    if (!entries.length) continue;
    await deliverMail(ctx.mailer, ctx.logger, { ...templates.digest(user.email, sro.name, entries, ctx.config.appUrl), memberId: user.memberId ? String(user.memberId) : undefined, userId: String(user._id) });
    await DigestEntry.updateMany({ _id: { $in: entries.map((e) => e._id) } }, { $set: { sentAt: now } });
    sent++;
  }
  return sent;
}
