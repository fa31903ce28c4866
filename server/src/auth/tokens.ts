import { webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Role } from '@sro/shared';

// Short-lived access tokens (JWT, HS256). Refresh tokens are opaque, stored hashed, and rotate (auth.service).

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export interface AuthUser {
  id: string;
  role: Role;
  sroId: string;
  memberId?: string;
  /** The session (refresh-token family) this access token belongs to; revoking it ends the session. */
  sessionId: string;
  /** When the access token stops being valid (ms since epoch); a socket opened with it is closed then. */
  expiresAt?: number;
}

/** How many verified tokens are remembered (a reconnecting tab presents the same token again). */
const VERIFIED_CACHE_SIZE = 20_000;

export class TokenService {
  private readonly key: Uint8Array;
  /** Imported once: jose imports a raw key on every call otherwise (a WebCrypto round per token). */
  private verifyKey?: Promise<webcrypto.CryptoKey>;
  /**
   * Tokens already verified, by their exact text: the same string always verifies the same way, so only the
   * expiry is checked again. A reconnect storm presents every tab's token twice (handshake, then the catch-up
   * request); WebCrypto's HMAC was a fifth of the portal's CPU there. Revocation is checked elsewhere, per use
   * (isSessionActive), so remembering a signature's validity changes nothing about who gets in.
   */
  private readonly verified = new Map<string, AuthUser>();

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async signAccess(user: AuthUser): Promise<string> {
    return new SignJWT({ role: user.role, sro: user.sroId, mid: user.memberId, sid: user.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.key);
  }

  /** Returns the user, or null for a missing, forged or expired token. */
  async verifyAccess(token: string): Promise<AuthUser | null> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt !== undefined && known.expiresAt <= Date.now()) {
        this.verified.delete(token);
        return null;
      }
      return known;
    }
    const user = await this.verifySignature(token);
    if (user) {
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
      this.verified.set(token, Object.freeze(user)); // shared by every request with this token: never changed
    }
    return user;
  }

  private async verifySignature(token: string): Promise<AuthUser | null> {
    try {
      this.verifyKey ??= webcrypto.subtle.importKey('raw', this.key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      const { payload } = await jwtVerify(token, await this.verifyKey, { algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.sro !== 'string') return null;
      return {
        id: payload.sub,
        role: payload.role as Role,
        sroId: payload.sro,
        memberId: typeof payload.mid === 'string' ? payload.mid : undefined,
        sessionId: String(payload.sid ?? ''),
        expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
      };
    } catch {
      return null;
    }
  }
}
