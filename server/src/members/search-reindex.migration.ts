import { runWithTenant } from '../core/tenancy';
import type { ModuleContext } from '../core/module';
import { fragmentKeys } from '../core/search';
import { Sro } from '../sros/sro.model';
import { Member } from './member.model';
import { MEMBER_SEARCH_VERSION, searchTerms } from './member.search';
import { Thread, headlineKeys, THREAD_SEARCH_VERSION } from '../threads';

/**
 * Members and threads stored before fragment search get its keys once, on start, in batches: a member's from its
 * search text, a thread's headline (subject, member, number, topic) added to the words it had. Repeating it
 * (another process, a restart) finds nothing left to do.
 */
export async function reindexSearch(): Promise<{ members: number; threads: number }> {
  const done = { members: 0, threads: 0 };
  for (const sro of await Sro.find({}, { _id: 1 }).lean()) {
    await runWithTenant(String(sro._id), async () => {
      for (;;) {
        const batch = await Member.find({ searchVersion: { $ne: MEMBER_SEARCH_VERSION } }, { searchText: 1 }).limit(500).lean<{ _id: unknown; searchText: string }[]>();
        if (!batch.length) break;
        await Member.bulkWrite(batch.map((m) => ({ updateOne: { filter: { _id: m._id }, update: { $set: { searchTerms: searchTerms(m.searchText ?? ''), searchVersion: MEMBER_SEARCH_VERSION } } } })));
        done.members += batch.length;
      }
      for (;;) {
        const batch = await Thread.find({ searchVersion: { $ne: THREAD_SEARCH_VERSION } }, { subject: 1, memberName: 1, regNumber: 1, form: 1 }).limit(500).lean<{ _id: unknown; subject: string; memberName?: string; regNumber?: string; form?: { topic?: string } }[]>();
        if (!batch.length) break;
        await Thread.bulkWrite(batch.map((t) => ({
          updateOne: {
            filter: { _id: t._id },
            update: { $addToSet: { searchTerms: { $each: [...headlineKeys(t), ...fragmentKeys(t.form?.topic ?? '')] } }, $set: { searchVersion: THREAD_SEARCH_VERSION } },
          },
        })));
        done.threads += batch.length;
      }
    });
  }
  return done;
}

export function scheduleSearchReindex(ctx: ModuleContext): void {
  void reindexSearch()
    .then((n) => (n.members || n.threads) && ctx.logger.info(n, 'search keys rebuilt for fragment search'))
    .catch((err) => ctx.logger.error({ err }, 'search reindex failed'));
}
