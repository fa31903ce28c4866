import path from 'node:path';

// Every environment variable the portal reads, in one place (README "Configuration" lists them).

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  mongodbUri?: string;
  /** The embedded database's thread (EMBEDDED_DB_THREAD): 'inline' in the portal's event loop, or 'worker'. */
  embeddedDbThread: 'inline' | 'worker';
  /** EMBEDDED_DB_REPAIR=1: start on a damaged journal or snapshot, keeping a copy and recovering what is readable. */
  embeddedDbRepair: boolean;
  seedDemo: boolean;
  smtpUrl?: string;
  mailFrom: string;
  appUrl: string;
  redisUrl?: string;
  jwtSecret?: string;
  logLevel: string;
  /**
   * Which proxy in front to believe about the client's address (express "trust proxy"): false, a hop count,
   * or addresses/subnets ("loopback", "10.0.0.2"). Never "every hop": a forged X-Forwarded-For would pick the IP.
   */
  trustProxy: false | number | string;
  /** Keep message text out of notification e-mails (DESIGN.md §9). */
  mailWithoutContent: boolean;
  /** Serve the built client from this folder when it exists. */
  clientDist: string;
  nodeEnv: string;
  /** Sign-in and reset attempts per IP per 15 minutes. */
  authRateLimit: number;
  /** Upload limit (DESIGN.md §6): bytes per file; files at once are MAX_FILES_PER_UPLOAD (shared). */
  maxFileBytes: number;
  /** Bytes of a user's uploads not yet attached to anything (UPLOAD_QUOTA_MB); they are removed after a day. */
  uploadQuotaBytes: number;
  /** A connection that sends no request headers within this time is closed (HEADERS_TIMEOUT_MS). */
  headersTimeoutMs: number;
  /** Open connections one address may hold (MAX_CONNECTIONS_PER_IP; 0 = no cap, the default behind a proxy). */
  maxConnectionsPerAddress: number;
  /** The SRO's signing key for registry extracts: a PKCS#12 file and its password (none: a test key in DATA_DIR). */
  extractSigningP12?: string;
  extractSigningP12Password?: string;
}

const flag = (value: string | undefined, fallback: boolean): boolean =>
  value === undefined || value === '' ? fallback : ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());

/** TRUST_PROXY: a hop count ("1": the one nginx in front), or the proxy's addresses; "true" means one hop. */
export function parseTrustProxy(value: string | undefined): false | number | string {
  const v = (value ?? '').trim().toLowerCase();
  if (!v || ['0', 'false', 'no', 'off'].includes(v)) return false;
  if (['true', 'yes', 'on'].includes(v)) return 1;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  const mongodbUri = env.MONGODB_URI || undefined;
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    mongodbUri,
    embeddedDbThread: env.EMBEDDED_DB_THREAD === 'worker' ? 'worker' : 'inline',
    embeddedDbRepair: flag(env.EMBEDDED_DB_REPAIR, false),
    // Demo data by default on the embedded database, never by default on a real one.
    seedDemo: flag(env.SEED_DEMO, !mongodbUri),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'СРО — личный кабинет <no-reply@sro.local>',
    appUrl: (env.APP_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    redisUrl: env.REDIS_URL || undefined,
    jwtSecret: env.JWT_SECRET || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    mailWithoutContent: flag(env.MAIL_WITHOUT_CONTENT, false),
    clientDist: path.resolve(env.CLIENT_DIST ?? new URL('../../../client/dist', import.meta.url).pathname),
    nodeEnv: env.NODE_ENV ?? 'development',
    authRateLimit: Number(env.AUTH_RATE_LIMIT ?? 100),
    maxFileBytes: Number(env.MAX_FILE_MB ?? 25) * 1024 * 1024,
    headersTimeoutMs: Number(env.HEADERS_TIMEOUT_MS ?? 10_000),
    maxConnectionsPerAddress: Number(env.MAX_CONNECTIONS_PER_IP ?? (parseTrustProxy(env.TRUST_PROXY) === false ? 256 : 0)),
    uploadQuotaBytes: Number(env.UPLOAD_QUOTA_MB ?? 100) * 1024 * 1024,
    extractSigningP12: env.EXTRACT_SIGNING_P12 ? path.resolve(env.EXTRACT_SIGNING_P12) : undefined,
    extractSigningP12Password: env.EXTRACT_SIGNING_P12_PASSWORD ?? '',
  };
}
