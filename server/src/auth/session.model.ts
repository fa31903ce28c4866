import { Schema, model } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';
import type { AuthUser } from './tokens';

/**
 * A sign-in session: one refresh-token family. The refresh token rotates on every use (only its sha256 is
 * stored); revoking the session (logout, password reset, "log out everywhere") kills its access tokens too,
 * because every request checks `isSessionActive`.
 */
const sessionSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    refreshHash: { type: String, required: true },
    /** Hashes of rotated refresh tokens: presenting one again means it was stolen, so the session dies. */
    previousHashes: { type: [String], default: [] },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    lastUsedAt: { type: Date },
    ip: { type: String },
    userAgent: { type: String },
  },
  { timestamps: true },
);
sessionSchema.plugin(tenancyPlugin);
sessionSchema.index({ sroId: 1, refreshHash: 1 }, { unique: true });
sessionSchema.index({ sroId: 1, userId: 1 });
sessionSchema.index({ sroId: 1, previousHashes: 1 });

export const Session = model('Session', sessionSchema, 'sessions');

// A short cache keeps the per-request check (every request, every socket's handshake) off the database. A
// revocation takes effect at once on this process (forgetSession) and, with Redis, on the others too (realtime/io:
// shareSessionEnds); the window only bounds how long a process that missed that word lets the session in.
const ACTIVE_CACHE_MS = 30_000;
const activeCache = new Map<string, number>();

export async function isSessionActive(user: AuthUser): Promise<boolean> {
  const cachedAt = activeCache.get(user.sessionId);
  if (cachedAt && Date.now() - cachedAt < ACTIVE_CACHE_MS) return true;
  if (!/^[0-9a-f]{24}$/.test(user.sessionId)) return false;
  const active = await Session.exists({
    sroId: user.sroId,
    _id: user.sessionId,
    userId: user.id,
    revokedAt: null,
    expiresAt: { $gt: new Date() },
  });
  if (active) activeCache.set(user.sessionId, Date.now());
  if (activeCache.size > 50_000) activeCache.clear();
  return !!active;
}

export function forgetSession(sessionId: string): void {
  activeCache.delete(sessionId);
}
