import { useEffect, useState } from 'preact/hooks';
import type { ThreadDto } from '@sro/shared/schemas/threads';
import { api } from '../../api/client';
import { onReconnect, subscribe } from '../../realtime/socket';

/**
 * A cursor-paged list of threads for a filter, kept live: created and updated threads are merged in
 * when they match `accepts`, and the first page is reloaded after a reconnect (nothing missed).
 */
export function useThreadList(query: Record<string, string | undefined>, accepts: (t: ThreadDto) => boolean) {
  const [items, setItems] = useState<ThreadDto[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]).toString();

  async function load(after?: string) {
    try {
      const page = await api.get<{ items: ThreadDto[]; nextCursor: string | null }>(`/api/threads?limit=25&${qs}${after ? `&cursor=${after}` : ''}`);
      setItems((prev) => (after && prev ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  useEffect(() => {
    setItems(null);
    void load();
    const merge = ({ thread }: { thread: ThreadDto }) =>
      setItems((prev) => {
        if (!prev) return prev;
        const rest = prev.filter((t) => t.id !== thread.id);
        const old = prev.find((t) => t.id === thread.id);
        if (!accepts(thread)) return rest;
        return [{ ...old, ...thread, unread: thread.unread ?? old?.unread }, ...rest];
      });
    const offs = [subscribe('thread:created', merge), subscribe('thread:updated', merge), onReconnect(() => void load())];
    return () => offs.forEach((off) => off());
  }, [qs]);

  return { items, hasMore: !!cursor, loadMore: () => cursor && load(cursor), error, reload: () => load() };
}
