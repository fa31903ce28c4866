import { useEffect, useState } from 'preact/hooks';
import type { ContractsResponse, InspectionDto, PaymentsResponse } from '@sro/shared/schemas/member-records';
import type { ThreadDto } from '@sro/shared/schemas/threads';
import { api } from '../../api/client';
import { formatDate, t } from '../../i18n';
import { formatMoney } from './format';

interface Summary {
  debt: number | null;
  nextInspection: InspectionDto | null;
  openComplaints: number | null;
  odo: ContractsResponse['odo'] | null;
}

/** The home page's module summary (seed 001): the debt, the next inspection, open complaints, the headroom. */
export function ModuleSummary() {
  const [summary, setSummary] = useState<Summary | null>(null);
  useEffect(() => {
    const soft = <T,>(p: Promise<T>) => p.catch(() => null);
    void Promise.all([
      soft(api.get<PaymentsResponse>('/api/payments')),
      soft(api.get<{ items: InspectionDto[] }>('/api/inspections?status=planned')),
      soft(api.get<{ items: ThreadDto[] }>('/api/threads?kind=complaint&open=true&limit=100')),
      soft(api.get<ContractsResponse>('/api/contracts')),
    ]).then(([payments, inspections, complaints, contracts]) => setSummary({
      debt: payments?.balance.debt ?? null,
      nextInspection: inspections?.items.slice().sort((a, b) => a.startDate.localeCompare(b.startDate))[0] ?? null,
      openComplaints: complaints?.items.length ?? null,
      odo: contracts?.odo ?? null,
    }));
  }, []);
  if (!summary) return <p class="muted">{t('common.loading')}</p>;
  return (
    <dl class="summary-grid">
      <dt><a href="/payments">{t('payments.debt')}</a></dt>
      <dd>{summary.debt ? <strong>{formatMoney(summary.debt)}</strong> : t('payments.noDebt')}</dd>
      <dt><a href="/inspections">{t('home.nextInspection')}</a></dt>
      <dd>{summary.nextInspection ? formatDate(summary.nextInspection.startDate) : t('home.noInspection')}</dd>
      <dt><a href="/complaints">{t('home.openComplaints')}</a></dt>
      <dd>{summary.openComplaints ?? '—'}</dd>
      <dt><a href="/contracts">{t('contracts.headroom')}</a></dt>
      <dd class={summary.odo?.lowHeadroom ? 'warning' : ''}>{summary.odo?.headroom === null || !summary.odo ? (summary.odo?.level ? t('contracts.unlimited') : '—') : formatMoney(summary.odo.headroom)}</dd>
    </dl>
  );
}
