import { runWithTenant } from '../core/tenancy';
import type { ModuleContext } from '../core/module';
import { Sro } from '../sros/sro.model';
import { Message } from './message.model';

/**
 * Messages stored before members got their own numbering (publicSeq) are numbered once, on start: for each
 * thread with such messages, its member-visible messages in seq order become 1, 2, 3 … Runs in the background;
 * repeating it (another process, a restart) changes nothing.
 */
export async function backfillPublicSeq(): Promise<number> {
  let numbered = 0;
  for (const sro of await Sro.find({}, { _id: 1 }).lean()) {
    numbered += await runWithTenant(String(sro._id), async () => {
      const unnumbered: Record<string, unknown> = { internal: false, seq: { $type: 'number' }, publicSeq: { $exists: false } };
      const threadIds = await Message.distinct('threadId', unnumbered);
      let count = 0;
      for (const threadId of threadIds) {
        const ofThread: Record<string, unknown> = { threadId, internal: false, seq: { $type: 'number' } };
        const visible = await Message.find(ofThread, { _id: 1 }).sort({ seq: 1 }).lean();
        if (!visible.length) continue;
        await Message.bulkWrite(visible.map((m, i) => ({ updateOne: { filter: { _id: m._id }, update: { $set: { publicSeq: i + 1 } } } })));
        count += visible.length;
      }
      return count;
    });
  }
  return numbered;
}

export function scheduleBackfillPublicSeq(ctx: ModuleContext): void {
  void backfillPublicSeq()
    .then((n) => n && ctx.logger.info({ messages: n }, 'members\' message numbering filled in'))
    .catch((err) => ctx.logger.error({ err }, 'public numbering backfill failed'));
}
