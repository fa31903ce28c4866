// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotificationDto } from '@sro/shared/events';
import type { MessageDto, ThreadDto } from '@sro/shared/schemas/threads';
import { applyEvent, applyRawEvent } from '../../client/src/realtime/applyEvent';
import { subscribe } from '../../client/src/realtime/hub';
import { unread, unreadFor } from '../../client/src/stores/unread';
import { notifications, notificationsUnread } from '../../client/src/stores/notifications';
import { closeMessages, messagesByThread, openMessages, threadsById, typingIn, viewersOf } from '../../client/src/stores/threads';

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

  it('unread:summary (with every connection) replaces the badges whole: what was missed while away is gone or counted', () => {
    applyEvent({ event: 'unread:updated', payload: { total: 2, threadId: 'gone', count: 2, byDirection: { incoming: 2, outgoing: 0 } } });
    applyEvent({ event: 'unread:summary', payload: { total: 4, threads: { t1: 3, t2: 1 }, byDirection: { incoming: 3, outgoing: 1 } } });
    expect(unread.value).toEqual({ total: 4, threads: { t1: 3, t2: 1 }, byDirection: { incoming: 3, outgoing: 1 } });
    expect(unreadFor('gone')).toBe(0);
    applyEvent({ event: 'unread:updated', payload: { total: 1, threadId: 't1', count: 0, byDirection: { incoming: 0, outgoing: 1 } } });
    expect(unread.value.threads).toEqual({ t2: 1 });
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

describe('the one store of threads', () => {
  const thread = (id: string, patch: Partial<ThreadDto> = {}) => ({ id, kind: 'general', status: 'submitted', subject: `Тема ${id}`, ...patch }) as ThreadDto;
  const message = (id: string, seq: number, authorId = 'u-expert') => ({ id, threadId: 's1', seq, authorId, body: `Сообщение ${seq}` }) as MessageDto;
  beforeEach(() => {
    threadsById.value = {};
    messagesByThread.value = {};
    typingIn.value = {};
    viewersOf.value = {};
  });

  it('keeps each thread once by id; an update over the socket keeps the unread count the list loaded', () => {
    threadsById.value = { s1: thread('s1', { unread: 3 }) };
    applyEvent({ event: 'thread:updated', payload: { thread: thread('s1', { status: 'registered' }) } });
    applyEvent({ event: 'thread:created', payload: { thread: thread('s2') } });
    expect(Object.keys(threadsById.value)).toEqual(['s1', 's2']);
    expect(threadsById.value.s1).toMatchObject({ status: 'registered', unread: 3 });
  });

  it('adds a message to an open conversation once, in seq order, and to no closed one', () => {
    applyEvent({ event: 'message:created', payload: { threadId: 's1', message: message('m1', 1) } });
    expect(messagesByThread.value.s1).toBeUndefined();
    openMessages('s1');
    applyEvent({ event: 'message:created', payload: { threadId: 's1', message: message('m3', 3) } });
    applyEvent({ event: 'message:created', payload: { threadId: 's1', message: message('m2', 2) } });
    applyEvent({ event: 'message:created', payload: { threadId: 's1', message: message('m3', 3) } });
    expect(messagesByThread.value.s1.map((m) => m.seq)).toEqual([2, 3]);
    closeMessages('s1');
    expect(messagesByThread.value.s1).toBeUndefined();
  });

  it('clears "typing…" the moment the typist\'s message arrives, not another author\'s', () => {
    applyEvent({ event: 'thread:typing', payload: { threadId: 's1', userId: 'u-expert', name: 'Олег' } });
    expect(typingIn.value.s1).toEqual({ userId: 'u-expert', name: 'Олег' });
    applyEvent({ event: 'message:created', payload: { threadId: 's1', message: message('m1', 1, 'u-member') } });
    expect(typingIn.value.s1?.name).toBe('Олег');
    applyEvent({ event: 'message:created', payload: { threadId: 's1', message: message('m2', 2, 'u-expert') } });
    expect(typingIn.value.s1).toBeUndefined();
  });

  it('keeps who is viewing each thread', () => {
    applyEvent({ event: 'thread:viewers', payload: { threadId: 's1', viewers: [{ userId: 'u1', name: 'Анна' }] } });
    expect(viewersOf.value.s1).toEqual([{ userId: 'u1', name: 'Анна' }]);
  });
});
