import { z } from 'zod';

// Electronic signatures (API.md "Electronic signature on submissions", "Registry extract, signed"): the simple
// signature (ПЭП) of every member submission, detached CMS signatures of uploaded files, the SRO's signed extracts.

/** How the signer re-confirmed a submission: the password again, a code from an e-mail, or only the session. */
export const PEP_METHODS = ['password', 'code', 'session'] as const;
export type PepMethod = (typeof PEP_METHODS)[number];

/** Sent with a submission: the password again, or the 6-digit code from POST /api/signatures/code. */
export const pepConfirmSchema = z
  .object({
    password: z.string().min(1, 'Введите пароль').max(200).optional(),
    code: z.string().trim().regex(/^\d{6}$/, 'Код — 6 цифр из письма').optional(),
  })
  .refine((c) => c.password || c.code, { message: 'Введите пароль или код из письма', path: ['password'] });
export type PepConfirm = z.infer<typeof pepConfirmSchema>;

export interface PepSignatureDto {
  kind: 'pep';
  signerId: string;
  signerName: string;
  signedAt: string;
  /** sha256 of what was signed: the form, the text and the attached files' hashes (see pepDigestInput). */
  sha256: string;
  method: PepMethod;
}

/** The canonical text a ПЭП signs (server computes, anyone can recompute): stable key order, files by hash. */
export function pepDigestInput(content: { kind: string; form: Record<string, unknown>; text: string; files: { name: string; sha256: string }[] }): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
    return value;
  };
  return JSON.stringify(sortKeys({ kind: content.kind, form: content.form, text: content.text, files: content.files.map((f) => ({ name: f.name, sha256: f.sha256 })) }));
}

/** The agreement on electronic interaction a member accepts at first sign-in (seed 003). */
export const PEP_AGREEMENT_VERSION = '2026-12';

/** A detached CMS signature file (.sig/.p7s), as parsed on upload and checked against the file it signs. */
export interface FileSignatureDto {
  /** The signer certificate's subject as one line: name, organisation, ИНН/ОГРН/СНИЛС. */
  subject: string;
  subjectFields: Record<string, string>;
  issuer: string;
  notBefore: string;
  notAfter: string;
  signedAt?: string;
  digestAlgorithm: string;
  /** The file this signature signs, once it is attached to one. */
  signsFileId?: string;
  /** true/false once attached to a file: the signed hash equals that file's hash; null: not computable (GOST). */
  digestMatches?: boolean | null;
  signatureValid?: boolean | null;
  /** What was checked, in words. */
  checks: string[];
  gost: boolean;
  /** A machine-readable power of attorney (МЧД) accompanying it. */
  powerOfAttorney?: PowerOfAttorneyDto;
}

export interface PowerOfAttorneyDto {
  number?: string;
  principal?: string;
  principalInn?: string;
  representative?: string;
  representativeInn?: string;
  validFrom?: string;
  validUntil?: string;
  valid: boolean | null;
}

export interface IssuedExtractDto {
  file: { id: string; name: string; mime: string; sha256: string; size: number };
  signatureFileId: string;
  verifyUrl: string;
  validUntil: string;
  number: string;
  code: string;
}

export type ExtractStatus = 'valid' | 'expired' | 'modified';

export interface ExtractVerificationDto {
  valid: boolean;
  status: ExtractStatus;
  number: string;
  sha256: string;
  /** The hash of the PDF that was checked, when one was uploaded. */
  checkedSha256?: string;
  issuedAt: string;
  validUntil: string;
  member: { name: string; inn: string; regNumber?: string };
  signer?: string;
  /** The installation's generated key, not a qualified certificate. */
  testSignature: boolean;
}
