import { useEffect, useState } from 'preact/hooks';
import {
  CONTRACT_STATUSES, INSPECTION_STATUSES, INSPECTION_TYPES, PAYMENT_TYPES,
  type ContractsResponse, type InspectionDto, type PaymentsResponse, type SpecialistDto, type TaskDto,
} from '@sro/shared/schemas/member-records';
import { parseRubles } from '@sro/shared/money';
import { api, ApiError } from '../../api/client';
import { formatDate, t, type MessageKey } from '../../i18n';
import { Button, ErrorNote, Field } from '../../components/ui';
import { formatMoney } from './format';

// Staff: the member's information modules on its card — what the member sees, and a form to add to each
// (every write is audited on the server; the member is notified where it matters).

type Input = { name: string; label: MessageKey; kind: 'text' | 'date' | 'money' | 'select' | 'checkbox'; options?: readonly string[]; optionPrefix?: string; required?: boolean };

interface TabDef {
  id: 'charges' | 'payments' | 'inspections' | 'contracts' | 'specialists' | 'tasks';
  label: MessageKey;
  list: string;
  post: string;
  inputs: Input[];
  rows: (data: unknown) => string[][];
}

/** Rubles as typed → kopecks; NaN (sent as null) for anything else, so the server says what is wrong. */
const rublesToKopecks = (typed: string) => parseRubles(typed) ?? Number.NaN;

const label = (prefix: string, value: string) => t(`${prefix}.${value}` as MessageKey);

const TABS = (memberId: string): TabDef[] => [
  {
    id: 'charges', label: 'staffRecords.charges', list: `/api/admin/members/${memberId}/payments`, post: `/api/admin/members/${memberId}/charges`,
    inputs: [{ name: 'type', label: 'records.type', kind: 'select', options: PAYMENT_TYPES, optionPrefix: 'paymentType', required: true }, { name: 'amount', label: 'payments.amount', kind: 'money', required: true }, { name: 'dueDate', label: 'staffRecords.dueDate', kind: 'date', required: true }, { name: 'purpose', label: 'payments.purpose', kind: 'text' }],
    rows: (d) => [[t('payments.debt'), formatMoney((d as PaymentsResponse).balance.debt)], ...(d as PaymentsResponse).balance.charges.map((c) => [formatDate(c.dueDate), label('paymentType', c.type), formatMoney(c.amount - c.paid)])],
  },
  {
    id: 'payments', label: 'staffRecords.payments', list: `/api/admin/members/${memberId}/payments`, post: `/api/admin/members/${memberId}/payments`,
    inputs: [{ name: 'type', label: 'records.type', kind: 'select', options: PAYMENT_TYPES, optionPrefix: 'paymentType', required: true }, { name: 'amount', label: 'payments.amount', kind: 'money', required: true }, { name: 'paidAt', label: 'payments.date', kind: 'date', required: true }, { name: 'confirmed', label: 'records.confirmed', kind: 'checkbox' }, { name: 'docNumber', label: 'staffRecords.docNumber', kind: 'text' }],
    rows: (d) => (d as PaymentsResponse).items.map((p) => [formatDate(p.paidAt), label('paymentType', p.type), formatMoney(p.amount), p.confirmed ? t('records.confirmed') : t('records.unconfirmed')]),
  },
  {
    id: 'inspections', label: 'inspections.title', list: `/api/admin/members/${memberId}/inspections`, post: `/api/admin/members/${memberId}/inspections`,
    inputs: [{ name: 'type', label: 'records.type', kind: 'select', options: INSPECTION_TYPES, optionPrefix: 'inspectionType', required: true }, { name: 'status', label: 'records.status', kind: 'select', options: INSPECTION_STATUSES, optionPrefix: 'inspectionStatus' }, { name: 'startDate', label: 'inspections.period', kind: 'date', required: true }, { name: 'subject', label: 'staffRecords.subject', kind: 'text' }],
    rows: (d) => (d as { items: InspectionDto[] }).items.map((i) => [formatDate(i.startDate), label('inspectionType', i.type), label('inspectionStatus', i.status), i.subject ?? '']),
  },
  {
    id: 'contracts', label: 'contracts.title', list: `/api/admin/members/${memberId}/contracts`, post: `/api/admin/members/${memberId}/contracts`,
    inputs: [{ name: 'number', label: 'contracts.number', kind: 'text', required: true }, { name: 'customer', label: 'contracts.customer', kind: 'text', required: true }, { name: 'price', label: 'contracts.price', kind: 'money', required: true }, { name: 'signedAt', label: 'contracts.signedAt', kind: 'date', required: true }, { name: 'status', label: 'records.status', kind: 'select', options: CONTRACT_STATUSES, optionPrefix: 'contractStatus' }, { name: 'completedAmount', label: 'contracts.completed', kind: 'money' }],
    rows: (d) => [[t('contracts.headroom'), (d as ContractsResponse).odo.headroom === null ? '—' : formatMoney((d as ContractsResponse).odo.headroom)], ...(d as ContractsResponse).items.map((c) => [c.number, c.customer, formatMoney(c.price), label('contractStatus', c.status)])],
  },
  {
    id: 'specialists', label: 'specialists.title', list: `/api/admin/members/${memberId}/specialists`, post: `/api/admin/members/${memberId}/specialists`,
    inputs: [{ name: 'fullName', label: 'specialists.fullName', kind: 'text', required: true }, { name: 'nrsNumber', label: 'specialists.nrs', kind: 'text', required: true }, { name: 'position', label: 'specialists.position', kind: 'text' }, { name: 'nokDate', label: 'specialists.nok', kind: 'date' }],
    rows: (d) => (d as { items: SpecialistDto[] }).items.map((s) => [s.fullName, s.nrsNumber, formatDate(s.nokDate), s.nokExpired ? t('specialists.expired') : '']),
  },
  {
    id: 'tasks', label: 'tasks.title', list: `/api/admin/tasks?memberId=${memberId}`, post: `/api/admin/members/${memberId}/tasks`,
    inputs: [{ name: 'title', label: 'tasks.what', kind: 'text', required: true }, { name: 'dueDate', label: 'tasks.due', kind: 'date' }, { name: 'description', label: 'tasks.details', kind: 'text' }, { name: 'documentRequired', label: 'tasks.documentRequired', kind: 'checkbox' }],
    rows: (d) => (d as { items: TaskDto[] }).items.map((x) => {
      const last = x.history.at(-1);
      return [formatDate(x.dueDate), x.title, label('tasks.status', x.status), last ? `${last.actorName}: ${last.comment ?? label('tasks.action', last.action)}${last.files?.length ? ` (📎 ${last.files.map((f) => f.name).join(', ')})` : ''}` : ''];
    }),
  },
];

function toBody(inputs: Input[], values: Record<string, string | boolean>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const input of inputs) {
    const v = values[input.name];
    if (input.kind === 'checkbox') body[input.name] = !!v;
    else if (v === undefined || v === '') continue;
    else body[input.name] = input.kind === 'money' ? rublesToKopecks(String(v)) : v;
  }
  return body;
}

function Tab({ tab }: { tab: TabDef }) {
  const [data, setData] = useState<unknown>(null);
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const load = () => void api.get(tab.list).then(setData, (err) => setError(err));
  useEffect(load, [tab.list]);
  async function add(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(tab.post, toBody(tab.inputs, values));
      setValues({});
      load();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }
  const rows = data ? tab.rows(data) : [];
  return (
    <div>
      {rows.length ? <div class="table-scroll"><table class="records"><tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)}</tbody></table></div> : <p class="muted">{data ? t('staffRecords.none') : t('common.loading')}</p>}
      <form class="staff-records__form" onSubmit={add} noValidate>
        <ErrorNote message={error && !Object.keys(error.fields ?? {}).length ? error.message : null} />
        {tab.inputs.map((input) => (
          <Field key={input.name} label={`${t(input.label)}${input.required ? ' *' : ''}`} error={error?.fields?.[input.name]}>
            {(id, describedBy) => input.kind === 'select' ? (
              <select id={id} aria-describedby={describedBy} value={String(values[input.name] ?? '')} onChange={(e) => setValues({ ...values, [input.name]: e.currentTarget.value })}>
                <option value="">—</option>
                {input.options!.map((o) => <option key={o} value={o}>{label(input.optionPrefix!, o)}</option>)}
              </select>
            ) : input.kind === 'checkbox' ? (
              <input id={id} type="checkbox" checked={!!values[input.name]} onChange={(e) => setValues({ ...values, [input.name]: e.currentTarget.checked })} />
            ) : input.kind === 'date' ? (
              <input id={id} aria-describedby={describedBy} type="date" value={String(values[input.name] ?? '')} onInput={(e) => setValues({ ...values, [input.name]: e.currentTarget.value })} />
            ) : (
              <input id={id} aria-describedby={describedBy} type="text" inputMode={input.kind === 'money' ? 'decimal' : undefined} placeholder={input.kind === 'money' ? '12 500,00' : undefined}
                value={String(values[input.name] ?? '')} onInput={(e) => setValues({ ...values, [input.name]: e.currentTarget.value })} />
            )}
          </Field>
        ))}
        <Button type="submit" busy={busy}>{t('staffRecords.add')}</Button>
      </form>
    </div>
  );
}

export function StaffRecords({ memberId }: { memberId: string }) {
  const tabs = TABS(memberId);
  const [active, setActive] = useState<TabDef['id']>('charges');
  const tab = tabs.find((x) => x.id === active)!;
  return (
    <article class="card staff-records">
      <h2>{t('staffRecords.title')}</h2>
      <div role="tablist" class="tabs" aria-label={t('staffRecords.title')}>
        {tabs.map((x) => <button key={x.id} type="button" role="tab" aria-selected={x.id === active} class={`tab${x.id === active ? ' tab--active' : ''}`} onClick={() => setActive(x.id)}>{t(x.label)}</button>)}
      </div>
      <div role="tabpanel"><Tab key={tab.id} tab={tab} /></div>
    </article>
  );
}
