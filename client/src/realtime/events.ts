import { SOCKET_EVENTS } from '@sro/shared/events';
import type { ServerEvent } from './hub';

// The server → client event names, taken from the shared contract (the names live only there).
const serverEvents: Record<ServerEvent, true> = {
  [SOCKET_EVENTS.messageCreated]: true,
  [SOCKET_EVENTS.threadUpdated]: true,
  [SOCKET_EVENTS.threadCreated]: true,
  [SOCKET_EVENTS.unreadUpdated]: true,
  [SOCKET_EVENTS.unreadSummary]: true,
  [SOCKET_EVENTS.notificationCreated]: true,
  [SOCKET_EVENTS.typing]: true,
  [SOCKET_EVENTS.viewers]: true,
  [SOCKET_EVENTS.sessionEnded]: true,
};
export const SERVER_EVENTS = Object.keys(serverEvents) as ServerEvent[];
