import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { nameOf, subjectToLine, toArrayBuffer } from './cms';

// The SRO's signing key for registry extracts (issue 13): from the PKCS#12 file the configuration names
// (EXTRACT_SIGNING_P12 + EXTRACT_SIGNING_P12_PASSWORD), or a test key generated once into DATA_DIR — which every
// verification page then marks "test signature, not qualified".

export type { SroSigningKey } from './cms';
import type { SroSigningKey } from './cms';

const subtle = webcrypto.subtle;

const OID_PKCS8_SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const OID_KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const OID_CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const EC_CURVES: Record<string, string> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };


/** The WebCrypto import parameters of a PKCS#8 key: RSA (PKCS#1 v1.5) or ECDSA on a NIST curve. */
function keyAlgorithm(info: pkijs.PrivateKeyInfo): webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams {
  const oid = info.privateKeyAlgorithm.algorithmId;
  if (oid !== OID_EC_PUBLIC_KEY) return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const curveOid = (info.privateKeyAlgorithm.algorithmParams as asn1js.ObjectIdentifier | undefined)?.valueBlock.toString();
  const namedCurve = curveOid && EC_CURVES[curveOid];
  if (!namedCurve) throw new Error(`EXTRACT_SIGNING_P12: кривая ${curveOid} не поддерживается (нужен RSA или ECDSA P-256/384/521)`);
  return { name: 'ECDSA', namedCurve };
}

export const subjectLine = (cert: pkijs.Certificate): string => subjectToLine(nameOf(cert.subject));

/** A self-signed certificate for the test key (pkijs: no reflect-metadata, no extra dependency). */
async function selfSignedCertificate(keys: CryptoKeyPair, commonName: string, organization: string): Promise<pkijs.Certificate> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: Math.floor(Date.now() / 1000) });
  const name = (rdn: pkijs.RelativeDistinguishedNames) => {
    rdn.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: commonName }) }));
    rdn.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: '2.5.4.10', value: new asn1js.Utf8String({ value: organization }) }));
  };
  name(cert.subject);
  name(cert.issuer);
  cert.notBefore.value = new Date();
  cert.notAfter.value = new Date(Date.now() + 10 * 365 * 86_400_000);
  // keyUsage: digitalSignature + nonRepudiation (contentCommitment).
  const usage = new asn1js.BitString({ valueHex: new Uint8Array([0xc0]).buffer, unusedBits: 6 });
  cert.extensions = [new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: usage.toBER(false), parsedValue: usage })];
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  await cert.sign(keys.privateKey, 'SHA-256');
  return cert;
}

/** Reads the key and certificate out of a PKCS#12 (.p12/.pfx) file, as openssl or CryptoPro's export writes it. */
export async function loadPkcs12(file: Buffer, password: string): Promise<SroSigningKey> {
  const pass = toArrayBuffer(Buffer.from(password, 'utf8'));
  const pfx = pkijs.PFX.fromBER(toArrayBuffer(file));
  await pfx.parseInternalValues({ password: pass, checkIntegrity: true });
  const authSafe = pfx.parsedValue?.authenticatedSafe;
  if (!authSafe) throw new Error('EXTRACT_SIGNING_P12: файл не похож на PKCS#12');
  await authSafe.parseInternalValues({ safeContents: authSafe.safeContents.map(() => ({ password: pass })) });
  let keyInfo: pkijs.PrivateKeyInfo | undefined;
  let certificate: pkijs.Certificate | undefined;
  for (const contents of authSafe.parsedValue?.safeContents ?? []) {
    for (const bag of contents.value.safeBags) {
      if (bag.bagId === OID_PKCS8_SHROUDED_KEY_BAG) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        // Public in the library, declared protected in its types.
        await (shrouded as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password: pass });
        keyInfo = shrouded.parsedValue;
      } else if (bag.bagId === OID_KEY_BAG) {
        keyInfo = bag.bagValue as unknown as pkijs.PrivateKeyInfo;
      } else if (bag.bagId === OID_CERT_BAG && !certificate) {
        certificate = (bag.bagValue as pkijs.CertBag).parsedValue as pkijs.Certificate;
      }
    }
  }
  if (!keyInfo || !certificate) throw new Error('EXTRACT_SIGNING_P12: в файле нет ключа или сертификата');
  const der = keyInfo.toSchema().toBER(false);
  const privateKey = await subtle.importKey('pkcs8', der, keyAlgorithm(keyInfo), false, ['sign']);
  return { privateKey, certificate, hash: 'SHA-256', test: false, subject: subjectLine(certificate) };
}

/** A self-signed RSA key for an installation without a PKCS#12 file: made once, kept in DATA_DIR/signing. */
async function loadOrCreateTestKey(dataDir: string, sroName: string): Promise<SroSigningKey> {
  const dir = path.join(dataDir, 'signing');
  const keyFile = path.join(dir, 'test-key.pk8');
  const certFile = path.join(dir, 'test-cert.der');
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    const keys = (await subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
    const cert = await selfSignedCertificate(keys, `${sroName.slice(0, 50)} (тестовая подпись)`, sroName.slice(0, 60));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(keyFile, Buffer.from(await subtle.exportKey('pkcs8', keys.privateKey)), { mode: 0o600 });
    await writeFile(certFile, Buffer.from(cert.toSchema(true).toBER(false)));
  }
  const privateKey = await subtle.importKey('pkcs8', toArrayBuffer(await readFile(keyFile)), algorithm, false, ['sign']);
  const certificate = pkijs.Certificate.fromBER(toArrayBuffer(await readFile(certFile)));
  return { privateKey, certificate, hash: 'SHA-256', test: true, subject: subjectLine(certificate) };
}

/** Loaded once per file (tests run several portals, each with its own DATA_DIR, in one process). */
const cache = new Map<string, Promise<SroSigningKey>>();

/** The configured key: the PKCS#12 file when one is named, else the installation's test key. */
export function sroSigningKey(opts: { dataDir: string; p12Path?: string; p12Password?: string; sroName: string }): Promise<SroSigningKey> {
  const where = opts.p12Path ?? opts.dataDir;
  let key = cache.get(where);
  if (!key) {
    key = opts.p12Path ? readFile(opts.p12Path).then((file) => loadPkcs12(file, opts.p12Password ?? '')) : loadOrCreateTestKey(opts.dataDir, opts.sroName);
    // A failed load (wrong password, missing file) is retried next time instead of being remembered.
    key.catch(() => cache.delete(where));
    cache.set(where, key);
  }
  return key;
}
