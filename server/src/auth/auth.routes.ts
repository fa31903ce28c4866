import type { Request, Response } from 'express';
import {
  changePasswordSchema, loginSchema, passwordResetRequestSchema, refreshSchema, tokenPasswordSchema, type LoginResponse, type MeResponse,
} from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { audit } from '../audit/audit.service';
import { User, type UserFields } from '../users/user.model';
import { Member, type MemberFields } from '../members/member.model';
import { presentMemberSummary, presentUser } from '../users/user.presenter';
import { deliverMail } from '../mail/mail.service';
import { templates } from '../mail/templates';
import { currentSro } from '../sros/current-sro';
import { clearSessionCookies, REFRESH_COOKIE, setSessionCookies } from './cookies';
import { login } from './auth.service';
import { refresh, revokeAllSessions, revokeSession, type IssuedSession } from './sessions.service';
import { activate, changePassword, confirmReset, prepareReset } from './credentials.service';
import { createAuthLimiters } from './login-guard';
import { requestMeta } from './request-meta';

// Authentication (API.md "Authentication"); documented in docs/api-auth.md.

const RESET_ACCEPTED = { ok: true, message: 'Если такая учётная запись есть, мы отправили на её e-mail ссылку для восстановления пароля' };

/** Sets the session cookies and answers with the user and the access token (the refresh token for API clients). */
function answerSession(req: Request, res: Response, issued: IssuedSession): LoginResponse {
  setSessionCookies(req, res, issued.accessToken, issued.refreshToken);
  return { user: presentUser(issued.user), accessToken: issued.accessToken, expiresIn: issued.expiresIn, refreshToken: issued.refreshToken };
}

const memberOf = (user: Pick<UserFields, 'memberId' | '_id'>) => (user.memberId ? String(user.memberId) : undefined);

/**
 * Issues the link and sends the e-mail. Runs after the 202 went out, so an existing account does not answer
 * measurably slower than an unknown one.
 */
async function sendReset(ctx: ModuleContext, loginValue: string, req: Request): Promise<void> {
  const prepared = await prepareReset(loginValue, requestMeta(req));
  if (!prepared) return;
  const sro = await currentSro();
  const url = `${ctx.config.appUrl}/reset-password?token=${prepared.token}`;
  await deliverMail(ctx.mailer, ctx.logger, { ...templates.passwordReset(prepared.user.email, sro.name, url), memberId: memberOf(prepared.user), userId: String(prepared.user._id) });
}

async function sendPasswordChanged(ctx: ModuleContext, user: UserFields): Promise<void> {
  const sro = await currentSro();
  await deliverMail(ctx.mailer, ctx.logger, { ...templates.passwordChanged(user.email, sro.name), memberId: memberOf(user), userId: String(user._id) });
}

const ATTACK_NOTICE_EVERY_MS = 3600_000;

/**
 * Tells the owner that their password is being guessed — once an hour at most (compare-and-set on the user),
 * whatever number of addresses the attacker uses. Runs after the answer: timing stays that of an unknown login.
 */
function noticeLoginAttack(ctx: ModuleContext) {
  return (user: UserFields, ip: string | undefined) => {
    ctx.events.track((async () => {
      const since = new Date(Date.now() - ATTACK_NOTICE_EVERY_MS);
      const claimed = await User.updateOne(
        { _id: user._id, $or: [{ attackNoticeAt: null }, { attackNoticeAt: { $lt: since } }] },
        { $set: { attackNoticeAt: new Date() } },
      );
      if (!claimed.modifiedCount) return;
      const sro = await currentSro();
      await deliverMail(ctx.mailer, ctx.logger, { ...templates.loginAttack(user.email, sro.name, ip ?? 'неизвестен'), memberId: memberOf(user), userId: String(user._id) });
    })(), 'login attack notice');
  };
}

function sessionRoutes(ctx: ModuleContext, limiters: ReturnType<typeof createAuthLimiters>): RouteSpec[] {
  const { tokens } = ctx;
  const onAttack = noticeLoginAttack(ctx);
  return [
    route({
      method: 'post', path: '/auth/login', access: 'public', body: loginSchema, middleware: [limiters.failures],
      handler: async ({ req, res, body }) => answerSession(req, res, await login(tokens, body.login, body.password, requestMeta(req), onAttack)),
    }),
    route({
      method: 'post', path: '/auth/refresh', access: 'public', body: refreshSchema, middleware: [limiters.failures],
      handler: async ({ req, res, body }) => {
        const token = body.refreshToken ?? req.cookies?.[REFRESH_COOKIE];
        if (!token) throw errors.unauthenticated('Сеанс завершён, войдите снова');
        return answerSession(req, res, await refresh(tokens, token, requestMeta(req)));
      },
    }),
    route({
      method: 'post', path: '/auth/logout', access: 'authenticated',
      handler: async ({ req, res, user }) => {
        await revokeSession(user.sessionId);
        await audit({ action: 'auth.logout', actorId: user.id, actorRole: user.role, ip: req.ip });
        clearSessionCookies(res);
        return { ok: true };
      },
    }),
    route({
      method: 'post', path: '/auth/logout-all', access: 'authenticated',
      handler: async ({ req, res, user }) => {
        const sessions = await revokeAllSessions(user.id, 'logout_all');
        await audit({ action: 'auth.logout_all', actorId: user.id, actorRole: user.role, ip: req.ip, details: { sessions } });
        clearSessionCookies(res);
        return { ok: true, sessions };
      },
    }),
    route({
      method: 'get', path: '/auth/me', access: 'authenticated',
      handler: async ({ user, req }): Promise<MeResponse> => {
        const stored = await User.findById(user.id).lean<UserFields>();
        if (!stored || stored.status !== 'active') throw errors.unauthenticated();
        const member = user.memberId ? await Member.findById(user.memberId).lean<MemberFields>() : null;
        return { user: presentUser(stored), member: member ? presentMemberSummary(member) : undefined, sro: req.sro! };
      },
    }),
  ];
}

function credentialRoutes(ctx: ModuleContext, limiters: ReturnType<typeof createAuthLimiters>): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/auth/activate', access: 'public', body: tokenPasswordSchema, middleware: [limiters.failures],
      handler: async ({ req, res, body }) => answerSession(req, res, await activate(ctx.tokens, body.token, body.password, requestMeta(req))),
    }),
    route({
      method: 'post', path: '/auth/password-reset', access: 'public', body: passwordResetRequestSchema, status: 202, middleware: [limiters.resets],
      handler: ({ req, body }) => {
        ctx.events.track(sendReset(ctx, body.login, req), 'password reset');
        return RESET_ACCEPTED;
      },
    }),
    route({
      method: 'post', path: '/auth/password-reset/confirm', access: 'public', body: tokenPasswordSchema, middleware: [limiters.failures],
      handler: async ({ req, res, body }) => {
        await confirmReset(body.token, body.password, requestMeta(req));
        // Whatever session this browser had is gone too: sign in with the new password.
        clearSessionCookies(res);
        return { ok: true };
      },
    }),
    route({
      method: 'post', path: '/auth/password', access: 'authenticated', body: changePasswordSchema, middleware: [limiters.failures],
      handler: async ({ req, user, body }) => {
        const stored = await changePassword(user, body.oldPassword, body.newPassword, requestMeta(req));
        await sendPasswordChanged(ctx, stored);
        return { ok: true };
      },
    }),
  ];
}

function authRoutes(ctx: ModuleContext): RouteSpec[] {
  // One set of limiters per app: separate portals (tests) never share counters.
  const limiters = createAuthLimiters(ctx.config.authRateLimit);
  return [...sessionRoutes(ctx, limiters), ...credentialRoutes(ctx, limiters)];
}

export const authModule: PortalModule = { name: 'auth', routes: authRoutes };
