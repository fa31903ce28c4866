// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotificationDto } from '@sro/shared/events';
import type { MessageDto, ThreadDto } from '@sro/shared/schemas/threads';
import { applyEvent, applyRawEvent } from '../../client/src/realtime/applyEvent';
import { subscribe } from '../../client/src/realtime/hub';
import { unread, unreadFor } from '../../client/src/stores/unread';
import { notifications, notificationsUnread } from '../../client/src/stores/notifications';

// The one place socket events change client state: stores first, then the features that subscribed.

const notice = (id: string, read = false): NotificationDto => ({ id, kind: 'thread_reply', title: `Ответ ${id}`, read, createdAt: '2026-01-10T10:00:00.000Z' });

beforeEach(() => {
  unread.value = { total: 0, threads: {}, byDirection: { incoming: 0, outgoing: 0 } };
  notifications.value = [];
  notificationsUnread.value = 0;
});

describe('applyEvent', () => {
  it('unread:updated sets the per-thread badge and the total the server computed; zero removes the badge', () => {
    applyEvent({ event: 'unread:updated', payload: { total: 3, threadId: 't1', count: 2, byDirection: { incoming: 2, outgoing: 0 } } });
    applyEvent({ event: 'unread:updated', payload: { total: 3, threadId: 't2', count: 1, byDirection: { incoming: 2, outgoing: 1 } } });
    expect(unread.value).toEqual({ total: 3, threads: { t1: 2, t2: 1 }, byDirection: { incoming: 2, outgoing: 1 } });
    applyEvent({ event: 'unread:updated', payload: { total: 1, threadId: 't1', count: 0, byDirection: { incoming: 0, outgoing: 1 } } });
    expect(unread.value).toEqual({ total: 1, threads: { t2: 1 }, byDirection: { incoming: 0, outgoing: 1 } });
    expect(unreadFor('t1')).toBe(0);
  });

  it('notification:created puts the notice first and counts it once, even if it arrives twice', () => {
    applyEvent({ event: 'notification:created', payload: { notification: notice('n1') } });
    applyEvent({ event: 'notification:created', payload: { notification: notice('n2') } });
    applyEvent({ event: 'notification:created', payload: { notification: notice('n2') } });
    expect(notifications.value.map((n) => n.id)).toEqual(['n2', 'n1']);
    expect(notificationsUnread.value).toBe(2);
  });

  it('subscribers hear each event after the stores have applied it', () => {
    const seen: number[] = [];
    const off = subscribe('unread:updated', () => seen.push(unread.value.total));
    applyEvent({ event: 'unread:updated', payload: { total: 5, threadId: 't1', count: 5, byDirection: { incoming: 5, outgoing: 0 } } });
    off();
    applyEvent({ event: 'unread:updated', payload: { total: 6, threadId: 't1', count: 6, byDirection: { incoming: 6, outgoing: 0 } } });
    expect(seen).toEqual([5]);
  });

  it('thread and message events reach the features that subscribed; a failing listener does not silence the others', () => {
    const thread = { id: 't9', kind: 'general', status: 'submitted' } as ThreadDto;
    const message = { id: 'm1', threadId: 't9', seq: 4 } as MessageDto;
    const created = vi.fn();
    const updated = vi.fn();
    const messages = vi.fn();
    const offs = [
      subscribe('thread:created', () => {
        throw new Error('a broken view');
      }),
      subscribe('thread:created', created),
      subscribe('thread:updated', updated),
      subscribe('message:created', messages),
    ];
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    applyRawEvent('thread:created', { thread });
    applyRawEvent('thread:updated', { thread: { ...thread, status: 'registered' } });
    applyRawEvent('message:created', { threadId: 't9', message });
    quiet.mockRestore();
    offs.forEach((off) => off());
    expect(created).toHaveBeenCalledWith({ thread });
    expect(updated.mock.calls[0][0].thread.status).toBe('registered');
    expect(messages).toHaveBeenCalledWith({ threadId: 't9', message });
  });

  it('ignores event names the contract does not know', () => {
    const any = vi.fn();
    const off = subscribe('unread:updated', any);
    applyRawEvent('unread:hacked', { total: 99, threadId: 'x', count: 99 });
    off();
    expect(any).not.toHaveBeenCalled();
    expect(unread.value.total).toBe(0);
  });
});
