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

export class TokenService {
  private readonly key: Uint8Array;
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
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
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
