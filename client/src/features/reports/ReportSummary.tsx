import { useEffect, useState } from 'preact/hooks';
import type { AnnualReportDto, ReportSectionStatus } from '@sro/shared/schemas/reports';
import { api } from '../../api/client';
import { formatDate } from '../../i18n';
import { dt } from '../../i18n/documents';

// The home page's "Отчёты" block: this year's report — how many sections are sent, what is left, by when.

export function ReportSummary() {
  const year = new Date().getFullYear();
  const [report, setReport] = useState<AnnualReportDto | null>(null);
  useEffect(() => void api.get<AnnualReportDto>(`/api/reports/annual/${year}`).then(setReport, () => undefined), [year]);
  if (!report) return <p class="muted">…</p>;
  const count = (statuses: ReportSectionStatus[]) => report.sections.filter((s) => statuses.includes(s.status)).length;
  const sent = count(['submitted', 'registered', 'accepted']);
  const remarks = count(['remarks']);
  return (
    <div>
      <p>{dt('report.summary', { sent, total: report.sections.length, date: formatDate(report.dueDate) })}</p>
      {remarks > 0 && <p class="note note--warn">{dt('report.summaryRemarks', { n: remarks })}</p>}
      <a class="btn btn--secondary" href={`/reports/annual/${year}`}>{dt('report.title', { year })}</a>
    </div>
  );
}
