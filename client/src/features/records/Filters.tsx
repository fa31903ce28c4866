import { t, type MessageKey } from '../../i18n';

export interface FilterDef {
  key: string;
  label: MessageKey;
  options: { value: string; label: string }[];
}

const thisYear = new Date().getFullYear();
export const YEAR_FILTER: FilterDef = { key: 'year', label: 'records.year', options: Array.from({ length: 8 }, (_, i) => String(thisYear + 1 - i)).map((y) => ({ value: y, label: y })) };
export const MONTH_FILTER: FilterDef = {
  key: 'month', label: 'records.month',
  options: Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: new Date(2026, i, 1).toLocaleString(document.documentElement.lang || 'ru', { month: 'long' }) })),
};

/** The filter row of a member list: one labelled select per filter, "All" first. */
export function Filters({ defs, value, onChange }: { defs: FilterDef[]; value: Record<string, string>; onChange: (next: Record<string, string>) => void }) {
  return (
    <form class="filters" aria-label={t('records.filters')} onSubmit={(e) => e.preventDefault()}>
      {defs.map((d) => (
        <label key={d.key}>
          <span>{t(d.label)}</span>
          <select value={value[d.key] ?? ''} onChange={(e) => onChange({ ...value, [d.key]: (e.currentTarget as HTMLSelectElement).value })}>
            <option value="">{t('records.any')}</option>
            {d.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        </label>
      ))}
    </form>
  );
}
