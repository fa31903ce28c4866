import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';

/**
 * Loads a member list (`/api/payments?…`) again whenever its query changes; `null` while loading. A list that
 * pages (`nextCursor`) gets `more()`, which appends the next page to `items`.
 */
export function useRecords<T>(url: string): { data: T | null; error: string | null; more?: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    api.get<T>(url).then(
      (d) => live && setData(d),
      (err: ApiError) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [url]);
  const next = (data as { nextCursor?: string | null } | null)?.nextCursor;
  const more = next
    ? () => {
        api.get<T & { items: unknown[] }>(`${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(next)}`).then(
          (page) => setData((prev) => ({ ...page, items: [...((prev as { items?: unknown[] } | null)?.items ?? []), ...page.items] }) as T),
          (err: ApiError) => setError(err.message),
        );
      }
    : undefined;
  return { data, error, more };
}

/** `?year=2026&type=…` from the filters that are set. */
export const queryOf = (filters: Record<string, string>) => {
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const text = params.toString();
  return text ? `?${text}` : '';
};
