import type { RequestHandler } from 'express';
import type { Types } from 'mongoose';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../core/errors';
import { audit } from '../audit/audit.service';
import type { UserFields } from '../users/user.model';
import { LoginLock } from './login-lock.model';
import { sha256 } from './one-time-token.model';
import type { RequestMeta } from './request-meta';

// Brute force, two ways:
//  - per (login, source address): MAX_FAILED_LOGINS wrong passwords in a row from one address lock that login
//    for that address for LOCKOUT_MS. INNs are public: locking the account itself would let anyone lock any
//    member out; the owner signs in from their own address meanwhile. Unknown logins are counted and locked
//    the same way (no enumeration by status). A password reset lifts every lock of the account.
//  - per address (express-rate-limit, in memory per process): failed attempts on the sign-in doors, and reset
//    requests (each sends an e-mail). Successful sign-ins do not count, so a busy office behind one NAT
//    address — or a test suite signing in hundreds of times — is never limited.

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
const WINDOW_MS = 15 * 60_000;

export const accountLocked = () =>
  new AppError('account_locked', 'Слишком много неудачных попыток входа. Вход заблокирован на 15 минут — попробуйте позже или восстановите пароль');

export interface LockPair {
  key: string;
  ip: string;
  userId?: Types.ObjectId;
}

/** The pair a sign-in attempt counts against: the account when the login names one, else the login text. */
export function lockPair(user: UserFields | null, login: string, meta: RequestMeta): LockPair {
  const key = user ? `user:${String(user._id)}` : `login:${sha256(login.trim().toLowerCase())}`;
  return { key, ip: meta.ip ?? 'unknown', userId: user?._id };
}

export async function isPairLocked(pair: LockPair): Promise<boolean> {
  return !!(await LoginLock.exists({ key: pair.key, ip: pair.ip, lockedUntil: { $gt: new Date() } }));
}

/** Counts a wrong password; the MAX_FAILED_LOGINS-th in a row locks the pair. Returns true when it locked now. */
export async function recordFailedLogin(pair: LockPair, meta: RequestMeta): Promise<boolean> {
  const now = Date.now();
  const counted = await LoginLock.findOneAndUpdate(
    { key: pair.key, ip: pair.ip },
    { $inc: { failures: 1 }, $set: { expiresAt: new Date(now + WINDOW_MS) }, $setOnInsert: { userId: pair.userId } },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  if (!counted || counted.failures < MAX_FAILED_LOGINS) return false;
  const until = new Date(now + LOCKOUT_MS);
  await LoginLock.updateOne({ _id: counted._id }, { $set: { lockedUntil: until, failures: 0, expiresAt: until } });
  await audit({ action: 'auth.locked', actorId: pair.userId ? String(pair.userId) : undefined, entity: 'user', entityId: pair.userId ? String(pair.userId) : undefined, ip: meta.ip, details: { until } });
  return true;
}

export async function clearFailedLogins(pair: LockPair): Promise<void> {
  await LoginLock.deleteOne({ key: pair.key, ip: pair.ip });
}

/** A new password (reset, activation) lifts every lock of the account, from every address. */
export async function clearAccountLocks(userId: Types.ObjectId | string): Promise<void> {
  await LoginLock.deleteMany({ userId });
}

function limiter(limit: number, skipSuccessfulRequests: boolean, door: string): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit,
    skipSuccessfulRequests,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: async (req, res) => {
      await audit({ action: 'auth.rate_limited', ip: req.ip, details: { door } }).catch(() => undefined);
      res.status(429).json({ error: { code: 'rate_limited', message: 'Слишком много попыток. Повторите через несколько минут' } });
    },
  });
}

export interface AuthLimiters {
  /** Failed sign-ins, activations, reset confirmations and password changes per IP. */
  failures: RequestHandler;
  /** Password-reset requests per IP (every one may send an e-mail, so all count). */
  resets: RequestHandler;
}

/** One set per app instance; `limit` is AUTH_RATE_LIMIT (per IP per 15 minutes). */
export function createAuthLimiters(limit: number): AuthLimiters {
  return { failures: limiter(limit, true, 'sign-in'), resets: limiter(limit, false, 'password-reset') };
}
