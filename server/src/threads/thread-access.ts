import { Types } from 'mongoose';
import { isStaffRole } from '@sro/shared';
import { errors } from '../core/errors';
import { inTenant } from '../db/direct';
import type { AuthUser } from '../auth/tokens';
import { Thread, WITHOUT_RECENT_SENDS, type ThreadFields } from './thread.model';

/** Members reach only their own member's threads; others' are "not found", so existence never leaks. */
export function threadScope(user: AuthUser): Record<string, unknown> {
  if (isStaffRole(user.role)) return {};
  if (!user.memberId) throw errors.forbidden();
  return { memberId: new Types.ObjectId(user.memberId) };
}

/**
 * Which threads a user may write to: their own (members), not closed to a member, not another's draft (staff).
 * The same rules as loadThreadFor and sendMessage's refusals, as a filter for a send without a lookup.
 */
export function writableScope(user: AuthUser): Record<string, unknown> {
  return { ...threadScope(user), status: { $ne: isStaffRole(user.role) ? 'draft' : 'closed' } };
}

export async function loadThreadFor(user: AuthUser, threadId: string): Promise<ThreadFields> {
  if (!Types.ObjectId.isValid(threadId)) throw errors.notFound('Обращение не найдено');
  // Straight to the driver (db/direct): every message and every read starts here.
  const thread = (await Thread.collection.findOne(inTenant({ _id: new Types.ObjectId(threadId), ...threadScope(user) }), { projection: WITHOUT_RECENT_SENDS })) as ThreadFields | null;
  if (!thread || (thread.status === 'draft' && isStaffRole(user.role))) throw errors.notFound('Обращение не найдено');
  return thread;
}
