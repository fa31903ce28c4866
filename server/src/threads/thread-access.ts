import { Types } from 'mongoose';
import { isStaffRole } from '@sro/shared';
import { errors } from '../core/errors';
import type { AuthUser } from '../auth/tokens';
import { User } from '../users/user.model';
import { Thread, type ThreadFields } from './thread.model';

/** Members reach only their own member's threads; others' are "not found", so existence never leaks. */
export function threadScope(user: AuthUser): Record<string, unknown> {
  if (isStaffRole(user.role)) return {};
  if (!user.memberId) throw errors.forbidden();
  return { memberId: new Types.ObjectId(user.memberId) };
}

export async function loadThreadFor(user: AuthUser, threadId: string): Promise<ThreadFields> {
  if (!Types.ObjectId.isValid(threadId)) throw errors.notFound('Обращение не найдено');
  const thread = await Thread.findOne({ _id: threadId, ...threadScope(user) }).lean<ThreadFields>();
  if (!thread || (thread.status === 'draft' && isStaffRole(user.role))) throw errors.notFound('Обращение не найдено');
  return thread;
}

const nameCache = new Map<string, { name: string; at: number }>();

/** The display name of a user (its name, else its e-mail), cached briefly: it is on every message. */
export async function displayName(userId: string): Promise<string> {
  const cached = nameCache.get(userId);
  if (cached && Date.now() - cached.at < 60_000) return cached.name;
  const user = await User.findById(userId, { name: 1, email: 1 }).lean();
  const name = user?.name || user?.email || 'Пользователь';
  nameCache.set(userId, { name, at: Date.now() });
  return name;
}
