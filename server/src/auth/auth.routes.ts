import type { Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import {
  changePasswordSchema, loginSchema, passwordResetRequestSchema, tokenPasswordSchema, type LoginResponse, type MeResponse,
} from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { User, type UserFields } from '../users/user.model';
import { Member, type MemberFields } from '../members/member.model';
import { presentMemberSummary, presentUser } from '../users/user.presenter';
import { deliverMail } from '../mail/mail.service';
import { templates } from '../mail/templates';
import { currentSro } from '../sros/current-sro';
import { clearSessionCookies, REFRESH_COOKIE, setSessionCookies } from './cookies';
import * as auth from './auth.service';

const meta = (req: Request): auth.RequestMeta => ({ ip: req.ip, userAgent: req.get('user-agent') });

function answerSession(req: Request, res: import('express').Response, issued: auth.IssuedSession): LoginResponse {
  setSessionCookies(req, res, issued.accessToken, issued.refreshToken);
  return { user: presentUser(issued.user), accessToken: issued.accessToken, expiresIn: issued.expiresIn, refreshToken: issued.refreshToken } as LoginResponse;
}

async function sendReset(ctx: ModuleContext, loginValue: string, req: Request): Promise<void> {
  const prepared = await auth.prepareReset(loginValue, meta(req));
  if (!prepared) return;
  const sro = await currentSro();
  const url = `${ctx.config.appUrl}/reset-password?token=${prepared.token}`;
  await deliverMail(ctx.mailer, ctx.logger, {
    ...templates.passwordReset(prepared.user.email, sro.name, url),
    memberId: prepared.user.memberId ? String(prepared.user.memberId) : undefined,
    userId: String(prepared.user._id),
  });
}

function authRoutes(ctx: ModuleContext): RouteSpec[] {
  const { tokens } = ctx;
  const limited = [authRateLimits(ctx.config.authRateLimit)];
  return [
    route({
      method: 'post', path: '/auth/login', access: 'public', body: loginSchema, middleware: limited,
      handler: async ({ req, res, body }) => answerSession(req, res, await auth.login(tokens, body.login, body.password, meta(req))),
    }),
    route({
      method: 'post', path: '/auth/refresh', access: 'public', body: z.object({ refreshToken: z.string().max(200).optional() }),
      handler: async ({ req, res, body }) => {
        const token = body.refreshToken ?? req.cookies?.[REFRESH_COOKIE];
        if (!token) throw errors.unauthenticated();
        return answerSession(req, res, await auth.refresh(tokens, token, meta(req)));
      },
    }),
    route({
      method: 'post', path: '/auth/logout', access: 'authenticated',
      handler: async ({ res, user }) => {
        await auth.revokeSession(user.sessionId);
        clearSessionCookies(res);
        return { ok: true };
      },
    }),
    route({
      method: 'post', path: '/auth/logout-all', access: 'authenticated',
      handler: async ({ res, user }) => {
        await auth.revokeAllSessions(user.id);
        clearSessionCookies(res);
        return { ok: true };
      },
    }),
    route({
      method: 'get', path: '/auth/me', access: 'authenticated',
      handler: async ({ user, req }): Promise<MeResponse> => {
        const stored = await User.findById(user.id).lean<UserFields>();
        if (!stored) throw errors.unauthenticated();
        const member = user.memberId ? await Member.findById(user.memberId).lean<MemberFields>() : null;
        return { user: presentUser(stored), member: member ? presentMemberSummary(member) : undefined, sro: req.sro! };
      },
    }),
    route({
      method: 'post', path: '/auth/activate', access: 'public', body: tokenPasswordSchema,
      handler: async ({ req, res, body }) => answerSession(req, res, await auth.activate(tokens, body.token, body.password, meta(req))),
    }),
    route({
      method: 'post', path: '/auth/password-reset', access: 'public', body: passwordResetRequestSchema, status: 202, middleware: limited,
      handler: async ({ req, body }) => {
        await sendReset(ctx, body.login, req);
        return { ok: true, message: 'Если такая учётная запись есть, мы отправили письмо со ссылкой для восстановления пароля' };
      },
    }),
    route({
      method: 'post', path: '/auth/password-reset/confirm', access: 'public', body: tokenPasswordSchema,
      handler: async ({ req, body }) => {
        await auth.confirmReset(body.token, body.password, meta(req));
        return { ok: true };
      },
    }),
    route({
      method: 'post', path: '/auth/password', access: 'authenticated', body: changePasswordSchema,
      handler: async ({ req, user, body }) => {
        const stored = await auth.changePassword(user, body.oldPassword, body.newPassword, meta(req));
        const sro = await currentSro();
        await deliverMail(ctx.mailer, ctx.logger, {
          ...templates.passwordChanged(stored.email, sro.name),
          memberId: stored.memberId ? String(stored.memberId) : undefined,
          userId: String(stored._id),
        });
        return { ok: true };
      },
    }),
  ];
}

/** Per-IP limits on the doors brute force knocks on; per-account lockout lives in auth.service. */
export function authRateLimits(limit: number) {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({ error: { code: 'rate_limited', message: 'Слишком много попыток. Повторите через несколько минут' } });
    },
  });
}

export const authModule: PortalModule = { name: 'auth', routes: authRoutes };
