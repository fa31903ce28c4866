import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { SessionEndedReason } from '@sro/shared';
import { errors } from '../core/errors';
import { audit } from '../audit/audit.service';
import { User, type UserFields } from '../users/user.model';
import { Session, forgetSession } from './session.model';
import { sha256 } from './one-time-token.model';
import { ACCESS_TOKEN_TTL_SECONDS, type AuthUser, type TokenService } from './tokens';
import { REFRESH_TTL_SECONDS } from './cookies';
import type { RequestMeta } from './request-meta';

// Sessions: a short-lived JWT access token plus an opaque refresh token that rotates on every use.
// Only the refresh token's sha256 is stored. Revoking a session also kills its access tokens (isSessionActive).

export interface IssuedSession {
  user: UserFields;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Why a session ended: the socket tells the client (`session:ended`), which says so to the user. */
export type SessionEndReason = Exclude<SessionEndedReason, 'expired'>;

type SessionsEndedListener = (sessionIds: string[], reason: SessionEndReason) => void;
const endedListeners = new Set<SessionsEndedListener>();

/**
 * The realtime side subscribes here (app.ts): every way a session ends goes through revokeSession or
 * revokeAllSessions, so no caller can forget to close that session's sockets.
 */
export function onSessionsEnded(listener: SessionsEndedListener): () => void {
  endedListeners.add(listener);
  return () => endedListeners.delete(listener);
}

function announceEnded(sessionIds: string[], reason: SessionEndReason): void {
  if (!sessionIds.length) return;
  for (const listener of endedListeners) listener(sessionIds, reason);
}

const newRefreshToken = () => randomBytes(32).toString('base64url');
const sessionEnded = () => errors.unauthenticated('Сеанс завершён, войдите снова');

export function authUserOf(user: UserFields, sessionId: string): AuthUser {
  return {
    id: String(user._id),
    role: user.role,
    sroId: user.sroId,
    memberId: user.memberId ? String(user.memberId) : undefined,
    sessionId,
  };
}

export async function createSession(tokens: TokenService, user: UserFields, meta: RequestMeta): Promise<IssuedSession> {
  const refreshToken = newRefreshToken();
  const session = await Session.create({
    userId: user._id,
    refreshHash: sha256(refreshToken),
    expiresAt: new Date(Date.now() + REFRESH_TTL_SECONDS * 1000),
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
  const accessToken = await tokens.signAccess(authUserOf(user, String(session._id)));
  return { user, accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

/**
 * Rotates the refresh token. A token that was already rotated away means two parties hold the family (one of
 * them stole it), so the whole session is revoked and both must sign in again (OAuth 2.0 Security BCP §4.14).
 */
export async function refresh(tokens: TokenService, refreshToken: string, meta: RequestMeta): Promise<IssuedSession> {
  const hash = sha256(refreshToken);
  const session = await Session.findOne({ refreshHash: hash, revokedAt: null, expiresAt: { $gt: new Date() } }).lean();
  if (!session) {
    await revokeOnReuse(hash, meta);
    throw sessionEnded();
  }
  const user = await User.findById(session.userId).lean<UserFields>();
  if (!user || user.status !== 'active') throw sessionEnded();
  const next = newRefreshToken();
  // Compare-and-set on the current hash: of two concurrent refreshes with one token, only one wins.
  const rotated = await Session.updateOne(
    { _id: session._id, refreshHash: hash, revokedAt: null },
    { $set: { refreshHash: sha256(next), lastUsedAt: new Date() }, $push: { previousHashes: { $each: [hash], $slice: -50 } } },
  );
  if (rotated.modifiedCount !== 1) {
    await revokeOnReuse(hash, meta);
    throw sessionEnded();
  }
  const accessToken = await tokens.signAccess(authUserOf(user, String(session._id)));
  return { user, accessToken, refreshToken: next, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

async function revokeOnReuse(hash: string, meta: RequestMeta): Promise<void> {
  const stolen = await Session.findOneAndUpdate({ previousHashes: hash, revokedAt: null }, { $set: { revokedAt: new Date() } }).lean();
  if (!stolen) return;
  forgetSession(String(stolen._id));
  announceEnded([String(stolen._id)], 'revoked');
  await audit({ action: 'auth.refresh_reuse', actorId: String(stolen.userId), entity: 'session', entityId: String(stolen._id), ip: meta.ip });
}

export async function revokeSession(sessionId: string, reason: SessionEndReason = 'logout'): Promise<void> {
  await Session.updateOne({ _id: sessionId }, { $set: { revokedAt: new Date() } });
  forgetSession(sessionId);
  announceEnded([sessionId], reason);
}

/** Ends every session of the user (but `exceptSessionId`, the one making the change). Returns how many. */
export async function revokeAllSessions(userId: string | Types.ObjectId, reason: SessionEndReason, exceptSessionId?: string): Promise<number> {
  const sessions = await Session.find({ userId, revokedAt: null }, { _id: 1 }).lean();
  const ids = sessions.map((s) => String(s._id)).filter((id) => id !== exceptSessionId);
  if (ids.length) await Session.updateMany({ _id: { $in: ids } }, { $set: { revokedAt: new Date() } });
  ids.forEach(forgetSession);
  announceEnded(ids, reason);
  return ids.length;
}
