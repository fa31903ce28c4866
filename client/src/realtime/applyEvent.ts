import { batch } from '@preact/signals';
import { applyUnread } from '../stores/unread';
import { addNotification } from '../stores/notifications';
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
      case 'notification:created':
        addNotification(e.payload.notification);
        break;
      case 'thread:created':
      case 'thread:updated':
      case 'message:created':
      case 'thread:typing':
      case 'thread:viewers':
      case 'session:ended': // socket.ts signs the tab out or refreshes the session
        // No shared store yet: the journal, the inbox and the open thread keep their own lists (hub below).
        break;
    }
  });
  publish(e.event, e.payload as never);
}

/** Entry point for the socket's onAny: ignores names the contract does not know. */
export function applyRawEvent(event: string, payload: unknown): void {
  if ((SERVER_EVENTS as readonly string[]).includes(event)) applyEvent({ event: event as ServerEvent, payload } as ServerEventMessage);
}
