import { parseRubles } from '@sro/shared/money';
import { ODO_REPORTS } from '@sro/shared/schemas/threads';
import { Field } from '../../components/ui';
import { dt } from '../../i18n/documents';

// The fields of an `odo_control` request (Договоры → "Сообщить о договоре"): a new contract or its completion.
// Money is typed in rubles ("12 000 000,50") and sent as kopecks.

export type OdoFields = Record<'report' | 'number' | 'customer' | 'subject' | 'price' | 'signedAt' | 'completedAmount' | 'outcome', string>;
export const EMPTY_ODO: OdoFields = { report: 'new_contract', number: '', customer: '', subject: '', price: '', signedAt: '', completedAmount: '', outcome: 'completed' };

export function odoForm(s: OdoFields): Record<string, unknown> {
  const money = (v: string) => (v.trim() ? parseRubles(v) ?? Number.NaN : undefined);
  if (s.report === 'completion') return { report: 'completion', number: s.number || undefined, completedAmount: money(s.completedAmount), outcome: s.outcome || undefined };
  return { report: 'new_contract', number: s.number || undefined, customer: s.customer || undefined, subject: s.subject || undefined, price: money(s.price), signedAt: s.signedAt || undefined };
}

export function OdoControlFields({ value, onChange, errors }: { value: OdoFields; onChange: (v: OdoFields) => void; errors: Record<string, string> }) {
  const set = (key: keyof OdoFields) => (e: Event) => onChange({ ...value, [key]: (e.currentTarget as HTMLInputElement).value });
  return (
    <>
      <fieldset class="field">
        <legend>{dt('odo.report')}</legend>
        {ODO_REPORTS.map((r) => (
          <label key={r} class="check"><input type="radio" name="odo-report" value={r} checked={value.report === r} onChange={set('report')} /> {dt(`odo.report.${r}`)}</label>
        ))}
      </fieldset>
      <Field label={dt('odo.number')} error={errors['form.number']}>{(id, d) => <input id={id} aria-describedby={d} value={value.number} onInput={set('number')} />}</Field>
      {value.report === 'new_contract' ? (
        <>
          <Field label={dt('odo.customer')} error={errors['form.customer']}>{(id, d) => <input id={id} aria-describedby={d} value={value.customer} onInput={set('customer')} />}</Field>
          <Field label={dt('odo.subject')} error={errors['form.subject']}>{(id, d) => <input id={id} aria-describedby={d} value={value.subject} onInput={set('subject')} />}</Field>
          <div class="row">
            <Field label={dt('odo.price')} hint={dt('odo.moneyHint')} error={errors['form.price']}>{(id, d) => <input id={id} aria-describedby={d} inputMode="decimal" value={value.price} onInput={set('price')} />}</Field>
            <Field label={dt('odo.signedAt')} error={errors['form.signedAt']}>{(id, d) => <input id={id} aria-describedby={d} type="date" value={value.signedAt} onInput={set('signedAt')} />}</Field>
          </div>
        </>
      ) : (
        <div class="row">
          <Field label={dt('odo.outcome')} error={errors['form.outcome']}>
            {(id, d) => <select id={id} aria-describedby={d} value={value.outcome} onChange={set('outcome')}>{(['completed', 'terminated', 'in_progress'] as const).map((o) => <option key={o} value={o}>{dt(`odo.outcome.${o}`)}</option>)}</select>}
          </Field>
          <Field label={dt('odo.completedAmount')} hint={dt('odo.completedHint')} error={errors['form.completedAmount']}>{(id, d) => <input id={id} aria-describedby={d} inputMode="decimal" value={value.completedAmount} onInput={set('completedAmount')} />}</Field>
        </div>
      )}
    </>
  );
}
