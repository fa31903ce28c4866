import { useState } from 'preact/hooks';
import type { ThreadDto } from '@sro/shared/schemas/threads';
import { api, ApiError } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { Button, ErrorNote } from '../../components/ui';
import { formatRegistryValue } from './format';

/** In a registry_change thread: the reported diff; staff apply it to the registry or reject with a reason. */
export function RegistryChangePanel({ thread, staff, onChanged }: { thread: ThreadDto; staff: boolean; onChanged: (t: ThreadDto) => void }) {
  const changes = ((thread.form as { changes?: { field: string; newValue: unknown; comment?: string }[] }).changes ?? []);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const open = !['resolved', 'rejected', 'closed', 'draft'].includes(thread.status);
  async function act(path: string, body?: unknown) {
    setError(null);
    try {
      onChanged((await api.post<{ thread: ThreadDto }>(`/api/registry-changes/${thread.id}/${path}`, body)).thread);
    } catch (err) {
      setError((err as ApiError).fields?.reason ?? (err as ApiError).message);
    }
  }
  return (
    <div class="card">
      <h2>{t('change.diff')}</h2>
      <table class="journal">
        <tbody>
          {changes.map((c, i) => (
            <tr key={i}><th scope="row">{t(`rf.${c.field}` as MessageKey)}</th><td>{formatRegistryValue(c.field, c.newValue)}</td><td class="muted">{c.comment}</td></tr>
          ))}
        </tbody>
      </table>
      <ErrorNote message={error} />
      {staff && open && (
        <div class="actions">
          <Button type="button" onClick={() => void act('apply')}>{t('change.apply')}</Button>
          <label class="sr-only" for="reject-reason">{t('change.rejectReason')}</label>
          <input id="reject-reason" placeholder={t('change.rejectReason')} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          <Button variant="ghost" type="button" onClick={() => void act('reject', { reason })}>{t('change.reject')}</Button>
        </div>
      )}
    </div>
  );
}
