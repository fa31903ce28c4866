import { useEffect, useId, useState } from 'preact/hooks';
import type { AnnualReportDto, ReportFileDto, ReportSectionDto } from '@sro/shared/schemas/reports';
import type { PepConfirm } from '@sro/shared/schemas/signatures';
import { api, uploadFiles, type ApiError } from '../../api/client';
import { formatDate, formatSize } from '../../i18n';
import { dt } from '../../i18n/documents';
import { Button, ErrorNote, Field, Loading } from '../../components/ui';
import { SignDialog, isSignatureError } from '../signatures/SignDialog';
import { FileSignatureNote } from '../signatures/SignatureNotes';

// ОТЧЁТЫ → Отчёт за текущий год (seed 004): a card per section with its template, documents each with a slot for
// a qualified signature, a covering text, "Сохранить" (a draft the SRO does not see) and "Сохранить и отправить".

type Row = Partial<ReportFileDto> & { key: string };

const rowsOf = (section: ReportSectionDto): Row[] =>
  section.files.length ? section.files.map((f) => ({ ...f, key: f.fileId })) : [{ key: 'new-0' }];

function UploadSlot({ label, accept, onPicked }: { label: string; accept?: string; onPicked: (file: File) => Promise<void> }) {
  const id = useId();
  const [progress, setProgress] = useState(false);
  return (
    <span class="upload-slot">
      <label class="btn btn--secondary btn--small" for={id}>{progress ? dt('report.uploading') : label}</label>
      <input id={id} class="sr-only" type="file" accept={accept} disabled={progress}
        onChange={async (e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (!file) return;
          setProgress(true);
          await onPicked(file).finally(() => setProgress(false));
        }} />
    </span>
  );
}

function SectionCard({ year, section, onSaved }: { year: number; section: ReportSectionDto; onSaved: (s: ReportSectionDto) => void }) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(section));
  const [text, setText] = useState(section.text);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const [busy, setBusy] = useState(false);
  const locked = section.status === 'accepted';
  const update = (key: string, patch: Partial<Row>) => setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  async function upload(row: Row, file: File, asSignature: boolean) {
    setError(null);
    try {
      const [stored] = (await uploadFiles([file], () => undefined, asSignature && row.fileId ? { signsFileId: row.fileId } : {})).items;
      if (asSignature) update(row.key, { signatureFileId: stored.id, signature: stored.signature });
      else update(row.key, { fileId: stored.id, name: stored.name, size: stored.size, sha256: stored.sha256, signatureFileId: undefined, signature: undefined });
    } catch (err) {
      setError((err as ApiError).message);
    }
  }

  async function save(send: boolean, confirm?: PepConfirm) {
    setError(null);
    setNote(null);
    setBusy(true);
    try {
      const files = rows.filter((r) => r.fileId).map((r) => ({ fileId: r.fileId!, signatureFileId: r.signatureFileId }));
      const saved = await api.put<ReportSectionDto>(`/api/reports/annual/${year}/sections/${section.key}`, { text, files, send, confirm });
      onSaved(saved);
      setRows(rowsOf(saved));
      setSigning(false);
      setNote(send ? dt('report.sent') : dt('report.saved'));
    } catch (err) {
      const apiError = err as ApiError;
      if (confirm && isSignatureError(apiError)) throw apiError;
      setSigning(false);
      setError(apiError.fields?.files ?? apiError.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <article class="report-section" aria-labelledby={`section-${section.key}`}>
      <header class="report-section__head">
        <h2 id={`section-${section.key}`}>{section.title}</h2>
        <span class={`pill pill--report-${section.status}`}>{dt(`report.status.${section.status}`)}</span>
      </header>
      <p class="muted">
        {section.template ? <a href={`/api/files/${section.template.fileId}`} download>⬇ {dt('report.template')}: {section.template.name}</a> : dt('report.noTemplate')}
      </p>
      {section.regNumber && <p>{dt('report.reg', { number: section.regNumber, date: formatDate(section.regDate) })}</p>}
      {section.remark && <p class="note note--warn" role="status">{dt('report.remark', { text: section.remark })}</p>}
      <ul class="report-files">
        {rows.map((row) => (
          <li key={row.key}>
            <span class="report-files__doc">
              {row.fileId ? <>📄 {row.name} <span class="muted">({formatSize(row.size ?? 0)})</span></> : !locked && <UploadSlot label={dt('report.pickFile')} onPicked={(f) => upload(row, f, false)} />}
            </span>
            <span class="report-files__sig">
              {row.signature ? <FileSignatureNote signature={row.signature} /> : row.fileId && !locked && <UploadSlot label={dt('report.addSignature')} accept=".sig,.p7s,.sgn" onPicked={(f) => upload(row, f, true)} />}
            </span>
            {!locked && row.fileId && <button type="button" class="link" aria-label={`✕ ${row.name}`} onClick={() => setRows((all) => (all.length > 1 ? all.filter((r) => r.key !== row.key) : [{ key: `new-${Date.now()}` }]))}>✕</button>}
          </li>
        ))}
      </ul>
      {!locked && <Button type="button" variant="ghost" onClick={() => setRows([...rows, { key: `new-${Date.now()}` }])}>+ {dt('report.addDocument')}</Button>}
      <Field label={dt('report.text')}>
        {(id, d) => <textarea id={id} aria-describedby={d} rows={3} value={text} disabled={locked} onInput={(e) => setText(e.currentTarget.value)} />}
      </Field>
      <ErrorNote message={error} />
      {note && <p class="note" role="status">{note}</p>}
      <div class="actions">
        {!locked && <Button type="button" variant="secondary" busy={busy && !signing} onClick={() => void save(false)}>{dt('report.save')}</Button>}
        {!locked && <Button type="button" busy={busy && signing} onClick={() => setSigning(true)}>{dt('report.saveSend')}</Button>}
        {section.threadId && <a href={`/threads/${section.threadId}`}>{dt('report.openThread')}</a>}
      </div>
      {signing && <SignDialog onClose={() => setSigning(false)} onSign={(confirm) => save(true, confirm)} />}
    </article>
  );
}

export function AnnualReportPage({ year: yearParam }: { year?: string }) {
  const thisYear = new Date().getFullYear();
  const year = Number(yearParam) || thisYear;
  const [report, setReport] = useState<AnnualReportDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setReport(null);
    api.get<AnnualReportDto>(`/api/reports/annual/${year}`).then(setReport, (err: ApiError) => setError(err.message));
  }, [year]);
  const replace = (s: ReportSectionDto) => setReport((r) => (r ? { ...r, sections: r.sections.map((x) => (x.key === s.key ? s : x)) } : r));
  return (
    <section class="narrow">
      <h1>{dt('report.title', { year })}</h1>
      <nav class="year-switch" aria-label={dt('report.year')}>
        {[thisYear - 2, thisYear - 1, thisYear].map((y) => <a key={y} href={`/reports/annual/${y}`} aria-current={y === year ? 'page' : undefined}>{y}</a>)}
      </nav>
      <ErrorNote message={error} />
      {!report ? !error && <Loading /> : (
        <>
          <p>{dt('report.due', { date: formatDate(report.dueDate) })}</p>
          {report.sections.map((s) => <SectionCard key={`${year}-${s.key}`} year={year} section={s} onSaved={replace} />)}
        </>
      )}
    </section>
  );
}
