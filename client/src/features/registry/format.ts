import { formatDate, t, type MessageKey } from '../../i18n';

// How a person reads registry values: dates, passports, contracts, levels — one place for every registry page.

const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v);

/** The value at a registry path ("closed.passport") of a card. */
export const valueAt = (card: object, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), card);

const SUB_LABELS: Record<string, string> = {
  number: '№', insurer: '', sum: 'сумма', from: 'с', to: 'по', diplomaNumber: 'диплом №', institution: '', specialisation: '',
  year: 'год', organisation: '', organisationInn: 'ИНН', position: '', totalExperienceYears: 'общий стаж, лет',
  professionalExperienceYears: 'стаж по специальности, лет', levelVv: 'уровень ВВ', levelOdo: 'уровень ОДО',
  contributionVv: 'КФ ВВ, ₽', contributionOdo: 'КФ ОДО, ₽', date: '', measure: '', reason: 'основание',
};

function formatObject(field: string, v: Record<string, unknown>): string {
  if (field === 'closed.passport') return [`${v.series ?? ''} ${v.number ?? ''}`.trim(), v.issuedBy, v.issuedAt && formatDate(String(v.issuedAt))].filter(Boolean).join(', ');
  return Object.entries(v)
    .filter(([, x]) => x !== undefined && x !== null && x !== '')
    .map(([k, x]) => {
      const shown = isDay(x) ? formatDate(x) : typeof x === 'number' && x >= 10_000 ? x.toLocaleString('ru-RU') : String(x);
      const label = SUB_LABELS[k] ?? k;
      return label ? `${label} ${shown}` : shown;
    })
    .join(', ');
}

export function formatRegistryValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (field === 'kind') return t(`memberKind.${value}` as MessageKey);
  if (field === 'status') return t(`memberStatus.${value}` as MessageKey);
  if (isDay(value)) return formatDate(value);
  if (Array.isArray(value)) return value.map((v) => formatRegistryValue(field, v)).join('; ') || '—';
  if (typeof value === 'object') return formatObject(field, value as Record<string, unknown>);
  return String(value);
}
