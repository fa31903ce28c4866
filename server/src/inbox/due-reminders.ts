import { Types } from 'mongoose';
import { OPEN_STATUSES } from '@sro/shared';
import type { ModuleContext } from '../core/module';
import { runWithTenant } from '../core/tenancy';
import { Sro } from '../sros/sro.model';
import { Thread, type ThreadFields } from '../threads';
import { User } from '../users/user.model';
import { notify } from '../notifications/notification.service';

// "A thread is about to go overdue": once per thread, a day before its due date, the assignee (or, for an
// unassigned thread, every active expert) gets a notification. Runs every few minutes in each SRO.

const WARN_BEFORE_MS = 24 * 3600_000;
const SWEEP_EVERY_MS = 5 * 60_000;

export async function remindDueSoon(ctx: Pick<ModuleContext, 'io'>, now = new Date()): Promise<number> {
  const sros = await Sro.find({}, { _id: 1 }).lean();
  let reminded = 0;
  for (const sro of sros) {
    // Counts the reminders this call sent (claimed), not the threads it found: another process may claim some.
    reminded += await runWithTenant(String(sro._id), async () => {
      let sent = 0;
      const due = await Thread.find({
        status: { $in: [...OPEN_STATUSES] },
        dueAt: { $gte: now, $lte: new Date(now.getTime() + WARN_BEFORE_MS) },
        dueSoonNotifiedAt: null,
      }).limit(500).lean<ThreadFields[]>();
      for (const thread of due) {
        // Claim first, so two processes never remind twice.
        const claimed = await Thread.updateOne({ _id: thread._id, dueSoonNotifiedAt: null }, { $set: { dueSoonNotifiedAt: now } }, { strict: false });
        if (!claimed.modifiedCount) continue;
        const recipients = thread.assigneeId
          ? [String(thread.assigneeId)]
          : (await User.find({ role: { $in: ['expert', 'admin'] }, status: 'active' }, { _id: 1 }).lean()).map((u) => String(u._id as Types.ObjectId));
        await notify(ctx.io, recipients, { kind: 'due_soon', title: `Срок истекает ${thread.dueAt!.toLocaleDateString('ru-RU')}: ${thread.subject}`, body: thread.memberName, link: `/inbox/${thread._id}`, threadId: String(thread._id) });
        sent++;
      }
      return sent;
    });
  }
  return reminded;
}

export function scheduleDueReminders(ctx: ModuleContext): void {
  const timer = setInterval(() => void remindDueSoon(ctx).catch((err) => ctx.logger.error({ err }, 'due reminders failed')), SWEEP_EVERY_MS);
  timer.unref();
  ctx.io.engine.on('close', () => clearInterval(timer));
}
