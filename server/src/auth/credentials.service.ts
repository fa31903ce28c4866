import type { Types } from 'mongoose';
import { errors } from '../core/errors';
import { audit } from '../audit/audit.service';
import { User, type UserFields } from '../users/user.model';
import { hashPassword, verifyPassword } from './password';
import { consumeOneTimeToken, issueOneTimeToken } from './one-time-token.model';
import { clearAccountLocks } from './login-guard';
import { createSession, revokeAllSessions, type IssuedSession } from './sessions.service';
import { findUserByLogin } from './auth.service';
import type { AuthUser, TokenService } from './tokens';
import type { RequestMeta } from './request-meta';

// Setting a password: accepting an invitation, a reset by e-mail link, a change by the signed-in user.

/** More reset e-mails than this per account per hour are silently not sent (the answer is 202 regardless). */
export const MAX_RESETS_PER_HOUR = 3;

/**
 * Sets the password and clears any lockout. Only for users who are not blocked: the filter makes a link
 * issued before the user was blocked unable to unblock them.
 */
async function setPassword(userId: Types.ObjectId | string, password: string): Promise<boolean> {
  const res = await User.updateOne(
    { _id: userId, status: { $ne: 'blocked' } },
    { $set: { passwordHash: await hashPassword(password), status: 'active' } },
  );
  if (res.matchedCount === 1) await clearAccountLocks(userId);
  return res.matchedCount === 1;
}

/** Accepts an invitation (72 h, once): sets the first password and signs the user in. */
export async function activate(tokens: TokenService, token: string, password: string, meta: RequestMeta): Promise<IssuedSession> {
  const userId = await consumeOneTimeToken(token, 'invite');
  if (!userId || !(await setPassword(userId, password))) {
    await audit({ action: 'auth.activation_failed', actorId: userId ? String(userId) : undefined, ip: meta.ip });
    throw errors.invalidToken('Ссылка-приглашение недействительна, устарела или уже использована. Попросите СРО выслать новую');
  }
  const user = (await User.findById(userId).lean<UserFields>())!;
  await audit({ action: 'auth.activated', actorId: String(userId), actorRole: user.role, ip: meta.ip });
  return createSession(tokens, user, meta);
}

/**
 * Finds the user for a reset request and issues a link (1 h, once), or returns null — unknown login, blocked
 * or not-yet-activated account, too many requests. The caller answers 202 the same way in every case.
 */
export async function prepareReset(loginValue: string, meta: RequestMeta): Promise<{ user: UserFields; token: string } | null> {
  const user = await findUserByLogin(loginValue);
  const outcome = !user ? 'unknown' : user.status === 'blocked' ? 'blocked' : (await tooManyResets(user)) ? 'throttled' : 'sent';
  await audit({ action: 'auth.reset_requested', actorId: user ? String(user._id) : undefined, ip: meta.ip, details: { login: loginValue.slice(0, 100), outcome } });
  if (!user || outcome !== 'sent') return null;
  return { user, token: await issueOneTimeToken(user._id, 'reset') };
}

/**
 * Takes one of the account's MAX_RESETS_PER_HOUR reset slots, atomically (requests may race: the reset is
 * processed after the 202 went out). True when none is left.
 */
async function tooManyResets(user: UserFields): Promise<boolean> {
  const now = new Date();
  const windowStart = new Date(now.getTime() - 3600_000);
  const taken = await User.updateOne(
    { _id: user._id, 'resetWindow.since': { $gt: windowStart }, 'resetWindow.count': { $lt: MAX_RESETS_PER_HOUR } },
    { $inc: { 'resetWindow.count': 1 } },
  );
  if (taken.matchedCount) return false;
  const fresh = await User.updateOne(
    { _id: user._id, $or: [{ 'resetWindow.since': null }, { 'resetWindow.since': { $lte: windowStart } }] },
    { $set: { resetWindow: { since: now, count: 1 } } },
  );
  return fresh.matchedCount === 0;
}

/** Sets the new password from a reset link and ends every session of the user (whoever had them). */
export async function confirmReset(token: string, password: string, meta: RequestMeta): Promise<void> {
  const userId = await consumeOneTimeToken(token, 'reset');
  if (!userId || !(await setPassword(userId, password))) {
    await audit({ action: 'auth.reset_failed', actorId: userId ? String(userId) : undefined, ip: meta.ip });
    throw errors.invalidToken('Ссылка для восстановления недействительна, устарела или уже использована. Запросите новую');
  }
  const revoked = await revokeAllSessions(userId, 'password_reset');
  await audit({ action: 'auth.reset_done', actorId: String(userId), ip: meta.ip, details: { sessionsRevoked: revoked } });
}

/** Changes the password of the signed-in user; other sessions end, this one stays. */
export async function changePassword(user: AuthUser, oldPassword: string, newPassword: string, meta: RequestMeta): Promise<UserFields> {
  const stored = await User.findById(user.id).lean<UserFields>();
  if (!stored || !(await verifyPassword(oldPassword, stored.passwordHash))) {
    await audit({ action: 'auth.password_change_failed', actorId: user.id, actorRole: user.role, ip: meta.ip });
    throw errors.validation({ oldPassword: 'Текущий пароль введён неверно' }, 'Текущий пароль введён неверно');
  }
  if (oldPassword === newPassword) throw errors.validation({ newPassword: 'Новый пароль должен отличаться от текущего' });
  await setPassword(user.id, newPassword);
  const revoked = await revokeAllSessions(user.id, 'password_changed', user.sessionId);
  await audit({ action: 'auth.password_changed', actorId: user.id, actorRole: user.role, ip: meta.ip, details: { sessionsRevoked: revoked } });
  return stored;
}
