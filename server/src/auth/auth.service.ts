import { errors } from '../core/errors';
import { audit } from '../audit/audit.service';
import { User, type UserFields } from '../users/user.model';
import { Member, type MemberFields } from '../members/member.model';
import { hashPassword, needsRehash, verifyPassword } from './password';
import { accountLocked, clearFailedLogins, isPairLocked, lockPair, recordFailedLogin } from './login-guard';
import { createSession, type IssuedSession } from './sessions.service';
import type { TokenService } from './tokens';
import type { RequestMeta } from './request-meta';

// Sign-in. Sessions live in sessions.service, invitations/reset/change in credentials.service.
// Re-exported here so existing callers keep importing from one place.
export { createSession, refresh, revokeSession, revokeAllSessions, authUserOf, type IssuedSession } from './sessions.service';
export type { RequestMeta } from './request-meta';
export { MAX_FAILED_LOGINS, LOCKOUT_MS } from './login-guard';

export const isInnLogin = (login: string) => /^\d{10}$|^\d{12}$/.test(login);

/** E-mail → that user; INN → the member's authorised (primary) user (DESIGN.md §1). */
export async function findUserByLogin(login: string): Promise<UserFields | null> {
  const value = login.trim().toLowerCase();
  if (isInnLogin(value)) {
    const member = await Member.findOne({ inn: value }, { primaryUserId: 1 }).lean<Pick<MemberFields, 'primaryUserId'>>();
    if (!member?.primaryUserId) return null;
    return User.findOne({ _id: member.primaryUserId, role: 'member' }).lean<UserFields>();
  }
  return User.findOne({ email: value }).lean<UserFields>();
}

/** Called when a login gets locked for an address: the account's owner is told (auth.routes sends the e-mail). */
export type OnLoginAttack = (user: UserFields, ip: string | undefined) => void;

/**
 * Checks the password and opens a session. An unknown login and a wrong password get the same answer after
 * the same scrypt work and the same counter writes; a locked (login, address) pair answers 429 account_locked
 * after the same scrypt work too, known or not.
 */
export async function login(tokens: TokenService, loginValue: string, password: string, meta: RequestMeta, onAttack?: OnLoginAttack): Promise<IssuedSession> {
  const user = await findUserByLogin(loginValue);
  const who = { actorId: user ? String(user._id) : undefined, actorRole: user?.role, ip: meta.ip };
  const pair = lockPair(user, loginValue, meta);
  const [locked, valid] = await Promise.all([isPairLocked(pair), verifyPassword(password, user?.passwordHash)]);
  if (locked) {
    await audit({ action: 'auth.login_locked', ...who });
    throw accountLocked();
  }
  if (!user || !valid) {
    await audit({ action: 'auth.login_failed', ...who, details: { login: loginValue.slice(0, 100), known: !!user } });
    if ((await recordFailedLogin(pair, meta)) && user) onAttack?.(user, meta.ip);
    throw errors.invalidCredentials();
  }
  if (user.status !== 'active') {
    await audit({ action: 'auth.login_blocked', ...who });
    throw errors.forbidden('Учётная запись заблокирована. Обратитесь в СРО');
  }
  await clearFailedLogins(pair);
  if (needsRehash(user.passwordHash!)) await User.updateOne({ _id: user._id }, { $set: { passwordHash: await hashPassword(password) } });
  await audit({ action: 'auth.login', ...who, details: { by: isInnLogin(loginValue.trim()) ? 'inn' : 'email' } });
  return createSession(tokens, user, meta);
}
