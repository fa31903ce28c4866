import { createHash, randomInt } from 'node:crypto';
import type { Types } from 'mongoose';
import { pepDigestInput, type PepConfirm, type PepSignatureDto } from '@sro/shared';
import { AppError, errors } from '../core/errors';
import type { ModuleContext } from '../core/module';
import type { AuthUser } from '../auth/tokens';
import type { RequestMeta } from '../auth/request-meta';
import { verifyPassword } from '../auth/password';
import { OneTimeToken, TOKEN_TTL_MS, sha256 } from '../auth/one-time-token.model';
import { clearFailedLogins, isPairLocked, lockPair, recordFailedLogin } from '../auth/login-guard';
import { User, type UserFields } from '../users/user.model';
import { deliverMail } from '../mail/mail.service';
import { templates } from '../mail/templates';
import { currentSro } from '../sros/current-sro';
import { audit } from '../audit/audit.service';
import { Signature, type SignatureFields } from './signature.model';

// The simple electronic signature (ПЭП) of every member submission (API.md "Electronic signature on
// submissions"; the agreement the member accepts at first sign-in makes login + password the key, 63-ФЗ ст. 9).
// The signer re-confirms with the password or an e-mailed code; a client that sends neither is signed by its
// session alone (method "session"), which the signature sheet says plainly.

export interface SignedContent {
  kind: string;
  form: Record<string, unknown>;
  text: string;
  files: { name: string; sha256: string }[];
}

export const contentHash = (content: SignedContent): string => createHash('sha256').update(pepDigestInput(content)).digest('hex');

const codeHash = (userId: string, code: string) => sha256(`sign:${userId}:${code}`);

/** Sends a one-time 6-digit code to the signer's e-mail (POST /api/signatures/code). */
export async function sendSigningCode(ctx: ModuleContext, user: AuthUser): Promise<{ sentTo: string; expiresIn: number }> {
  const stored = await User.findById(user.id).lean<UserFields>();
  if (!stored) throw errors.unauthenticated();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await OneTimeToken.updateMany({ userId: stored._id, purpose: 'sign', usedAt: null }, { $set: { usedAt: new Date() } });
  await OneTimeToken.create({ userId: stored._id, purpose: 'sign', hash: codeHash(user.id, code), expiresAt: new Date(Date.now() + TOKEN_TTL_MS.sign) });
  const sro = await currentSro();
  await deliverMail(ctx.mailer, ctx.logger, { ...templates.signingCode(stored.email, sro.name, code), userId: user.id, memberId: user.memberId });
  // Only the domain is shown back, so a shoulder-surfer learns little: i***@example.org.
  return { sentTo: stored.email.replace(/^(.).*(@.*)$/, '$1***$2'), expiresIn: TOKEN_TTL_MS.sign / 1000 };
}

const wrongConfirmation = (field: 'password' | 'code', message: string) => errors.validation({ [`confirm.${field}`]: message });

/** Checks the re-confirmation; wrong passwords and codes count towards the same lockout as sign-in. */
async function confirmedMethod(user: AuthUser, confirm: PepConfirm | undefined, meta: RequestMeta): Promise<'password' | 'code' | 'session'> {
  if (!confirm) return 'session';
  const stored = await User.findById(user.id).lean<UserFields>();
  if (!stored) throw errors.unauthenticated();
  const pair = { ...lockPair(stored, '', meta), key: `sign:${user.id}` };
  if (await isPairLocked(pair)) throw new AppError('account_locked', 'Слишком много неверных попыток подписи. Подождите 15 минут');
  if (confirm.password) {
    if (await verifyPassword(confirm.password, stored.passwordHash)) {
      await clearFailedLogins(pair);
      return 'password';
    }
    await recordFailedLogin(pair, meta);
    throw wrongConfirmation('password', 'Пароль не подходит — документ не подписан');
  }
  const used = await OneTimeToken.findOneAndUpdate(
    { userId: stored._id, purpose: 'sign', hash: codeHash(user.id, confirm.code!), usedAt: null, expiresAt: { $gt: new Date() } },
    { $set: { usedAt: new Date() } },
  ).lean();
  if (used) {
    await clearFailedLogins(pair);
    return 'code';
  }
  await recordFailedLogin(pair, meta);
  throw wrongConfirmation('code', 'Код не подходит или устарел — запросите новый');
}

/** Checked before anything is stored: a wrong password leaves the submission unsent. */
export async function prepareSignature(user: AuthUser, confirm: PepConfirm | undefined, meta: RequestMeta = {}): Promise<{ method: 'password' | 'code' | 'session'; meta: RequestMeta }> {
  return { method: await confirmedMethod(user, confirm, meta), meta };
}

export const presentPep = (s: Pick<SignatureFields, 'signerId' | 'signerName' | 'signedAt' | 'sha256' | 'method'>): PepSignatureDto => ({
  kind: 'pep', signerId: String(s.signerId), signerName: s.signerName, signedAt: s.signedAt.toISOString(), sha256: s.sha256, method: s.method,
});

/** Records the signature of a submission and returns it (the thread keeps a copy as `signature`). */
export async function recordSignature(user: AuthUser, prepared: { method: 'password' | 'code' | 'session'; meta: RequestMeta }, target: { threadId: Types.ObjectId; memberId: Types.ObjectId; subject?: 'thread' | 'report_section' }, content: SignedContent): Promise<SignatureFields> {
  const signer = await User.findById(user.id, { name: 1, email: 1, signatureAgreementAt: 1 }).lean<UserFields & { signatureAgreementAt?: Date }>();
  const doc = await Signature.create({
    threadId: target.threadId, memberId: target.memberId, signerId: user.id, signerName: signer?.name || signer?.email || 'Член СРО',
    method: prepared.method, sha256: contentHash(content), signedAt: new Date(), ip: prepared.meta.ip, userAgent: prepared.meta.userAgent,
    agreementAcceptedAt: signer?.signatureAgreementAt ?? null, content, subject: target.subject ?? 'thread',
  });
  const signature = doc.toObject() as unknown as SignatureFields;
  await audit({ action: 'signature.pep', actorId: user.id, actorRole: user.role, entity: 'thread', entityId: String(target.threadId), ip: prepared.meta.ip, details: { sha256: signature.sha256, method: signature.method } });
  return signature;
}

export async function signaturesOfThread(threadId: Types.ObjectId): Promise<SignatureFields[]> {
  return Signature.find({ threadId }).sort({ signedAt: 1 }).lean<SignatureFields[]>();
}
