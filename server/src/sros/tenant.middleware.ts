import type { RequestHandler } from 'express';
import { runWithTenant } from '../core/tenancy';
import { resolveSroByHost } from './sro.service';

declare module 'express-serve-static-core' {
  interface Request {
    sro?: { id: string; name: string };
  }
}

/** Puts the request's SRO (by host name) into the tenant context for everything that follows. */
export const tenantMiddleware: RequestHandler = async (req, res, next) => {
  const sro = await resolveSroByHost(req.hostname || req.headers.host);
  if (!sro) {
    res.status(404).json({ error: { code: 'not_found', message: 'Портал для этого адреса не настроен' } });
    return;
  }
  req.sro = { id: String(sro._id), name: sro.name };
  runWithTenant(req.sro.id, () => next());
};
