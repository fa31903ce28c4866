import { useEffect, useState } from 'preact/hooks';
import type { AnnualReportOverviewDto } from '@sro/shared/schemas/reports';
import { api, type ApiError } from '../../api/client';
import { dt } from '../../i18n/documents';
import { Button, EmptyState, ErrorNote, Loading } from '../../components/ui';

// Staff: who has sent which section of the annual report (members × sections); a status opens its thread.

export function ReportsOverviewPage({ year: yearParam }: { year?: string }) {
  const thisYear = new Date().getFullYear();
  const year = Number(yearParam) || thisYear;
  const [data, setData] = useState<AnnualReportOverviewDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = (cursor?: string) =>
    api.get<AnnualReportOverviewDto>(`/api/admin/reports/annual/${year}${cursor ? `?cursor=${cursor}` : ''}`).then(
      (page) => setData((prev) => (cursor && prev ? { ...page, items: [...prev.items, ...page.items] } : page)),
      (err: ApiError) => setError(err.message),
    );
  useEffect(() => {
    setData(null);
    void load();
  }, [year]);
  return (
    <section>
      <h1>{dt('report.overview')} — {year}</h1>
      <nav class="year-switch" aria-label={dt('report.year')}>
        {[thisYear - 2, thisYear - 1, thisYear].map((y) => <a key={y} href={`/reports/${y}`} aria-current={y === year ? 'page' : undefined}>{y}</a>)}
      </nav>
      <p class="muted">{dt('report.overviewHint')}</p>
      <ErrorNote message={error} />
      {!data ? !error && <Loading /> : data.items.length === 0 ? <EmptyState title={dt('report.empty')} /> : (
        <div class="table-scroll">
          <table class="records">
            <thead><tr><th>{dt('report.member')}</th>{data.sections.map((s) => <th key={s.key}>{s.title}</th>)}</tr></thead>
            <tbody>
              {data.items.map((row) => (
                <tr key={row.memberId}>
                  <td><a href={`/members/${row.memberId}`}>{row.memberName}</a><br /><span class="muted">{row.inn}</span></td>
                  {data.sections.map((s) => {
                    const status = row.sections[s.key];
                    const label = <span class={`pill pill--report-${status}`}>{dt(`report.status.${status}`)}</span>;
                    return <td key={s.key}>{row.threadIds[s.key] ? <a href={`/inbox/${row.threadIds[s.key]}`}>{label}</a> : label}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data?.nextCursor && <Button variant="secondary" onClick={() => void load(data.nextCursor!)}>{dt('report.more')}</Button>}
    </section>
  );
}
