import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../core/errors';
import { audit } from '../audit/audit.service';
import { User, type UserFields } from '../users/user.model';
import type { RequestMeta } from './request-meta';

// Brute force, two ways:
//  - per account: MAX_FAILED_LOGINS wrong passwords in a row lock the account for LOCKOUT_MS (stored on the
//    user, so every app process sees it). A password reset lifts the lock, so a locked-out owner is never stuck.
//  - per IP (express-rate-limit, in memory per process): failed attempts on the sign-in doors, and reset
//    requests (each sends an e-mail). Successful sign-ins do not count, so a busy office behind one NAT
//    address — or a test suite signing in hundreds of times — is never limited.

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
const WINDOW_MS = 15 * 60_000;

export const accountLocked = () =>
  new AppError('account_locked', 'Слишком много неудачных попыток входа. Вход заблокирован на 15 минут — попробуйте позже или восстановите пароль');

export const isLocked = (user: UserFields | null): boolean => !!user?.lockedUntil && user.lockedUntil > new Date();

/** Counts a wrong password; the MAX_FAILED_LOGINS-th in a row locks the account. */
export async function recordFailedLogin(user: UserFields, meta: RequestMeta): Promise<void> {
  const updated = await User.findOneAndUpdate({ _id: user._id }, { $inc: { failedLogins: 1 } }, { returnDocument: 'after' }).lean<UserFields>();
  if (!updated || updated.failedLogins < MAX_FAILED_LOGINS) return;
  await User.updateOne({ _id: user._id }, { $set: { lockedUntil: new Date(Date.now() + LOCKOUT_MS), failedLogins: 0 } });
  await audit({ action: 'auth.locked', actorId: String(user._id), entity: 'user', entityId: String(user._id), ip: meta.ip, details: { until: new Date(Date.now() + LOCKOUT_MS) } });
}

export async function clearFailedLogins(user: UserFields): Promise<void> {
  if (user.failedLogins || user.lockedUntil) await User.updateOne({ _id: user._id }, { $set: { failedLogins: 0, lockedUntil: null } });
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
