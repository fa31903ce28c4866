import { useState } from 'preact/hooks';
import { ApiError, api } from '../../api/client';
import { t } from '../../i18n';
import { Button, ErrorNote } from '../../components/ui';

interface Job {
  jobId: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  error?: string;
  report: null | { total: number; created: number; updated: number; unchanged: number; errors: { row: number; field: string; message: string }[] };
}

const csrf = () => document.cookie.match(/csrf=([^;]+)/)?.[1] ?? '';

/** Staff: import an existing registry — a dry run first (per-row errors, what would change), then apply. */
export function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [invite, setInvite] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(dryRun: boolean) {
    if (!file) return;
    setError(null);
    const res = await fetch(`/api/admin/registry-import?dryRun=${dryRun ? 1 : 0}&invite=${invite ? 1 : 0}&fileName=${encodeURIComponent(file.name)}`, {
      method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'text/csv', 'x-csrf-token': csrf() }, body: file,
    });
    const body = await res.json();
    if (!res.ok) return setError(body.error?.message ?? t('common.error'));
    let current: Job = { ...body, total: 0, processed: 0, report: null };
    setJob(current);
    while (current.status === 'running') {
      await new Promise((r) => setTimeout(r, 400));
      try {
        current = await api.get<Job>(`/api/admin/registry-import/${body.jobId}`);
        setJob(current);
      } catch (err) {
        return setError((err as ApiError).message);
      }
    }
  }

  const r = job?.report;
  return (
    <section>
      <h1>{t('import.title')}</h1>
      <p class="muted">{t('import.text')}</p>
      <div class="card">
        <label class="field">{t('import.file')}<input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} /></label>
        <label class="check"><input type="checkbox" checked={invite} onChange={(e) => setInvite(e.currentTarget.checked)} /> {t('import.invite')}</label>
        <div class="actions">
          <Button variant="secondary" type="button" disabled={!file || job?.status === 'running'} onClick={() => void run(true)}>{t('import.dry')}</Button>
          <Button type="button" disabled={!file || job?.status === 'running' || !job?.report} onClick={() => void run(false)}>{t('import.apply')}</Button>
        </div>
        <ErrorNote message={error ?? job?.error} />
        {job?.status === 'running' && (
          <>
            <progress max={job.total || 1} value={job.processed} />
            <p role="status">{t('import.progress', { p: job.processed, t: job.total })}</p>
          </>
        )}
      </div>
      {r && (
        <div class="card">
          <p role="status">{t('import.result', { total: r.total, created: r.created, updated: r.updated, unchanged: r.unchanged, errors: r.errors.length })}</p>
          {r.errors.length === 0 ? <p>{t('import.noErrors')}</p> : (
            <table class="journal">
              <thead><tr><th scope="col">{t('import.row')}</th><th scope="col">{t('import.fieldCol')}</th><th scope="col">{t('import.error')}</th></tr></thead>
              <tbody>{r.errors.slice(0, 500).map((e, i) => <tr key={i}><td>{e.row}</td><td>{e.field}</td><td>{e.message}</td></tr>)}</tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
