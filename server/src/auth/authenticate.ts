import type { RequestHandler } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { errors } from '../core/errors';
import { ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER } from './cookies';
import type { AuthUser, TokenService } from './tokens';

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameString = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Reads the user from `Authorization: Bearer` or the access cookie. Never rejects by itself: routes decide
 * (see core/routes). Cookie sessions that change state must echo the csrf cookie in X-CSRF-Token.
 */
export function authenticate(tokens: TokenService, isSessionActive: (user: AuthUser) => Promise<boolean>): RequestHandler {
  return async (req, _res, next) => {
    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/i)?.[1];
    const token = bearer ?? req.cookies?.[ACCESS_COOKIE];
    if (!token) return next();
    const user = await tokens.verifyAccess(token);
    if (!user || user.sroId !== req.sro?.id || !(await isSessionActive(user))) return next();
    if (!bearer && !SAFE_METHODS.has(req.method)) {
      const header = req.get(CSRF_HEADER) ?? '';
      const cookie = req.cookies?.[CSRF_COOKIE] ?? '';
      if (!cookie || !sameString(header, cookie)) return next(errors.forbidden('Нет CSRF-токена: обновите страницу'));
    }
    req.user = user;
    next();
  };
}
