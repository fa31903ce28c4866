import { useState } from 'preact/hooks';
import {
  INSPECTION_STATUSES, INSPECTION_TYPES, PAYMENT_TYPES,
  type ContractsResponse, type InspectionDto, type PaymentType, type PaymentsResponse, type SpecialistDto,
} from '@sro/shared/schemas/member-records';
import type { ThreadDto } from '@sro/shared/schemas/threads';
import { formatDate, t, type MessageKey } from '../../i18n';
import { EmptyState, ErrorNote, Loading, StatusPill } from '../../components/ui';
import { Filters, MONTH_FILTER, YEAR_FILTER, type FilterDef } from './Filters';
import { formatMoney } from './format';
import { queryOf, useRecords } from './useRecords';

// The member's information modules (seed 001 §4.3–4.5, seed 002 items 5–8): payments and the debt, inspections,
// complaints, contracts with the КФ ОДО headroom, НРС specialists. Each list filters on the server.

const options = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as MessageKey) }));

export function PaymentsPage() {
  const [filters, setFilters] = useState<Record<string, string>>({});
  const { data, error, more } = useRecords<PaymentsResponse>(`/api/payments${queryOf(filters)}`);
  // The SRO's own names of the payment types, where its accountant set them.
  const typeName = (type: PaymentType) => data?.typeNames?.[type] || t(`paymentType.${type}` as MessageKey);
  const defs: FilterDef[] = [YEAR_FILTER, MONTH_FILTER, { key: 'type', label: 'records.type', options: options(PAYMENT_TYPES, 'paymentType') },
    { key: 'confirmed', label: 'records.confirmation', options: [{ value: 'true', label: t('records.confirmed') }, { value: 'false', label: t('records.unconfirmed') }] }];
  const year = new Date().getFullYear();
  return (
    <section>
      <h1>{t('payments.title')}</h1>
      {error && <ErrorNote message={error} />}
      {data === null && !error ? <Loading /> : data && (
        <>
          <div class={`summary-card${data.balance.debt > 0 ? ' summary-card--warn' : ''}`} role="status">
            <h2>{data.balance.debt > 0 ? `${t('payments.debt')}: ${formatMoney(data.balance.debt)}` : t('payments.noDebt')}</h2>
            {data.balance.charges.length > 0 && (
              <>
                <p class="muted">{t('payments.debtOf')}</p>
                <ul>
                  {data.balance.charges.map((c) => (
                    <li key={c.id}>
                      {typeName(c.type)} — {formatMoney(c.amount - c.paid)}, {t('payments.due', { date: formatDate(c.dueDate) })}
                      {c.overdueDays > 0 && <strong>, {t('payments.overdue', { days: c.overdueDays })}</strong>}
                      {c.paid > 0 && <span class="muted"> ({t('payments.partly', { sum: formatMoney(c.paid) })})</span>}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <p class="actions">
              <a class="btn btn--primary" href="/requests/new/accounting_documents?docType=invoice">{t('payments.requestInvoice')}</a>
              <a class="btn btn--secondary" href={`/requests/new/accounting_documents?docType=reconciliation_act&from=${year}-01-01&to=${new Date().toISOString().slice(0, 10)}`}>{t('payments.requestAct')}</a>
            </p>
          </div>
          <Filters defs={defs} value={filters} onChange={setFilters} />
          {data.items.length === 0 ? <EmptyState title={t('payments.empty')} text={t('payments.emptyText')} /> : (
            <div class="table-scroll">
              <table class="records">
                <thead><tr><th>{t('payments.date')}</th><th>{t('records.type')}</th><th class="num">{t('payments.amount')}</th><th>{t('records.confirmation')}</th><th>{t('payments.purpose')}</th></tr></thead>
                <tbody>
                  {data.items.map((p) => (
                    <tr key={p.id}>
                      <td>{formatDate(p.paidAt)}</td><td>{typeName(p.type)}</td><td class="num">{formatMoney(p.amount)}</td>
                      <td>{p.confirmed ? t('records.confirmed') : <span class="muted">{t('records.unconfirmed')}</span>}</td><td>{p.purpose ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {more && <button type="button" class="btn btn--secondary" onClick={more}>{t('records.more')}</button>}
        </>
      )}
    </section>
  );
}

export function InspectionsPage() {
  const [filters, setFilters] = useState<Record<string, string>>({});
  const { data, error } = useRecords<{ items: InspectionDto[] }>(`/api/inspections${queryOf(filters)}`);
  const defs: FilterDef[] = [YEAR_FILTER, MONTH_FILTER, { key: 'type', label: 'records.type', options: options(INSPECTION_TYPES, 'inspectionType') },
    { key: 'status', label: 'records.status', options: options(INSPECTION_STATUSES, 'inspectionStatus') }];
  return (
    <section>
      <h1>{t('inspections.title')}</h1>
      <p class="actions"><a class="btn btn--secondary" href="/requests/new/inspection">{t('inspections.ask')}</a></p>
      <Filters defs={defs} value={filters} onChange={setFilters} />
      {error ? <ErrorNote message={error} /> : data === null ? <Loading /> : data.items.length === 0 ? <EmptyState title={t('inspections.empty')} text={t('inspections.emptyText')} /> : (
        <ul class="record-cards">
          {data.items.map((i) => (
            <li key={i.id} class="record-card">
              <h2>{t(`inspectionType.${i.type}` as MessageKey)} · {t(`inspectionStatus.${i.status}` as MessageKey)}</h2>
              <p>{t('inspections.period')}: {formatDate(i.startDate)}{i.endDate ? ` — ${formatDate(i.endDate)}` : ''}{i.subject ? ` · ${i.subject}` : ''}</p>
              {i.result && <p>{t('inspections.result')}: {i.result}</p>}
              {i.violations.length > 0 && (
                <>
                  <h3>{t('inspections.violations')}</h3>
                  <ul>
                    {i.violations.map((v, n) => (
                      <li key={n} class={v.resolved ? 'muted' : ''}>
                        {v.description} — {v.resolved ? t('inspections.resolved', { date: formatDate(v.resolvedAt) }) : <strong>{v.deadline ? t('inspections.deadline', { date: formatDate(v.deadline) }) : t('inspections.open')}</strong>}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {i.recommendations && <p>{t('inspections.recommendations')}: {i.recommendations}</p>}
              <a href={`/requests/new/inspection?inspectionId=${i.id}&topic=${encodeURIComponent(`${t(`inspectionType.${i.type}` as MessageKey)} ${formatDate(i.startDate)}`)}`}>{t('inspections.askAbout')}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ContractsPage() {
  const { data, error } = useRecords<ContractsResponse>('/api/contracts');
  return (
    <section>
      <h1>{t('contracts.title')}</h1>
      {error ? <ErrorNote message={error} /> : data === null ? <Loading /> : (
        <>
          <dl class={`summary-card summary-grid${data.odo.lowHeadroom ? ' summary-card--warn' : ''}`}>
            <dt>{t('contracts.level')}</dt><dd>{data.odo.level ?? t('contracts.noLevel')}</dd>
            <dt>{t('contracts.limit')}</dt><dd>{data.odo.level ? (data.odo.limit === null ? t('contracts.unlimited') : formatMoney(data.odo.limit)) : '—'}</dd>
            <dt>{t('contracts.obligations')}</dt><dd>{formatMoney(data.odo.obligations)}</dd>
            <dt>{t('contracts.headroom')}</dt><dd><strong>{data.odo.headroom === null ? (data.odo.level ? t('contracts.unlimited') : '—') : formatMoney(data.odo.headroom)}</strong></dd>
          </dl>
          {data.odo.lowHeadroom && <p class="warning" role="alert">{t('contracts.low')}</p>}
          <p class="actions"><a class="btn btn--primary" href="/requests/new/odo_control">{t('contracts.report')}</a></p>
          {data.items.length === 0 ? <EmptyState title={t('contracts.empty')} text={t('contracts.emptyText')} /> : (
            <div class="table-scroll">
              <table class="records">
                <thead><tr><th>{t('contracts.number')}</th><th>{t('contracts.customer')}</th><th>{t('contracts.signedAt')}</th><th class="num">{t('contracts.price')}</th><th class="num">{t('contracts.completed')}</th><th>{t('records.status')}</th></tr></thead>
                <tbody>
                  {data.items.map((c) => (
                    <tr key={c.id}><td>{c.number}</td><td>{c.customer}</td><td>{formatDate(c.signedAt)}</td><td class="num">{formatMoney(c.price)}</td><td class="num">{formatMoney(c.completedAmount)}</td><td>{t(`contractStatus.${c.status}` as MessageKey)}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

export function SpecialistsPage() {
  const { data, error } = useRecords<{ items: SpecialistDto[] }>('/api/specialists');
  return (
    <section>
      <h1>{t('specialists.title')}</h1>
      <p class="actions"><a class="btn btn--secondary" href="/requests/new/specialists">{t('specialists.send')}</a></p>
      {error ? <ErrorNote message={error} /> : data === null ? <Loading /> : data.items.length === 0 ? <EmptyState title={t('specialists.empty')} text={t('specialists.emptyText')} /> : (
        <div class="table-scroll">
          <table class="records">
            <thead><tr><th>{t('specialists.fullName')}</th><th>{t('specialists.nrs')}</th><th>{t('specialists.position')}</th><th>{t('specialists.nok')}</th></tr></thead>
            <tbody>
              {data.items.map((s) => (
                <tr key={s.id} class={s.nokExpired ? 'row--warn' : ''}>
                  <td>{s.fullName}</td><td>{s.nrsNumber}</td><td>{s.position ?? ''}</td>
                  <td>{formatDate(s.nokDate)}{s.nokExpired && <strong> — {t('specialists.expired')}</strong>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ComplaintsPage() {
  const [filters, setFilters] = useState<Record<string, string>>({});
  const { data, error } = useRecords<{ items: ThreadDto[] }>(`/api/threads${queryOf({ kind: 'complaint', limit: '100', ...filters })}`);
  const defs: FilterDef[] = [YEAR_FILTER, MONTH_FILTER, { key: 'open', label: 'records.status', options: [{ value: 'true', label: t('complaints.open') }, { value: 'false', label: t('complaints.closed') }] }];
  return (
    <section>
      <h1>{t('complaints.title')}</h1>
      <Filters defs={defs} value={filters} onChange={setFilters} />
      {error ? <ErrorNote message={error} /> : data === null ? <Loading /> : data.items.length === 0 ? <EmptyState title={t('complaints.empty')} text={t('complaints.emptyText')} /> : (
        <ul class="record-cards">
          {data.items.map((c) => (
            <li key={c.id} class="record-card">
              <h2><a href={`/threads/${c.id}`}>{c.subject}</a>{c.regNumber ? ` № ${c.regNumber}` : ''}</h2>
              <p><StatusPill status={c.status} staff={false} /> {t('complaints.received')}: {formatDate(c.regDate ?? c.createdAt)}{c.dueAt ? ` · ${t('complaints.due')}: ${formatDate(c.dueAt)}` : ''}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}


export { TasksPage } from './TasksPage';
