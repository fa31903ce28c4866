import { errors } from '../core/errors';
import type { ModuleContext } from '../core/module';
import { audit } from '../audit/audit.service';
import { revokeAllSessions } from '../auth/sessions.service';
import { voidOneTimeTokens } from '../auth/one-time-token.model';
import type { AuthUser } from '../auth/tokens';
import { User, type UserFields } from './user.model';
import { presentUser } from './user.presenter';
import { STAFF_ROLES, type UserDto } from '@sro/shared';

// Staff block and unblock accounts. A blocked user cannot sign in, and is signed out everywhere at once:
// sessions revoked (so access tokens stop working), unused links voided, open sockets closed.

/** Which accounts a call may touch: a member's users (by staff) or staff accounts (by an admin). */
export type BlockScope = { memberId: string } | { staff: true };

async function findInScope(userId: string, scope: BlockScope): Promise<UserFields> {
  const user = 'memberId' in scope
    ? await User.findOne({ _id: userId, role: 'member', memberId: scope.memberId }).lean<UserFields>()
    : await User.findOne({ _id: userId, role: { $in: [...STAFF_ROLES] } }).lean<UserFields>();
  if (!user) throw errors.notFound('Пользователь не найден');
  return user;
}

export async function setBlocked(ctx: Pick<ModuleContext, 'io'>, actor: AuthUser, userId: string, scope: BlockScope, blocked: boolean): Promise<UserDto> {
  const user = await findInScope(userId, scope);
  if (String(user._id) === actor.id) throw errors.conflict('Нельзя заблокировать самого себя');
  const status = blocked ? 'blocked' : user.passwordHash ? 'active' : 'invited';
  await User.updateOne({ _id: user._id }, { $set: { status } });
  if (blocked) await signOutEverywhere(ctx, String(user._id));
  await audit({ action: blocked ? 'user.blocked' : 'user.unblocked', actorId: actor.id, actorRole: actor.role, entity: 'user', entityId: String(user._id) });
  return presentUser({ ...user, status });
}

async function signOutEverywhere(ctx: Pick<ModuleContext, 'io'>, userId: string): Promise<void> {
  await revokeAllSessions(userId, 'blocked');
  await voidOneTimeTokens(userId);
}
