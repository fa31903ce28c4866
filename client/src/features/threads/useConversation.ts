import { useEffect, useRef, useState } from 'preact/hooks';
import type { MessageDto, ThreadDto } from '@sro/shared/schemas/threads';
import type { Ack } from '@sro/shared/events';
import { api } from '../../api/client';
import { getSocket, onReconnect, subscribe } from '../../realtime/socket';
import { me } from '../../stores/session';
import { closeMessages, messagesByThread, openMessages, putMessages, putThread, threadsById, typingIn } from '../../stores/threads';

export interface PendingMessage {
  clientMsgId: string;
  body: string;
  attachments: string[];
  internal: boolean;
  state: 'sending' | 'failed';
}

const newClientId = () => `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * One open thread: its messages in seq order, live; catch-up from the last seq after a reconnect; sends
 * shown at once and retried with the same client id until the server acknowledges (no loss, no double).
 */
export function useConversation(id: string) {
  // The thread, its messages and who is typing live in the one store (stores/threads.ts, fed by applyEvent);
  // this hook adds what only the open page has: loading, catch-up, the reader's position and unsent messages.
  const thread = threadsById.value[id] ?? null;
  const messages = messagesByThread.value[id] ?? [];
  const typist = typingIn.value[id];
  const typing = typist && typist.userId !== me.value?.user.id ? typist.name : null;
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const lastSeq = () => (messagesByThread.value[id] ?? []).at(-1)?.seq ?? 0;

  const addMessages = (incoming: MessageDto[]) => {
    if (!incoming.length) return;
    putMessages(id, incoming);
    const mine = new Set(incoming.map((m) => m.clientMsgId).filter(Boolean));
    setPending((prev) => prev.filter((p) => !mine.has(p.clientMsgId)));
  };

  const markRead = () => {
    if (lastSeq() && document.visibilityState === 'visible') getSocket().emit('thread:read', { threadId: id, seq: lastSeq() }, () => undefined);
  };

  async function catchUp() {
    const page = await api.get<{ items: MessageDto[] }>(`/api/threads/${id}/messages?afterSeq=${lastSeq()}&limit=500`);
    addMessages(page.items);
    markRead();
  }

  useEffect(() => {
    openMessages(id);
    setError(null);
    api.get<ThreadDto>(`/api/threads/${id}`).then(putThread, (err) => setError(err.message));
    void catchUp().catch(() => undefined);
    const offs = [
      subscribe('message:created', ({ threadId, message }) => {
        if (threadId !== id) return;
        addMessages([message]); // already in the store; this clears the matching unsent copy
        markRead();
      }),
      onReconnect(() => {
        void catchUp();
        retryPending();
      }),
    ];
    const onVisible = () => markRead();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      offs.forEach((off) => off());
      document.removeEventListener('visibilitychange', onVisible);
      closeMessages(id);
    };
  }, [id]);

  const pendingRef = useRef<PendingMessage[]>([]);
  pendingRef.current = pending;

  function deliver(message: PendingMessage) {
    getSocket().timeout(8000).emit('message:send', { threadId: id, body: message.body, attachments: message.attachments, clientMsgId: message.clientMsgId, internal: message.internal || undefined }, (err: Error | null, res?: Ack<{ message: MessageDto }>) => {
      if (!err && res?.ok) return addMessages([res.message]);
      // The database is briefly down: keep the message and send it again with the same clientMsgId (the server
      // stores it once however many attempts reach it).
      const unavailable = !err && res && !res.ok && res.error.code === 'unavailable';
      if (!err && res && !res.ok && !unavailable) {
        setError(res.error.message);
        return setPending((prev) => prev.filter((p) => p.clientMsgId !== message.clientMsgId));
      }
      setPending((prev) => prev.map((p) => (p.clientMsgId === message.clientMsgId ? { ...p, state: 'failed' } : p)));
      if (unavailable) setTimeout(() => {
        if (pendingRef.current.some((p) => p.clientMsgId === message.clientMsgId)) deliver(message);
      }, 3000);
    });
  }

  function retryPending() {
    for (const message of pendingRef.current) {
      setPending((prev) => prev.map((p) => (p.clientMsgId === message.clientMsgId ? { ...p, state: 'sending' } : p)));
      deliver(message);
    }
  }

  function send(body: string, attachments: string[], internal: boolean) {
    const message: PendingMessage = { clientMsgId: newClientId(), body, attachments, internal, state: 'sending' };
    setPending((prev) => [...prev, message]);
    setError(null);
    deliver(message);
  }

  let lastTyping = 0;
  /** `internal`: staff typing an internal note — the server relays that to staff only, never to the member. */
  function notifyTyping(internal = false) {
    if (Date.now() - lastTyping < 2000) return;
    lastTyping = Date.now();
    getSocket().emit('thread:typing', { threadId: id, ...(internal ? { internal: true } : {}) });
  }

  return { thread, setThread: putThread, messages, pending, error, setError, typing, send, notifyTyping, retryPending };
}
