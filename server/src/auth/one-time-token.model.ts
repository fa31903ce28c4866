import { Schema, model, type Types } from 'mongoose';
import { createHash, randomBytes } from 'node:crypto';
import { tenancyPlugin } from '../core/tenancy';

// Invitation and password-reset links: the token goes out in the e-mail, only its sha256 is stored.
// A token expires and works once (usedAt).

export type TokenPurpose = 'invite' | 'reset' | 'sign';

const oneTimeTokenSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    purpose: { type: String, enum: ['invite', 'reset', 'sign'], required: true },
    hash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
oneTimeTokenSchema.plugin(tenancyPlugin);
oneTimeTokenSchema.index({ sroId: 1, hash: 1 }, { unique: true });
oneTimeTokenSchema.index({ sroId: 1, userId: 1, purpose: 1, usedAt: 1 });

export const OneTimeToken = model('OneTimeToken', oneTimeTokenSchema, 'one_time_tokens');

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = { invite: 72 * 3600_000, reset: 3600_000, sign: 10 * 60_000 };

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Issues a new link. Older unused links of the same purpose stop working: after "send the invitation again"
 * or a second reset request only the newest e-mail's link counts.
 */
export async function issueOneTimeToken(userId: Types.ObjectId | string, purpose: TokenPurpose): Promise<string> {
  await voidOneTimeTokens(userId, purpose);
  const token = randomBytes(32).toString('base64url');
  await OneTimeToken.create({ userId, purpose, hash: sha256(token), expiresAt: new Date(Date.now() + TOKEN_TTL_MS[purpose]) });
  return token;
}

/** Marks the token used and returns its user id, or null when unknown, expired or already used. */
export async function consumeOneTimeToken(token: string, purpose: TokenPurpose): Promise<Types.ObjectId | null> {
  const doc = await OneTimeToken.findOneAndUpdate(
    { hash: sha256(token), purpose, usedAt: null, expiresAt: { $gt: new Date() } },
    { $set: { usedAt: new Date() } },
    { returnDocument: 'after' },
  ).lean();
  return doc ? (doc.userId as Types.ObjectId) : null;
}

/** Makes every unused link of the user (of one purpose, or all) unusable — e.g. when the user is blocked. */
export async function voidOneTimeTokens(userId: Types.ObjectId | string, purpose?: TokenPurpose): Promise<void> {
  await OneTimeToken.updateMany({ userId, usedAt: null, ...(purpose ? { purpose } : {}) }, { $set: { usedAt: new Date() } });
}
