import type { ParsedMail } from 'mailparser';
import { runWithTenant } from '../../server/src/core/tenancy';
import { Audit } from '../../server/src/audit/audit.model';
import type { TestPortal } from '../support/portal';
import { mailTo } from '../support/smtp';

// Helpers shared by the access tests (auth, admin, notifications).

/** The token of a `${path}?token=…` link in an e-mail's plain-text part. */
export const linkToken = (text: string | undefined, path: string) => text?.match(new RegExp(`${path}\\?token=([\\w-]+)`))?.[1];

/**
 * Runs database code in the portal's default SRO, as a request would. The query is awaited inside: a
 * mongoose query only runs when awaited, and must run while the SRO context is set.
 */
export const inSro = <T>(portal: TestPortal, fn: () => PromiseLike<T>): Promise<T> => runWithTenant(portal.defaultSroId, async () => await fn());

/** The n-th (0-based) letter to an address whose subject contains `subject`, waiting for it to arrive. */
export async function letterTo(portal: TestPortal, address: string, subject: string, nth = 0): Promise<ParsedMail> {
  const matches = (m: ParsedMail) => mailTo(address)(m) && !!m.subject?.includes(subject);
  await portal.smtp.waitFor((m) => matches(m) && portal.smtp.mails.filter(matches).length > nth);
  return portal.smtp.mails.filter(matches)[nth];
}

/** Audit actions recorded for a user, oldest first (waits briefly: some are written after the answer). */
export async function auditActions(portal: TestPortal, actorId: string, expected?: string): Promise<string[]> {
  for (let i = 0; i < 50; i++) {
    const rows = await inSro(portal, () => Audit.find({ actorId }).sort({ at: 1, _id: 1 }).lean());
    const actions = rows.map((r) => r.action);
    if (!expected || actions.includes(expected)) return actions;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no audit ${expected} for ${actorId}`);
}

/** A browser-like session: the cookies a login set, and the CSRF value to echo. */
export async function cookieLogin(url: string, login: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }),
  });
  const pairs = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const jar = new Map(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const update = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const key = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value) jar.set(key, value);
      else jar.delete(key);
    }
  };
  return {
    status: res.status,
    body: await res.json(),
    jar,
    cookie,
    async call(method: string, path: string, body?: unknown, csrf = true) {
      const r = await fetch(url + path, {
        method,
        headers: { cookie: cookie(), 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': jar.get('csrf') ?? '' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      update(r);
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : undefined, headers: r.headers };
    },
  };
}
