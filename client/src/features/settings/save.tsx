import { useState } from 'preact/hooks';
import type { ApiError } from '../../api/client';
import { dt } from '../../i18n/documents';
import { ErrorNote } from '../../components/ui';

// Each settings block saves on its own and says how it went: the first field error (or the message) or «Сохранено».

export function Saved({ error, ok }: { error: string | null; ok: boolean }) {
  return <>{error ? <ErrorNote message={error} /> : ok && <p class="note" role="status">{dt('settings.saved')}</p>}</>;
}

export function useSave() {
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState(false);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setOk(false);
    setError(null);
    try {
      await fn();
      setOk(true);
    } catch (err) {
      const e = err as ApiError;
      setError(Object.values(e.fields ?? {})[0] ?? e.message);
    } finally {
      setBusy(false);
    }
  };
  return { error, ok, busy, run };
}
