import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Field names whose values are secrets wherever they appear in a logged object (bodies, details, errors). */
const SECRET_FIELDS = ['password', 'oldPassword', 'newPassword', 'token', 'refreshToken', 'accessToken', 'cookie', 'authorization', 'set-cookie'];

/** Paths pino censors: headers of requests and responses, and secret fields up to two levels deep. */
export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie',
  ...SECRET_FIELDS.flatMap((f) => [`["${f}"]`, `*["${f}"]`, `*.*["${f}"]`]),
];

/** `destination` lets tests read what would be written (the log of a sign-in must hold no secret). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: undefined, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

const SECRET_QUERY = new Set(SECRET_FIELDS.map((f) => f.toLowerCase()));
/** Free-text searches are personal data (names, INNs, passport numbers): only their length is logged. */
const SEARCH_QUERY = new Set(['q', 'search']);

/** A request URL fit for the log: secret query values censored, search text replaced by its length. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = new URLSearchParams(url.slice(at + 1));
  const shown: string[] = [];
  for (const [key, value] of params) {
    const name = key.toLowerCase();
    if (SECRET_QUERY.has(name)) shown.push(`${key}=[redacted]`);
    else if (SEARCH_QUERY.has(name)) shown.push(`${key}=[${value.length} chars]`);
    else shown.push(`${key}=${encodeURIComponent(value)}`);
  }
  return `${url.slice(0, at)}?${shown.join('&')}`;
}
