import type { FileSignatureDto, PowerOfAttorneyDto } from '@sro/shared';
import { FileRecord, type FileFields } from '../files/file.model';
import { readFileBytes } from '../files/gridfs-storage';
import { checkDetachedSignature, parseDetachedSignature, type ParsedSignature } from './cms';
import { parsePowerOfAttorney } from './power-of-attorney';

// Detached signatures among uploaded files: parsed when uploaded (who signed, when), checked when they meet the
// file they sign — uploaded together ("act.pdf" + "act.pdf.sig"), named by `signsFileId`, or paired in a report.

type StoredSignature = NonNullable<FileFields['signature']>;

export const isSignatureFile = (f: Pick<FileFields, 'mime'>) => f.mime === 'application/pkcs7-signature';
const isXml = (f: Pick<FileFields, 'mime' | 'name'>) => f.mime === 'application/xml' || /\.xml$/i.test(f.name);

/** "act.pdf.sig" and "act.sig" both sign "act.pdf"; a lone signature beside a lone file signs that file. */
function partnerOf(sig: FileFields, others: FileFields[]): FileFields | undefined {
  const base = sig.name.replace(/\.(sig|p7s|sgn)$/i, '');
  const lower = base.toLowerCase();
  return others.find((f) => f.name.toLowerCase() === lower) ?? others.find((f) => f.name.toLowerCase().replace(/\.[^.]+$/, '') === lower) ?? (others.length === 1 ? others[0] : undefined);
}

/** What a signature file says about itself (null when its bytes turn out not to be CMS). */
function storedOf(parsed: ParsedSignature): StoredSignature {
  return {
    subject: parsed.subjectLine,
    subjectFields: Object.fromEntries(Object.entries(parsed.subject).filter(([, v]) => v !== undefined)) as Record<string, string>,
    issuer: parsed.issuer,
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    signedAt: parsed.signedAt,
    digestAlgorithm: parsed.digestAlgorithm,
    gost: parsed.gost,
    messageDigest: parsed.messageDigest,
    checks: [],
  };
}

async function parsedOf(file: FileFields): Promise<StoredSignature | null> {
  const parsed = parseDetachedSignature(await readFileBytes(file));
  return parsed ? storedOf(parsed) : null;
}

/** Checks the signature file against the file it signs and stores the outcome on the signature's record. */
export async function bindSignature(sigFile: FileFields, target: FileFields, powerOfAttorney?: PowerOfAttorneyDto): Promise<StoredSignature | null> {
  const sigBytes = await readFileBytes(sigFile);
  const parsed = parseDetachedSignature(sigBytes);
  if (!parsed) return null;
  const check = await checkDetachedSignature(sigBytes, await readFileBytes(target), parsed);
  const signature: StoredSignature = {
    ...storedOf(parsed), signsFileId: String(target._id), digestMatches: check.digestMatches, signatureValid: check.signatureValid, checks: check.checks,
    ...(powerOfAttorney ? { powerOfAttorney } : {}),
  };
  await FileRecord.updateOne({ _id: sigFile._id }, { $set: { signature } });
  return signature;
}

/**
 * After an upload or an attach: parses every signature in the batch, pairs each with the file it signs (by name,
 * or `signsFileId`), and a power of attorney (МЧД XML) in the batch goes with the signatures. Returns the
 * records as they are now.
 */
export async function processSignatures(files: FileFields[], signsFileId?: FileFields): Promise<FileFields[]> {
  const signatures = files.filter(isSignatureFile);
  if (!signatures.length) return files;
  const poaFile = files.find(isXml);
  const powerOfAttorney = poaFile ? (parsePowerOfAttorney((await readFileBytes(poaFile)).toString('utf8')) ?? undefined) : undefined;
  const others = files.filter((f) => !isSignatureFile(f) && f !== poaFile);
  const updated = new Map<string, StoredSignature>();
  for (const sig of signatures) {
    const target = signsFileId ?? partnerOf(sig, others);
    const result = target ? await bindSignature(sig, target, powerOfAttorney) : sig.signature ?? (await parsedOf(sig));
    if (!result) continue;
    if (!target) await FileRecord.updateOne({ _id: sig._id }, { $set: { signature: result } });
    updated.set(String(sig._id), result);
  }
  return files.map((f) => (updated.has(String(f._id)) ? { ...f, signature: updated.get(String(f._id)) } : f));
}

/** The signature as the API shows it (the raw digest stays on the server). */
export function presentSignature(signature: StoredSignature | undefined): FileSignatureDto | undefined {
  if (!signature) return undefined;
  const { messageDigest: _digest, ...shown } = signature;
  return shown;
}
