import { useState } from 'preact/hooks';
import { REGISTRY_FIELD_NAMES, type ImportJobDto, type ImportReportDto, type RegistryField } from '@sro/shared/schemas/registry';
import { ApiError, api, csrfToken, toApiError } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { Button, ErrorNote } from '../../components/ui';
import { rt } from './i18n';

/** The import's answer: counts, encoding, skipped columns, what would change, and every bad row. */
function ImportReport({ report, dryRun }: { report: ImportReportDto; dryRun: boolean }) {
  const errorCount = report.errors.length + report.errorsNotShown;
  return (
    <div class="card">
      <p role="status"><strong>{dryRun ? rt('reg.dryDone') : rt('reg.applyDone')}</strong> {t('import.result', { total: report.total, created: report.created, updated: report.updated, unchanged: report.unchanged, errors: report.errorRows })}</p>
      <p class="muted small">{rt('reg.encoding', { encoding: report.encoding, delimiter: report.delimiter })}</p>
      {report.invited > 0 && <p>{rt('reg.invited', { n: report.invited })}</p>}
      {report.unknownColumns.length > 0 && <p class="muted">{rt('reg.unknownColumns', { list: report.unknownColumns.join(', ') })}</p>}
      {dryRun && report.preview.length > 0 && (
        <details>
          <summary>{rt('reg.preview')}</summary>
          <ul class="mini-journal">{report.preview.map((p) => <li key={p.row}><span>{t('import.row')} {p.row}</span><span>{p.inn}</span><span class="muted">{p.action === 'create' ? rt('reg.create') : `${rt('reg.update')}: ${(p.fields ?? []).map(fieldWords).join(', ')}`}</span></li>)}</ul>
        </details>
      )}
      {errorCount === 0 ? <p>{t('import.noErrors')}</p> : (
        <table class="journal">
          <thead><tr><th scope="col">{t('import.row')}</th><th scope="col">{t('import.fieldCol')}</th><th scope="col">{t('import.error')}</th></tr></thead>
          <tbody>{report.errors.slice(0, 1000).map((e, i) => <tr key={i}><td data-label={t('import.row')}>{e.row}</td><td data-label={t('import.fieldCol')}>{fieldWords(e.field)}</td><td data-label={t('import.error')}>{e.message}</td></tr>)}</tbody>
        </table>
      )}
      {errorCount > Math.min(1000, report.errors.length) && <p class="muted">{rt('reg.moreErrors', { n: errorCount - Math.min(1000, report.errors.length) })}</p>}
    </div>
  );
}

/** A column as people call it: «ОГРН / ОГРНИП», not `ogrn`; a sub-field by its field («responsibility.levelVv»). */
function fieldWords(field: string): string {
  const base = field.split('.')[0];
  const key = REGISTRY_FIELD_NAMES.includes(field as RegistryField) ? field : base;
  return REGISTRY_FIELD_NAMES.includes(key as RegistryField) ? t(`rf.${key}` as MessageKey) : '—';
}

/** Staff: import an existing registry — a dry run first (per-row errors, what would change), then apply. */
export function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [invite, setInvite] = useState(false);
  const [job, setJob] = useState<ImportJobDto | null>(null);
  const [checked, setChecked] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function start(dryRun: boolean): Promise<ImportJobDto> {
    const res = await fetch(`/api/admin/registry-import?dryRun=${dryRun ? 1 : 0}&invite=${invite ? 1 : 0}&fileName=${encodeURIComponent(file!.name)}`, {
      method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'text/csv', 'x-csrf-token': csrfToken() }, body: file,
    });
    const body = await res.json();
    if (!res.ok) throw new ApiError(res.status, body.error);
    return { ...body, total: 0, processed: 0, report: null };
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    setError(null);
    try {
      let current = await start(dryRun);
      setJob(current);
      // The job document carries progress; polling survives a reload of the server process's event loop.
      while (current.status === 'running') {
        await new Promise((r) => setTimeout(r, 400));
        current = await api.get<ImportJobDto>(`/api/admin/registry-import/${current.jobId}`);
        setJob(current);
      }
      if (dryRun && current.status === 'done') setChecked(file);
    } catch (err) {
      setError(toApiError(err).message);
    }
  }

  const running = job?.status === 'running';
  return (
    <section>
      <h1>{t('import.title')}</h1>
      <p class="muted">{t('import.text')}</p>
      <div class="card">
        <label class="field">{t('import.file')}<input type="file" accept=".csv,text/csv" onChange={(e) => { setFile(e.currentTarget.files?.[0] ?? null); setJob(null); }} /></label>
        <label class="check"><input type="checkbox" checked={invite} onChange={(e) => setInvite(e.currentTarget.checked)} /> {t('import.invite')}</label>
        <div class="actions">
          <Button variant="secondary" type="button" disabled={!file || running} onClick={() => void run(true)}>{t('import.dry')}</Button>
          {/* Applying is offered once this very file passed a dry run. */}
          <Button type="button" disabled={!file || running || checked !== file} onClick={() => void run(false)}>{t('import.apply')}</Button>
        </div>
        <ErrorNote message={error ?? job?.error} />
        {running && (
          <>
            <progress max={job.total || 1} value={job.processed} aria-label={t('import.progress', { p: job.processed, t: job.total })} />
            <p role="status">{t('import.progress', { p: job.processed, t: job.total })}</p>
          </>
        )}
      </div>
      {job?.report && <ImportReport report={job.report} dryRun={job.dryRun} />}
    </section>
  );
}
