import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { errors, AppError } from '../core/errors';
import { audit } from '../audit/audit.service';
import { User, type UserFields } from '../users/user.model';
import { Member, type MemberFields } from '../members/member.model';
import { Session, forgetSession } from './session.model';
import { hashPassword, verifyPassword } from './password';
import { consumeOneTimeToken, issueOneTimeToken, sha256 } from './one-time-token.model';
import { ACCESS_TOKEN_TTL_SECONDS, type AuthUser, type TokenService } from './tokens';
import { REFRESH_TTL_SECONDS } from './cookies';

// Sign-in, sessions with rotating refresh tokens, invitations, password reset and change.

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

export interface IssuedSession {
  user: UserFields;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const isInn = (login: string) => /^\d{10}$|^\d{12}$/.test(login);

/** E-mail → that user; INN → the member's authorised (primary) user (DESIGN.md §1). */
export async function findUserByLogin(login: string): Promise<UserFields | null> {
  const value = login.trim().toLowerCase();
  if (isInn(value)) {
    const member = await Member.findOne({ inn: value }).lean<MemberFields>();
    if (!member?.primaryUserId) return null;
    return User.findById(member.primaryUserId).lean<UserFields>();
  }
  return User.findOne({ email: value }).lean<UserFields>();
}

export async function createSession(tokens: TokenService, user: UserFields, meta: RequestMeta): Promise<IssuedSession> {
  const refreshToken = randomBytes(32).toString('base64url');
  const session = await Session.create({
    userId: user._id,
    refreshHash: sha256(refreshToken),
    expiresAt: new Date(Date.now() + REFRESH_TTL_SECONDS * 1000),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300),
  });
  const accessToken = await tokens.signAccess(authUserOf(user, String(session._id)));
  return { user, accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

export function authUserOf(user: UserFields, sessionId: string): AuthUser {
  return {
    id: String(user._id),
    role: user.role,
    sroId: user.sroId,
    memberId: user.memberId ? String(user.memberId) : undefined,
    sessionId,
  };
}

export async function login(tokens: TokenService, loginValue: string, password: string, meta: RequestMeta): Promise<IssuedSession> {
  const user = await findUserByLogin(loginValue);
  if (user?.lockedUntil && user.lockedUntil > new Date()) {
    await audit({ action: 'auth.login_locked', actorId: String(user._id), ip: meta.ip });
    throw new AppError('account_locked', 'Слишком много неудачных попыток. Вход временно заблокирован, попробуйте через 15 минут или восстановите пароль');
  }
  const valid = await verifyPassword(password, user?.passwordHash);
  if (!user || !valid) {
    await recordFailure(user, loginValue, meta);
    throw errors.invalidCredentials();
  }
  if (user.status === 'blocked') {
    await audit({ action: 'auth.login_blocked', actorId: String(user._id), ip: meta.ip });
    throw errors.forbidden('Учётная запись заблокирована. Обратитесь в СРО');
  }
  await User.updateOne({ _id: user._id }, { $set: { failedLogins: 0, lockedUntil: null } });
  await audit({ action: 'auth.login', actorId: String(user._id), actorRole: user.role, ip: meta.ip });
  return createSession(tokens, user, meta);
}

async function recordFailure(user: UserFields | null, loginValue: string, meta: RequestMeta): Promise<void> {
  await audit({ action: 'auth.login_failed', actorId: user ? String(user._id) : undefined, ip: meta.ip, details: { login: loginValue.slice(0, 100) } });
  if (!user) return;
  const updated = await User.findOneAndUpdate({ _id: user._id }, { $inc: { failedLogins: 1 } }, { returnDocument: 'after' }).lean<UserFields>();
  if (updated && updated.failedLogins >= MAX_FAILED_LOGINS) {
    await User.updateOne({ _id: user._id }, { $set: { lockedUntil: new Date(Date.now() + LOCKOUT_MS), failedLogins: 0 } });
    await audit({ action: 'auth.locked', actorId: String(user._id), ip: meta.ip });
  }
}

/** Rotates the refresh token. Presenting an already-rotated token revokes the whole session (theft). */
export async function refresh(tokens: TokenService, refreshToken: string, meta: RequestMeta): Promise<IssuedSession> {
  const hash = sha256(refreshToken);
  const session = await Session.findOne({ refreshHash: hash, revokedAt: null, expiresAt: { $gt: new Date() } }).lean();
  if (!session) {
    const stolen = await Session.findOneAndUpdate({ previousHashes: hash, revokedAt: null }, { $set: { revokedAt: new Date() } }).lean();
    if (stolen) {
      forgetSession(String(stolen._id));
      await audit({ action: 'auth.refresh_reuse', actorId: String(stolen.userId), ip: meta.ip });
    }
    throw errors.unauthenticated('Сеанс завершён, войдите снова');
  }
  const user = await User.findById(session.userId).lean<UserFields>();
  if (!user || user.status === 'blocked') throw errors.unauthenticated('Сеанс завершён, войдите снова');
  const next = randomBytes(32).toString('base64url');
  const rotated = await Session.updateOne(
    { _id: session._id, refreshHash: hash },
    { $set: { refreshHash: sha256(next) }, $push: { previousHashes: { $each: [hash], $slice: -20 } } },
  );
  if (rotated.modifiedCount !== 1) throw errors.unauthenticated('Сеанс завершён, войдите снова');
  const accessToken = await tokens.signAccess(authUserOf(user, String(session._id)));
  return { user, accessToken, refreshToken: next, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

export async function revokeSession(sessionId: string): Promise<void> {
  await Session.updateOne({ _id: sessionId }, { $set: { revokedAt: new Date() } });
  forgetSession(sessionId);
}

export async function revokeAllSessions(userId: string | Types.ObjectId, exceptSessionId?: string): Promise<void> {
  const sessions = await Session.find({ userId, revokedAt: null }, { _id: 1 }).lean();
  const ids = sessions.map((s) => String(s._id)).filter((id) => id !== exceptSessionId);
  await Session.updateMany({ _id: { $in: ids } }, { $set: { revokedAt: new Date() } });
  ids.forEach(forgetSession);
}

async function setPassword(userId: Types.ObjectId | string, password: string): Promise<void> {
  await User.updateOne(
    { _id: userId },
    { $set: { passwordHash: await hashPassword(password), status: 'active', failedLogins: 0, lockedUntil: null } },
  );
}

/** Accepts an invitation: sets the first password and signs the user in. */
export async function activate(tokens: TokenService, token: string, password: string, meta: RequestMeta): Promise<IssuedSession> {
  const userId = await consumeOneTimeToken(token, 'invite');
  if (!userId) throw errors.invalidToken('Ссылка-приглашение недействительна, устарела или уже использована. Попросите СРО выслать новую');
  const user = await User.findById(userId).lean<UserFields>();
  if (!user || user.status === 'blocked') throw errors.invalidToken();
  await setPassword(userId, password);
  await audit({ action: 'auth.activated', actorId: String(userId), ip: meta.ip });
  return createSession(tokens, { ...user, status: 'active' }, meta);
}

/** Finds the user for a reset request; the caller answers 202 whatever this returns. */
export async function prepareReset(loginValue: string, meta: RequestMeta): Promise<{ user: UserFields; token: string } | null> {
  const user = await findUserByLogin(loginValue);
  await audit({ action: 'auth.reset_requested', actorId: user ? String(user._id) : undefined, ip: meta.ip, details: { found: !!user } });
  if (!user || user.status === 'blocked') return null;
  return { user, token: await issueOneTimeToken(user._id, 'reset') };
}

export async function confirmReset(token: string, password: string, meta: RequestMeta): Promise<void> {
  const userId = await consumeOneTimeToken(token, 'reset');
  if (!userId) throw errors.invalidToken('Ссылка для восстановления недействительна, устарела или уже использована. Запросите новую');
  await setPassword(userId, password);
  await revokeAllSessions(userId);
  await audit({ action: 'auth.reset_done', actorId: String(userId), ip: meta.ip });
}

export async function changePassword(user: AuthUser, oldPassword: string, newPassword: string, meta: RequestMeta): Promise<UserFields> {
  const stored = await User.findById(user.id).lean<UserFields>();
  if (!stored || !(await verifyPassword(oldPassword, stored.passwordHash))) {
    await audit({ action: 'auth.password_change_failed', actorId: user.id, ip: meta.ip });
    throw errors.validation({ oldPassword: 'Текущий пароль введён неверно' }, 'Текущий пароль введён неверно');
  }
  await setPassword(user.id, newPassword);
  await revokeAllSessions(user.id, user.sessionId);
  await audit({ action: 'auth.password_changed', actorId: user.id, ip: meta.ip });
  return stored;
}
