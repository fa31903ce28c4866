import { formatDate, t, type MessageKey } from '../../i18n';

/** One registry value as a person reads it: dates, passports, contracts, levels. */
export function formatRegistryValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (field === 'kind') return t(`memberKind.${value}` as MessageKey);
  if (field === 'status') return t(`memberStatus.${value}` as MessageKey);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return formatDate(value);
  if (Array.isArray(value)) return value.map((v) => formatRegistryValue(field, v)).join('; ') || '—';
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (field === 'closed.passport') return [`${v.series ?? ''} ${v.number ?? ''}`.trim(), v.issuedBy, v.issuedAt && formatDate(String(v.issuedAt))].filter(Boolean).join(', ');
    return Object.entries(v).map(([k, x]) => `${k}: ${typeof x === 'string' && /^\d{4}-\d{2}-\d{2}/.test(x) ? formatDate(x) : String(x)}`).join(', ');
  }
  return String(value);
}
