import { useEffect, useState } from 'preact/hooks';
import type { ThreadDto } from '@sro/shared/schemas/threads';
import { OPEN_STATUSES } from '@sro/shared/schemas/lifecycle';
import type { RegistryChangeDiffDto } from '@sro/shared/schemas/registry';
import { api, ApiError } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { Button, ErrorNote, Field, Loading } from '../../components/ui';
import { formatRegistryValue } from './format';
import { rt } from './i18n';


/**
 * In a registry_change thread: what the member reported, old → new against the registry (or as applied), with
 * each scan's comment; staff apply it in one action or reject it with a reason. Reloads when the thread's status
 * changes, so both sides see the outcome live.
 */
export function RegistryChangePanel({ thread, staff, onChanged }: { thread: ThreadDto; staff: boolean; onChanged: (t: ThreadDto) => void }) {
  const [diff, setDiff] = useState<RegistryChangeDiffDto | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => void api.get<RegistryChangeDiffDto>(`/api/registry-changes/${thread.id}`).then(setDiff, (err) => setError(err)), [thread.id, thread.status]);

  async function act(path: 'apply' | 'reject', body?: unknown) {
    setError(null);
    setBusy(true);
    try {
      onChanged((await api.post<{ thread: ThreadDto }>(`/api/registry-changes/${thread.id}/${path}`, body)).thread);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }
  if (!diff) return error ? <ErrorNote message={error.message} /> : <Loading />;
  const outcome = diff.status === 'applied' ? rt('reg.applied') : diff.status === 'rejected' ? rt('reg.rejected') : rt('reg.pending');
  return (
    <div class="card">
      <h2>{t('change.diff')}</h2>
      <p class="muted" role="status">{outcome}</p>
      <table class="journal">
        <thead><tr><th scope="col">{t('change.field')}</th><th scope="col">{rt('reg.oldValue')}</th><th scope="col">{rt('reg.newValue')}</th><th scope="col">{t('change.comment')}</th></tr></thead>
        <tbody>
          {diff.changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{t(`rf.${c.field}` as MessageKey)}</th>
              <td data-label={rt('reg.oldValue')}>{formatRegistryValue(c.field, c.old)}</td>
              <td data-label={rt('reg.newValue')}>{c.same ? <span class="muted">{rt('reg.same')}</span> : <strong>{formatRegistryValue(c.field, c.new)}</strong>}</td>
              <td data-label={t('change.comment')} class="muted">{c.comment}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {diff.documents.some((d) => d.comment) && (
        <>
          <h3>{rt('reg.documents')}</h3>
          <ul>{diff.documents.map((d) => <li key={d.fileId}><a href={`/api/files/${d.fileId}`}>📎</a> {d.comment}</li>)}</ul>
        </>
      )}
      <ErrorNote message={error && !error.fields?.reason ? error.message : null} />
      {staff && OPEN_STATUSES.includes(thread.status) && (
        <div class="actions">
          <Button type="button" busy={busy} onClick={() => void act('apply')}>{t('change.apply')}</Button>
          <Field label={t('change.rejectReason')} error={error?.fields?.reason}>
            {(id, d) => <input id={id} aria-describedby={d} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
          </Field>
          <Button variant="ghost" type="button" disabled={busy} onClick={() => void act('reject', { reason })}>{t('change.reject')}</Button>
        </div>
      )}
    </div>
  );
}
