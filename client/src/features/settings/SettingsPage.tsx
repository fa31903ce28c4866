import { useEffect, useState } from 'preact/hooks';
import { PAYMENT_TYPES, type FinanceSettings, type PaymentType } from '@sro/shared/schemas/member-records';
import type { LibraryItemDto } from '@sro/shared/schemas/reports';
import { formatKopecks, parseRubles } from '@sro/shared/money';
import { api } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { dt } from '../../i18n/documents';
import { isAdmin, isStaff } from '../../stores/session';
import { Button, Field, Loading } from '../../components/ui';
import { Saved, useSave } from './save';
import { ProductionCalendarSettings } from './ProductionCalendarSettings';

// The SRO's settings (admin edits, experts read): registry extracts, the annual report's sections with their
// templates, the КФ ОДО ceilings and the names of payment types. Each block saves on its own.

function ExtractSettings() {
  const [instant, setInstant] = useState<boolean | null>(null);
  const save = useSave();
  useEffect(() => void api.get<{ instant: boolean }>('/api/admin/settings/extracts').then((r) => setInstant(r.instant)), []);
  if (instant === null) return <Loading />;
  return (
    <section class="card" aria-labelledby="set-extracts">
      <h2 id="set-extracts">{dt('settings.extracts')}</h2>
      <label class="check"><input type="checkbox" checked={instant} disabled={!isAdmin.value} onChange={(e) => {
        const next = e.currentTarget.checked;
        setInstant(next);
        void save.run(() => api.put('/api/admin/settings/extracts', { instant: next }));
      }} /> {dt('settings.instant')}</label>
      <p class="field__hint">{dt('settings.instantHint')}</p>
      <Saved error={save.error} ok={save.ok} />
    </section>
  );
}

interface SectionRow { key: string; title: string; templateFileId?: string }

function ReportSettings() {
  const [rows, setRows] = useState<SectionRow[] | null>(null);
  const [dueDay, setDueDay] = useState('03-01');
  const [templates, setTemplates] = useState<LibraryItemDto[]>([]);
  const save = useSave();
  useEffect(() => {
    void api.get<{ sections: SectionRow[]; dueDay: string }>('/api/admin/reports/annual/sections').then((r) => { setRows(r.sections); setDueDay(r.dueDay); });
    void api.get<{ items: LibraryItemDto[] }>('/api/library').then((r) => setTemplates(r.items));
  }, []);
  if (!rows) return <Loading />;
  const update = (i: number, patch: Partial<SectionRow>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  // The report is configured by staff (experts running the annual control), not only by the admin.
  const admin = isStaff.value;
  return (
    <section class="card" aria-labelledby="set-report">
      <h2 id="set-report">{dt('settings.report')}</h2>
      <p class="field__hint">{dt('settings.reportHint')}</p>
      <div class="table-scroll"><table class="records">
        <thead><tr><th>{dt('settings.key')}</th><th>{dt('settings.sectionTitle')}</th><th>{dt('report.template')}</th><th /></tr></thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td><input aria-label={dt('settings.key')} value={r.key} disabled={!admin} onInput={(e) => update(i, { key: e.currentTarget.value })} size={12} /></td>
              <td><input aria-label={dt('settings.sectionTitle')} value={r.title} disabled={!admin} onInput={(e) => update(i, { title: e.currentTarget.value })} /></td>
              <td>
                <select aria-label={dt('report.template')} value={r.templateFileId ?? ''} disabled={!admin} onChange={(e) => update(i, { templateFileId: e.currentTarget.value || undefined })}>
                  <option value="">—</option>
                  {templates.map((tpl) => <option key={tpl.fileId} value={tpl.fileId}>{tpl.title}</option>)}
                </select>
              </td>
              <td>{admin && <button type="button" class="link" aria-label={`✕ ${r.title}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>✕</button>}</td>
            </tr>
          ))}
        </tbody>
      </table></div>
      {admin && <Button type="button" variant="ghost" onClick={() => setRows([...rows, { key: `section${rows.length + 1}`, title: '' }])}>+ {dt('settings.addSection')}</Button>}
      <Field label={dt('settings.dueDay')} hint={dt('settings.dueDayHint')}>
        {(id, d) => <input id={id} aria-describedby={d} value={dueDay} disabled={!admin} pattern="\d{2}-\d{2}" onInput={(e) => setDueDay(e.currentTarget.value)} />}
      </Field>
      {admin && <Button busy={save.busy} onClick={() => void save.run(() => api.put('/api/admin/reports/annual/sections', { sections: rows, dueDay }))}>{dt('settings.save')}</Button>}
      <Saved error={save.error} ok={save.ok} />
    </section>
  );
}

function FinanceBlock() {
  const [value, setValue] = useState<FinanceSettings | null>(null);
  const [limits, setLimits] = useState<Record<number, string>>({});
  const save = useSave();
  useEffect(() => void api.get<FinanceSettings>('/api/admin/settings/finance').then((s) => {
    setValue(s);
    setLimits(Object.fromEntries(Object.entries(s.odoLimits).map(([k, v]) => [k, v === null ? '' : formatKopecks(v).replace(' ₽', '')])));
  }), []);
  if (!value) return <Loading />;
  const admin = isAdmin.value;
  const submit = () => save.run(() => {
    const odoLimits = Object.fromEntries([1, 2, 3, 4, 5].map((level) => [level, limits[level]?.trim() ? parseRubles(limits[level]) ?? -1 : null]));
    return api.put('/api/admin/settings/finance', { odoLimits, paymentTypeNames: value.paymentTypeNames });
  });
  return (
    <section class="card" aria-labelledby="set-finance">
      <h2 id="set-finance">{dt('settings.finance')}</h2>
      <p class="field__hint">{dt('settings.odoHint')}</p>
      <div class="row">
        {[1, 2, 3, 4, 5].map((level) => (
          <Field key={level} label={dt('settings.level', { n: level })}>
            {(id, d) => <input id={id} aria-describedby={d} inputMode="decimal" disabled={!admin} placeholder={dt('settings.noCeiling')} value={limits[level] ?? ''} onInput={(e) => setLimits({ ...limits, [level]: e.currentTarget.value })} />}
          </Field>
        ))}
      </div>
      <h3>{dt('settings.typeNames')}</h3>
      {PAYMENT_TYPES.map((type: PaymentType) => (
        <Field key={type} label={t(`paymentType.${type}` as MessageKey)}>
          {(id, d) => <input id={id} aria-describedby={d} disabled={!admin} value={value.paymentTypeNames[type] ?? ''} onInput={(e) => {
            const names = { ...value.paymentTypeNames, [type]: e.currentTarget.value };
            if (!e.currentTarget.value) delete names[type];
            setValue({ ...value, paymentTypeNames: names });
          }} />}
        </Field>
      ))}
      {admin && <Button busy={save.busy} onClick={() => void submit()}>{dt('settings.save')}</Button>}
      <Saved error={save.error} ok={save.ok} />
    </section>
  );
}

export function SettingsPage() {
  return (
    <section class="narrow settings">
      <h1>{dt('settings.title')}</h1>
      {!isAdmin.value && <p class="note">{dt('settings.readOnly')}</p>}
      <ExtractSettings />
      <ReportSettings />
      <FinanceBlock />
      <ProductionCalendarSettings />
    </section>
  );
}
