import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, Ack } from '@sro/shared';
import { isStaffRole } from '@sro/shared';
import type { z } from 'zod';
import type { AuthUser, TokenService } from '../auth/tokens';
import { ACCESS_COOKIE, readCookie } from '../auth/cookies';
import { runWithTenant } from '../core/tenancy';
import { toAppError } from '../core/error-middleware';
import { parseOrThrow } from '../core/validate';
import type { Logger } from '../core/logger';
import { rooms } from './rooms';

export interface SocketData {
  user: AuthUser;
}

export type PortalServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type PortalSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
  tokens: TokenService;
  logger: Logger;
  isSessionActive: (user: AuthUser) => Promise<boolean>;
}

/** Creates the Socket.IO server: authenticates the handshake and puts each socket in the rooms of its user. */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): PortalServer {
  const io: PortalServer = new Server(httpServer, { serveClient: false, cors: { origin: false } });
  io.use(async (socket, next) => {
    const token =
      (socket.handshake.auth as { token?: string })?.token ??
      readCookie(socket.handshake.headers.cookie, ACCESS_COOKIE);
    const user = token ? await deps.tokens.verifyAccess(token) : null;
    if (!user || !(await deps.isSessionActive(user))) {
      const err = new Error('unauthenticated') as Error & { data?: unknown };
      err.data = { code: 'unauthenticated', message: 'Войдите в личный кабинет' };
      return next(err);
    }
    socket.data.user = user;
    next();
  });
  io.on('connection', (socket) => {
    const { user } = socket.data;
    socket.join(rooms.user(user.id));
    if (user.memberId && user.role === 'member') socket.join(rooms.member(user.memberId));
    if (isStaffRole(user.role)) socket.join(rooms.staff(user.sroId));
  });
  return io;
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
