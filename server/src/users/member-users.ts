import type { Types } from 'mongoose';
import { requireSroId } from '../core/tenancy';
import { inTenant } from '../db/direct';
import { User } from './user.model';
import { rememberedMemberUsers as remembered, type BadgeHolder } from './member-users.cache';

// Who holds a badge of a member's thread: its active users. Asked on every message a member sends, so the list is
// remembered briefly — MEMBER_USERS_MS — and forgotten at once on any change to a user through this process (the
// hooks in user.model). Another process's change shows within that window: a user blocked there has no
// sockets left to push to, and a new one reads its badges when it connects. For badges only: notices and letters
// go to users read afresh (threads.listeners: recipientsOf).

export type { BadgeHolder };

const MEMBER_USERS_MS = 10_000;

/** The users of a member who may be reached: every one but the blocked. */
export const activeUsersFilter = (memberId: Types.ObjectId) => ({ memberId, status: { $ne: 'blocked' as const } });

export async function activeUsersOfMember(memberId: Types.ObjectId): Promise<BadgeHolder[]> {
  const key = `${requireSroId('member users')}:${memberId}`;
  const known = remembered.get(key);
  if (known && Date.now() - known.at < MEMBER_USERS_MS) return known.users;
  // Straight to the driver (db/direct).
  const users = await User.collection.find<BadgeHolder>(inTenant(activeUsersFilter(memberId)), { projection: { _id: 1, role: 1, memberId: 1 } }).toArray();
  if (remembered.size > 10_000) remembered.clear();
  remembered.set(key, { at: Date.now(), users });
  return users;
}
