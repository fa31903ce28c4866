import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { isStaffRole } from '@sro/shared';
import type { AuthUser } from '../auth/tokens';
import { errors } from './errors';

/**
 * Every route declares who may call it (STYLE.md 12). A route without an `access` rule throws at start-up.
 *   public        — anyone, no sign-in
 *   authenticated — any signed-in user
 *   member        — a member's user (always limited to its own member)
 *   staff         — expert or admin
 *   admin         — admin only
 */
export type Access = 'public' | 'authenticated' | 'member' | 'staff' | 'admin';

export interface RouteContext<B, Q, P> {
  req: Request;
  res: Response;
  body: B;
  query: Q;
  params: P;
  /** Present on every route but public ones. */
  user: AuthUser;
  sroId: string;
}

export interface RouteSpec<B = unknown, Q = unknown, P = Record<string, string>> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  access: Access;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Runs before validation (rate limits, uploads). */
  middleware?: RequestHandler[];
  /** HTTP status of a successful answer (default 200). */
  status?: number;
  /** Returns the JSON body; return `undefined` after writing the response yourself (downloads, redirects). */
  handler: (ctx: RouteContext<B, Q, P>) => Promise<unknown> | unknown;
}

/** Helper that keeps the generic types of each route when listing several in an array. */
export function route<B = unknown, Q = unknown, P = Record<string, string>>(spec: RouteSpec<B, Q, P>): RouteSpec {
  return spec as unknown as RouteSpec;
}

function checkAccess(access: Access, user: AuthUser | undefined): void {
  if (access === 'public') return;
  if (!user) throw errors.unauthenticated();
  if (access === 'member' && user.role !== 'member') throw errors.forbidden('Раздел доступен членам СРО');
  if (access === 'staff' && !isStaffRole(user.role)) throw errors.forbidden('Раздел доступен сотрудникам СРО');
  if (access === 'admin' && user.role !== 'admin') throw errors.forbidden('Раздел доступен администратору');
}

const ACCESS_RULES: readonly Access[] = ['public', 'authenticated', 'member', 'staff', 'admin'];

export function buildRouter(specs: RouteSpec[]): Router {
  const router = Router();
  for (const spec of specs) {
    if (!ACCESS_RULES.includes(spec.access)) {
      throw new Error(`Route ${spec.method.toUpperCase()} ${spec.path} declares no access rule`);
    }
    router[spec.method](spec.path, ...(spec.middleware ?? []), async (req: Request, res: Response) => {
      checkAccess(spec.access, req.user);
      const body = spec.body ? spec.body.parse(req.body ?? {}) : req.body;
      const query = spec.query ? spec.query.parse(req.query) : req.query;
      const params = spec.params ? spec.params.parse(req.params) : req.params;
      const result = await spec.handler({
        req,
        res,
        body,
        query,
        params,
        user: req.user as AuthUser,
        sroId: req.sro!.id,
      } as RouteContext<unknown, unknown, Record<string, string>>);
      if (result === undefined || res.headersSent) return;
      res.status(spec.status ?? 200).json(result);
    });
  }
  return router;
}
