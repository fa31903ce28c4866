import type { NoticeBroadcastInput } from '@sro/shared';
import type { DomainEvents } from '../core/domain-events';
import type { AuthUser } from '../auth/tokens';
import { Member } from '../members/member.model';
import { createThread } from '../threads';

/**
 * A notice to one member or many: each member gets its own `notice` thread (live, notified, e-mailed by the
 * thread listeners). Members are processed in order; one member's failure is reported, not fatal.
 */
export async function broadcastNotice(events: DomainEvents, actor: AuthUser, input: NoticeBroadcastInput): Promise<{ created: number; failed: { memberId: string; error: string }[]; threadIds: string[] }> {
  const filter: Record<string, unknown> = input.memberIds?.length ? { _id: { $in: input.memberIds } } : {};
  if (!input.memberIds?.length && input.filter?.status) filter.status = input.filter.status;
  const members = await Member.find(filter, { _id: 1 }).lean();
  const threadIds: string[] = [];
  const failed: { memberId: string; error: string }[] = [];
  for (const member of members) {
    try {
      const thread = await createThread(events, actor, { kind: 'notice', memberId: String(member._id), subject: input.subject, body: input.body, form: { noticeType: input.noticeType } });
      threadIds.push(String(thread._id));
    } catch (err) {
      failed.push({ memberId: String(member._id), error: (err as Error).message });
    }
  }
  return { created: threadIds.length, failed, threadIds };
}
