import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { ACCESS_TOKEN_TTL_SECONDS } from './tokens';

export const ACCESS_COOKIE = 'access_token';
export const REFRESH_COOKIE = 'refresh_token';
export const CSRF_COOKIE = 'csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const REFRESH_TTL_SECONDS = 30 * 24 * 3600;

const secure = (req: Request) => req.secure;

/** Sets the session cookies: httpOnly tokens and a readable CSRF token the client echoes in X-CSRF-Token. */
export function setSessionCookies(req: Request, res: Response, accessToken: string, refreshToken: string): void {
  const base = { httpOnly: true, sameSite: 'lax' as const, secure: secure(req), path: '/' };
  res.cookie(ACCESS_COOKIE, accessToken, { ...base, maxAge: ACCESS_TOKEN_TTL_SECONDS * 1000 });
  res.cookie(REFRESH_COOKIE, refreshToken, { ...base, path: '/api/auth', maxAge: REFRESH_TTL_SECONDS * 1000 });
  res.cookie(CSRF_COOKIE, randomBytes(18).toString('base64url'), {
    sameSite: 'lax',
    secure: secure(req),
    path: '/',
    maxAge: REFRESH_TTL_SECONDS * 1000,
  });
}

export function clearSessionCookies(res: Response): void {
  res.clearCookie(ACCESS_COOKIE, { path: '/' });
  res.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
  res.clearCookie(CSRF_COOKIE, { path: '/' });
}

/** Reads one cookie from a raw Cookie header (used by the socket handshake, which has no cookie-parser). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
