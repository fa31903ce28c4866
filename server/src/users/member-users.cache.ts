import type { Types } from 'mongoose';
import type { Role } from '@sro/shared';

// The lists of users/member-users, apart so that the User model can clear them without importing the reader.

/** A user as far as a badge needs it: whose (id), which numbering (role), which member. */
export interface BadgeHolder {
  _id: Types.ObjectId;
  role: Role;
  memberId?: Types.ObjectId;
}

export const rememberedMemberUsers = new Map<string, { at: number; users: BadgeHolder[] }>();

/** Any user written through mongoose (invited, activated, blocked, moved): every remembered list goes. */
export function forgetMemberUsers(): void {
  rememberedMemberUsers.clear();
}
