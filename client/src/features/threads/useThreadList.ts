import { useEffect, useRef, useState } from 'preact/hooks';
import type { ThreadDto } from '@sro/shared/schemas/threads';
import { api } from '../../api/client';
import { onReconnect, subscribe } from '../../realtime/socket';
import { putThreads, threadsById, type ListVerdict } from '../../stores/threads';

const RELOAD_DEBOUNCE_MS = 300;

/**
 * A cursor-paged list of threads for a filter, kept live. The list holds ids; the threads themselves live in
 * the one store (stores/threads.ts), so an update shows everywhere. On a live thread the list asks `verdict`:
 * true puts it first (the server orders by last activity), false drops it, and 'unknown' — a filter only the
 * server can evaluate, such as a search — reloads the first page rather than guessing. After a reconnect the
 * first page is reloaded too (nothing missed).
 */
export function useThreadList(query: Record<string, string | undefined>, verdict: (t: ThreadDto) => ListVerdict) {
  const [ids, setIds] = useState<string[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]).toString();
  const verdictRef = useRef(verdict);
  verdictRef.current = verdict;

  async function load(after?: string) {
    try {
      const page = await api.get<{ items: ThreadDto[]; nextCursor: string | null }>(`/api/threads?limit=25&${qs}${after ? `&cursor=${after}` : ''}`);
      putThreads(page.items);
      const pageIds = page.items.map((t) => t.id);
      setIds((prev) => (after && prev ? [...prev, ...pageIds.filter((id) => !prev.includes(id))] : pageIds));
      setCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  useEffect(() => {
    setIds(null);
    void load();
    let reloadTimer: ReturnType<typeof setTimeout> | undefined;
    const reloadSoon = () => {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => void load(), RELOAD_DEBOUNCE_MS);
    };
    const place = ({ thread }: { thread: ThreadDto }) => {
      const belongs = verdictRef.current(thread);
      if (belongs === 'unknown') return reloadSoon();
      setIds((prev) => {
        if (!prev) return prev;
        const rest = prev.filter((id) => id !== thread.id);
        return belongs ? [thread.id, ...rest] : rest;
      });
    };
    const offs = [subscribe('thread:created', place), subscribe('thread:updated', place), onReconnect(() => void load())];
    return () => {
      clearTimeout(reloadTimer);
      offs.forEach((off) => off());
    };
  }, [qs]);

  const byId = threadsById.value;
  const items = ids && ids.map((id) => byId[id]).filter((t): t is ThreadDto => !!t);
  return { items, hasMore: !!cursor, loadMore: () => cursor && load(cursor), error, reload: () => load() };
}
