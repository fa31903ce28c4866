import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Passwords: scrypt (memory-hard, in node:crypto), a salt per password, parameters kept in the hash string
// ("scrypt$N$r$p$salt$hash") so they can be raised later without breaking existing hashes: a sign-in with
// older parameters re-hashes (needsRehash). N=2^14, r=8 is 16 MB and ~40-60 ms here, which keeps a test
// run that signs in hundreds of times fast while still costing an attacker memory per guess.

const N = 2 ** 14;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEM = 64 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, KEY_LENGTH, { ...opts, maxmem: MAX_MEM }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const params = [Number(n), Number(r), Number(p)];
  if (scheme !== 'scrypt' || !salt || !key || params.some((v) => !Number.isInteger(v) || v < 1)) return null;
  // Refuse parameters that would need more memory than we allow (a tampered hash must not stall the server).
  if (128 * params[0] * params[1] * params[2] > MAX_MEM) return null;
  return { N: params[0], r: params[1], p: params[2], salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time check. Without a stored hash it still does the same work, so timing reveals nothing. */
export async function verifyPassword(password: string, stored: string | undefined | null): Promise<boolean> {
  const parsed = stored ? parseHash(stored) : null;
  if (!parsed) {
    await scrypt(password, randomBytes(16), { N, r: R, p: P });
    return false;
  }
  const key = await scrypt(password, parsed.salt, { N: parsed.N, r: parsed.r, p: parsed.p });
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when the hash was made with other parameters than today's: re-hash it on the next sign-in. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.N !== N || parsed.r !== R || parsed.p !== P;
}
