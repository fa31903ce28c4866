import type { ErrorDetail } from './errors';
import type { MessageDto, ThreadDto, SendMessageInput, UnreadSummary, UnreadUpdate } from './schemas/threads';

// The one contract for Socket.IO events (API.md "Realtime"). Event names live only here.

export interface NotificationDto {
  id: string;
  kind: string;
  title: string;
  body?: string;
  link?: string;
  threadId?: string;
  read: boolean;
  createdAt: string;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorDetail };

/** Why the server closed a socket's session: `expired` only needs a refresh, the others a new sign-in. */
export type SessionEndedReason = 'expired' | 'logout' | 'logout_all' | 'password_changed' | 'password_reset' | 'blocked' | 'revoked';

export const SESSION_ENDED_MESSAGE = 'Сеанс завершён — войдите снова';

export interface ServerToClientEvents {
  /** Sent right before the server disconnects the socket because its session ended. */
  'session:ended': (payload: { reason: SessionEndedReason; message: string }) => void;
  'message:created': (payload: { threadId: string; message: MessageDto }) => void;
  'thread:updated': (payload: { thread: ThreadDto }) => void;
  'thread:created': (payload: { thread: ThreadDto }) => void;
  'unread:updated': (payload: UnreadUpdate) => void;
  /** The user's badges as they stand, sent once to every socket right after it connects (GET /api/unread's body). */
  'unread:summary': (payload: UnreadSummary) => void;
  'notification:created': (payload: { notification: NotificationDto }) => void;
  'thread:typing': (payload: { threadId: string; userId: string; name: string }) => void;
  'thread:viewers': (payload: { threadId: string; viewers: { userId: string; name: string }[] }) => void;
}

export interface ClientToServerEvents {
  'message:send': (payload: SendMessageInput, ack: (res: Ack<{ message: MessageDto }>) => void) => void;
  'thread:read': (payload: { threadId: string; seq: number }, ack: (res: Ack) => void) => void;
  /** `internal`: staff typing an internal note — relayed to staff only. */
  'thread:typing': (payload: { threadId: string; internal?: boolean }) => void;
  /** Staff: announce that this socket is viewing a thread (null = stopped viewing). */
  'thread:view': (payload: { threadId: string | null }) => void;
}

export const SOCKET_EVENTS = {
  messageCreated: 'message:created',
  threadUpdated: 'thread:updated',
  threadCreated: 'thread:created',
  unreadUpdated: 'unread:updated',
  unreadSummary: 'unread:summary',
  notificationCreated: 'notification:created',
  typing: 'thread:typing',
  viewers: 'thread:viewers',
  sessionEnded: 'session:ended',
  messageSend: 'message:send',
  threadRead: 'thread:read',
  threadView: 'thread:view',
} as const satisfies Record<string, keyof ServerToClientEvents | keyof ClientToServerEvents>;
