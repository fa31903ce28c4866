import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, Ack, SessionEndedReason } from '@sro/shared';
import { isStaffRole, SESSION_ENDED_MESSAGE } from '@sro/shared';
import type { z } from 'zod';
import type { AuthUser, TokenService } from '../auth/tokens';
import { ACCESS_COOKIE, readCookie } from '../auth/cookies';
import { runWithTenant } from '../core/tenancy';
import { toAppError } from '../core/error-middleware';
import { parseOrThrow } from '../core/validate';
import type { Logger } from '../core/logger';
import { resolveSroByHost } from '../sros/sro.service';
import { forgetSession } from '../auth/session.model';
import { rooms } from './rooms';

export interface SocketData {
  user: AuthUser;
}

/** What portal processes sharing rooms through Redis tell each other (io.serverSideEmit). */
export interface PeerEvents {
  /** These sessions ended on one process: every other forgets that it saw them active (session.model's cache). */
  'sessions:ended': (sessionIds: string[]) => void;
}

export type PortalServer = Server<ClientToServerEvents, ServerToClientEvents, PeerEvents, SocketData>;
export type PortalSocket = Socket<ClientToServerEvents, ServerToClientEvents, PeerEvents, SocketData>;

export interface RealtimeDeps {
  tokens: TokenService;
  logger: Logger;
  isSessionActive: (user: AuthUser) => Promise<boolean>;
  /** The portal's public URL (APP_URL): its origin may open cookie-authenticated sockets. */
  appUrl: () => string;
}

type HandshakeRefusal = { code: 'unauthenticated' | 'forbidden'; message: string };

const refuse = (next: (err?: Error) => void, data: HandshakeRefusal) => {
  const err = new Error(data.code) as Error & { data?: unknown };
  err.data = data;
  next(err);
};

/**
 * A cookie rides along with any page's request, so a cookie-authenticated handshake must come from the portal's
 * own pages (cross-site WebSocket hijacking). A same-origin polling request carries no Origin: a browser always
 * sends one across origins, so its absence is not a foreign page. Bearer clients prove themselves by the token.
 */
function isOwnOrigin(origin: string | undefined, host: string | undefined, appUrl: string): boolean {
  if (!origin) return true;
  try {
    const from = new URL(origin);
    return from.origin === new URL(appUrl).origin || (!!host && from.host === host.toLowerCase());
  } catch {
    return false;
  }
}

/** Creates the Socket.IO server: authenticates the handshake and puts each socket in the rooms of its user. */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): PortalServer {
  const io: PortalServer = new Server(httpServer, { serveClient: false, cors: { origin: false } });
  io.use(async (socket, next) => {
    const { headers } = socket.handshake;
    const bearer = (socket.handshake.auth as { token?: unknown })?.token;
    const token = typeof bearer === 'string' ? bearer : readCookie(headers.cookie, ACCESS_COOKIE);
    if (typeof bearer !== 'string' && token && !isOwnOrigin(headers.origin, headers.host, deps.appUrl())) {
      return refuse(next, { code: 'forbidden', message: 'Подключение с чужого сайта отклонено' });
    }
    const user = token ? await deps.tokens.verifyAccess(token) : null;
    // The token's SRO must be the SRO of the address, as on REST (tenant.middleware + authenticate).
    const sro = user ? await resolveSroByHost(headers.host) : null;
    if (!user || !sro || String(sro._id) !== user.sroId || !(await deps.isSessionActive(user))) {
      return refuse(next, { code: 'unauthenticated', message: 'Войдите в личный кабинет' });
    }
    socket.data.user = user;
    next();
  });
  io.on('connection', (socket) => {
    const { user } = socket.data;
    socket.join(rooms.user(user.id));
    socket.join(rooms.session(user.sessionId));
    if (user.memberId && user.role === 'member') socket.join(rooms.member(user.memberId));
    if (isStaffRole(user.role)) socket.join(rooms.staff(user.sroId));
    closeWhenTokenExpires(socket, user);
  });
  return io;
}

/**
 * The access token lives 15 minutes: a socket must not outlive it. The client refreshes the session (reason
 * `expired`) and connects again with the new cookie, then catches up.
 */
function closeWhenTokenExpires(socket: PortalSocket, user: AuthUser): void {
  if (!user.expiresAt) return;
  const timer = setTimeout(() => endSocket(socket, 'expired'), Math.max(0, user.expiresAt - Date.now()));
  timer.unref();
  socket.once('disconnect', () => clearTimeout(timer));
}

function endSocket(socket: PortalSocket, reason: SessionEndedReason): void {
  socket.emit('session:ended', { reason, message: SESSION_ENDED_MESSAGE });
  socket.disconnect();
}

const peered = new WeakSet<PortalServer>();

/**
 * With the Redis adapter, a session ended on one process is forgotten at once by all: without it another process
 * would go on letting the session's access token in for as long as it remembers the session active.
 */
export function shareSessionEnds(io: PortalServer): void {
  peered.add(io);
  io.on('sessions:ended', (sessionIds) => sessionIds.forEach(forgetSession));
}

/**
 * Closes every socket of the sessions, on every process (rooms go through the Redis adapter), after telling
 * each why. `disconnect` without closing the transport sends the notice and the disconnect in order.
 */
export function endSessionSockets(io: PortalServer, sessionIds: string[], reason: SessionEndedReason): void {
  if (peered.has(io)) io.serverSideEmit('sessions:ended', sessionIds);
  const room = sessionIds.map(rooms.session);
  io.in(room).emit('session:ended', { reason, message: SESSION_ENDED_MESSAGE });
  io.in(room).disconnectSockets(false);
}

/**
 * Registers one client → server event: validates the payload with the shared schema, runs the handler in the
 * socket's SRO, and answers through the ack with `{ok: true, ...}` or `{ok: false, error}` (STYLE.md 3).
 */
export function onEvent<T, R extends object>(
  socket: PortalSocket,
  event: keyof ClientToServerEvents,
  schema: z.ZodType<T>,
  handler: (payload: T, user: AuthUser) => Promise<R>,
  logger: Logger,
): void {
  (socket.on as (ev: string, fn: (...args: unknown[]) => void) => void)(event, (payload: unknown, ack?: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (res: Ack<R>) => void) : () => undefined;
    const user = socket.data.user;
    runWithTenant(user.sroId, async () => {
      try {
        const result = await handler(parseOrThrow(schema, payload), user);
        reply({ ok: true, ...result } as Ack<R>);
      } catch (err) {
        const appError = toAppError(err);
        if (!appError) logger.error({ err, event }, 'socket handler failed');
        reply({
          ok: false,
          error: appError?.toDetail() ?? { code: 'internal', message: 'Внутренняя ошибка' },
        });
      }
    });
  });
}
