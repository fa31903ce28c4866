import { useEffect, useState } from 'preact/hooks';
import type { ProductionYearDto } from '@sro/shared/schemas/member-records';
import { api } from '../../api/client';
import { formatDate, formatDateTime } from '../../i18n';
import { dt, type DocumentsKey } from '../../i18n/documents';
import { isAdmin } from '../../stores/session';
import { Button, Field, Loading } from '../../components/ui';
import { Saved, useSave } from './save';

// The production calendar of a year (admin): days off beyond the weekend and working weekend days. Due dates
// of requests are counted on it, so a year's decree is entered here when the government publishes it.

type ListKey = 'daysOff' | 'workingDays';

function DayList({ year, name, days, onChange, readOnly }: { year: number; name: ListKey; days: string[]; onChange: (days: string[]) => void; readOnly: boolean }) {
  const [adding, setAdding] = useState('');
  return (
    <fieldset class="field">
      <legend>{dt(`prod.${name}` as DocumentsKey)}</legend>
      {days.length === 0 ? <p class="muted">{dt('prod.empty')}</p> : (
        <ul class="chips">
          {days.map((day) => (
            <li key={day} class="chip">
              <time dateTime={day}>{formatDate(day)}</time>
              {!readOnly && <button type="button" class="chip__remove" aria-label={dt('prod.remove', { day: formatDate(day) })} onClick={() => onChange(days.filter((d) => d !== day))}>×</button>}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <div class="inline-form">
          <input type="date" min={`${year}-01-01`} max={`${year}-12-31`} value={adding} aria-label={`${dt(`prod.${name}` as DocumentsKey)}: ${dt('prod.add')}`} onInput={(e) => setAdding(e.currentTarget.value)} />
          <Button variant="secondary" disabled={!adding} onClick={() => { onChange([...new Set([...days, adding])].sort()); setAdding(''); }}>{dt('prod.add')}</Button>
        </div>
      )}
    </fieldset>
  );
}

export function ProductionCalendarSettings() {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [data, setData] = useState<ProductionYearDto | null>(null);
  const save = useSave();
  useEffect(() => {
    setData(null);
    void api.get<ProductionYearDto>(`/api/calendar/production/${year}`).then(setData);
  }, [year]);
  const readOnly = !isAdmin.value;
  const put = (patch: Partial<Record<ListKey, string[]>>) => {
    if (!data) return;
    const next = { daysOff: patch.daysOff ?? data.daysOff, workingDays: patch.workingDays ?? data.workingDays };
    void save.run(async () => setData(await api.put<ProductionYearDto>(`/api/admin/calendar/production/${year}`, next)));
  };
  return (
    <section class="card" aria-labelledby="set-production">
      <h2 id="set-production">{dt('prod.title')}</h2>
      <p class="field__hint">{dt('prod.hint')}</p>
      <Field label={dt('prod.year')}>
        {(id) => (
          <select id={id} value={year} onChange={(e) => setYear(Number(e.currentTarget.value))}>
            {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        )}
      </Field>
      {!data ? <Loading /> : (
        <>
          <p class="note">{data.custom ? dt('prod.custom', { at: formatDateTime(data.updatedAt) }) : dt('prod.default')}</p>
          <DayList year={year} name="daysOff" days={data.daysOff} readOnly={readOnly} onChange={(daysOff) => put({ daysOff })} />
          <DayList year={year} name="workingDays" days={data.workingDays} readOnly={readOnly} onChange={(workingDays) => put({ workingDays })} />
          {!readOnly && data.custom && (
            <Button variant="ghost" busy={save.busy} onClick={() => void save.run(async () => setData(await api.delete<ProductionYearDto>(`/api/admin/calendar/production/${year}`)))}>{dt('prod.reset')}</Button>
          )}
          <Saved error={save.error} ok={save.ok} />
        </>
      )}
    </section>
  );
}
