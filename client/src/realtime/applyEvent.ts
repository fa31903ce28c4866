import { batch } from '@preact/signals';
import { applyUnread, setUnread } from '../stores/unread';
import { addNotification } from '../stores/notifications';
import { putMessages, putThread, setViewers, startTyping, stopTyping } from '../stores/threads';
import { publish, type ServerEvent, type ServerEventMessage } from './hub';
import { SERVER_EVENTS } from './events';

/**
 * The one place where server events change client state (STYLE.md §13): the stores first, in one batch so
 * the badge, the bell and the lists re-render once; then the features that subscribed through the hub.
 * A new store that follows an event gets a line in this switch.
 */
export function applyEvent(e: ServerEventMessage): void {
  batch(() => {
    switch (e.event) {
      case 'unread:updated':
        applyUnread(e.payload);
        break;
      case 'unread:summary':
        setUnread(e.payload);
        break;
      case 'notification:created':
        addNotification(e.payload.notification);
        break;
      case 'thread:created':
      case 'thread:updated':
        putThread(e.payload.thread);
        break;
      case 'message:created':
        putMessages(e.payload.threadId, [e.payload.message]);
        // The message the other side was typing has arrived: "typing…" goes at once, not seconds later.
        if (e.payload.message.authorId) stopTyping(e.payload.threadId, e.payload.message.authorId);
        break;
      case 'thread:typing':
        startTyping(e.payload.threadId, { userId: e.payload.userId, name: e.payload.name });
        break;
      case 'thread:viewers':
        setViewers(e.payload.threadId, e.payload.viewers);
        break;
      case 'session:ended': // socket.ts signs the tab out or refreshes the session
        break;
    }
  });
  publish(e.event, e.payload as never);
}

/** Entry point for the socket's onAny: ignores names the contract does not know. */
export function applyRawEvent(event: string, payload: unknown): void {
  if ((SERVER_EVENTS as readonly string[]).includes(event)) applyEvent({ event: event as ServerEvent, payload } as ServerEventMessage);
}
