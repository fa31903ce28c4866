import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** The SRO's key that signs extracts (loaded by sro-key.ts from a PKCS#12 or generated for a test install). */
export interface SroSigningKey {
  privateKey: webcrypto.CryptoKey;
  certificate: pkijs.Certificate;
  /** The hash the key signs with (WebCrypto name). */
  hash: 'SHA-256';
  /** true: the generated key, not a certificate of an accredited CA. */
  test: boolean;
  subject: string;
}

// Detached CMS (PKCS#7) signatures: the SRO signs its extracts with one, and members upload the .sig/.p7s files
// their CryptoPro (or any CMS tool) makes. Parsing shows who signed what and when; the checks that were actually
// done are listed, because GOST R 34.10-2012 signatures cannot be verified here without a GOST implementation.

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as never }));

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
};

/** Digest algorithms by OID: the ones node can compute, and GOST R 34.11-2012 named so we can say we could not. */
const DIGESTS: Record<string, { name: string; node?: string }> = {
  '2.16.840.1.101.3.4.2.1': { name: 'SHA-256', node: 'sha256' },
  '2.16.840.1.101.3.4.2.2': { name: 'SHA-384', node: 'sha384' },
  '2.16.840.1.101.3.4.2.3': { name: 'SHA-512', node: 'sha512' },
  '1.3.14.3.2.26': { name: 'SHA-1', node: 'sha1' },
  '1.2.643.7.1.1.2.2': { name: 'ГОСТ Р 34.11-2012 (256 бит)' },
  '1.2.643.7.1.1.2.3': { name: 'ГОСТ Р 34.11-2012 (512 бит)' },
  '1.2.643.2.2.9': { name: 'ГОСТ Р 34.11-94' },
};

/** Russian certificate attributes (Приказ ФСБ № 795) beside the usual X.500 ones. */
const NAME_ATTRIBUTES: Record<string, string> = {
  '2.5.4.3': 'commonName',
  '2.5.4.4': 'surname',
  '2.5.4.42': 'givenName',
  '2.5.4.10': 'organization',
  '2.5.4.11': 'organizationalUnit',
  '2.5.4.12': 'title',
  '2.5.4.7': 'locality',
  '2.5.4.8': 'region',
  '2.5.4.9': 'street',
  '2.5.4.6': 'country',
  '1.2.840.113549.1.9.1': 'email',
  '1.2.643.3.131.1.1': 'inn',
  '1.2.643.100.4': 'innLe',
  '1.2.643.100.1': 'ogrn',
  '1.2.643.100.5': 'ogrnip',
  '1.2.643.100.3': 'snils',
};

export interface CertificateSubject {
  commonName?: string;
  surname?: string;
  givenName?: string;
  organization?: string;
  title?: string;
  email?: string;
  inn?: string;
  innLe?: string;
  ogrn?: string;
  ogrnip?: string;
  snils?: string;
  [key: string]: string | undefined;
}

export interface ParsedSignature {
  subject: CertificateSubject;
  /** The subject as one line, for people. */
  subjectLine: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  signedAt?: string;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  /** Hex of the signed messageDigest attribute (what the signer's hash of the file was). */
  messageDigest?: string;
  /** GOST: the hash of the file cannot be computed and the signature cannot be checked here. */
  gost: boolean;
}

export const toArrayBuffer = (buf: Uint8Array): ArrayBuffer => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;

/** The DER of a signature saved as DER, Base64 or PEM ("-----BEGIN PKCS7-----"), as CryptoPro offers them. */
function toDer(bytes: Uint8Array): Uint8Array {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart();
  if (!/^(-----BEGIN|MI[A-Za-z0-9+/])/.test(head)) return bytes;
  return Buffer.from(Buffer.from(bytes).toString('latin1').replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

export function nameOf(name: pkijs.RelativeDistinguishedNames): CertificateSubject {
  const out: CertificateSubject = {};
  for (const attr of name.typesAndValues) {
    const key = NAME_ATTRIBUTES[attr.type] ?? attr.type;
    const value = (attr.value.valueBlock as { value?: unknown }).value;
    // INN/OGRN/SNILS are NumericString; names are UTF8String or PrintableString.
    out[key] = typeof value === 'string' ? value : attr.value.toString();
  }
  return out;
}

export function subjectToLine(s: CertificateSubject): string {
  const person = s.commonName ?? [s.surname, s.givenName].filter(Boolean).join(' ');
  const ids = [s.inn && `ИНН ${s.inn}`, s.innLe && `ИНН ЮЛ ${s.innLe}`, s.ogrn && `ОГРН ${s.ogrn}`, s.ogrnip && `ОГРНИП ${s.ogrnip}`, s.snils && `СНИЛС ${s.snils}`];
  return [person, s.organization && s.organization !== person ? s.organization : undefined, s.title, ...ids].filter(Boolean).join(', ');
}

function readSignedData(der: Uint8Array): pkijs.SignedData {
  const asn = asn1js.fromBER(toArrayBuffer(der));
  if (asn.offset === -1) throw new Error('not DER');
  const info = new pkijs.ContentInfo({ schema: asn.result });
  if (info.contentType !== OID.signedData) throw new Error('not SignedData');
  return new pkijs.SignedData({ schema: info.content });
}

function signerCertificate(signed: pkijs.SignedData): pkijs.Certificate | undefined {
  const certs = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid = signed.signerInfos[0]?.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    const match = certs.find((c) => c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer));
    if (match) return match;
  }
  return certs[0];
}

function attribute(signer: pkijs.SignerInfo, oid: string): asn1js.AsnType | undefined {
  return signer.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0];
}

function signingTime(signer: pkijs.SignerInfo): string | undefined {
  const value = attribute(signer, OID.signingTime) as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  return value?.toDate ? value.toDate().toISOString() : undefined;
}

/** Parses a detached CMS signature (DER, or PEM/base64 as some tools save it); null when the bytes are not one. */
export function parseDetachedSignature(bytes: Uint8Array): ParsedSignature | null {
  let signed: pkijs.SignedData;
  try {
    signed = readSignedData(toDer(bytes));
  } catch {
    return null;
  }
  const signer = signed.signerInfos[0];
  const cert = signerCertificate(signed);
  if (!signer || !cert) return null;
  const digest = DIGESTS[signer.digestAlgorithm.algorithmId] ?? { name: signer.digestAlgorithm.algorithmId };
  const subject = nameOf(cert.subject);
  const md = attribute(signer, OID.messageDigest) as asn1js.OctetString | undefined;
  return {
    subject,
    subjectLine: subjectToLine(subject),
    issuer: subjectToLine(nameOf(cert.issuer)),
    serialNumber: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    signedAt: signingTime(signer),
    digestAlgorithm: digest.name,
    signatureAlgorithm: signer.signatureAlgorithm.algorithmId,
    messageDigest: md ? Buffer.from(md.valueBlock.valueHexView).toString('hex') : undefined,
    gost: signer.digestAlgorithm.algorithmId.startsWith('1.2.643.'),
  };
}

export interface SignatureCheck {
  /** The signed hash equals the file's hash (null: not computable here, GOST). */
  digestMatches: boolean | null;
  /** The signature value verifies with the certificate's public key (null: not checked, GOST). */
  signatureValid: boolean | null;
  /** The certificate was valid at the signing time (or now, without one). */
  certificateValidAtSigning: boolean;
  /** What was checked, in the words shown beside the file. */
  checks: string[];
}

/** Checks a detached signature against the file it claims to sign. */
export async function checkDetachedSignature(sigBytes: Uint8Array, content: Uint8Array, parsed: ParsedSignature): Promise<SignatureCheck> {
  const at = new Date(parsed.signedAt ?? Date.now());
  const certificateValidAtSigning = at >= new Date(parsed.notBefore) && at <= new Date(parsed.notAfter);
  const checks: string[] = [certificateValidAtSigning ? 'сертификат действовал на момент подписания' : 'сертификат не действовал на момент подписания'];
  if (parsed.gost) {
    checks.push(`алгоритм ${parsed.digestAlgorithm}: хэш файла и подпись не проверены — на сервере нет реализации ГОСТ; проверьте подпись в КриптоПро или на gosuslugi.ru/pgu/eds`);
    return { digestMatches: null, signatureValid: null, certificateValidAtSigning, checks };
  }
  const nodeDigest = Object.values(DIGESTS).find((d) => d.name === parsed.digestAlgorithm)?.node;
  let digestMatches: boolean | null = null;
  if (nodeDigest && parsed.messageDigest) {
    digestMatches = createHash(nodeDigest).update(content).digest('hex') === parsed.messageDigest;
    checks.push(digestMatches ? `хэш файла (${parsed.digestAlgorithm}) совпадает с подписанным` : `хэш файла (${parsed.digestAlgorithm}) не совпадает с подписанным: подпись относится к другому файлу`);
  }
  let signatureValid: boolean | null = null;
  try {
    signatureValid = await readSignedData(toDer(sigBytes)).verify({ signer: 0, data: toArrayBuffer(content), checkChain: false });
  } catch {
    signatureValid = false;
  }
  checks.push(signatureValid ? 'подпись математически верна (ключ сертификата)' : 'подпись математически неверна');
  checks.push('цепочка сертификата до аккредитованного УЦ не проверялась');
  return { digestMatches, signatureValid, certificateValidAtSigning, checks };
}

/** Signs `content` with the SRO's key: a detached CMS SignedData in DER (.p7s), as `openssl cms -verify` reads it. */
export async function signDetached(key: SroSigningKey, content: Uint8Array, signedAt = new Date()): Promise<Buffer> {
  const digest = createHash('sha256').update(content).digest();
  const signer = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: key.certificate.issuer, serialNumber: key.certificate.serialNumber }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: [
        new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
        new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signedAt })] }),
        new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })] }),
      ],
    }),
  });
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [signer],
    certificates: [key.certificate],
  });
  await signed.sign(key.privateKey, 0, key.hash);
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signed.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}
