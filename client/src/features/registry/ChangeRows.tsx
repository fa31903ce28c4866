import { MEMBER_KINDS, MEMBER_STATUSES } from '@sro/shared/enums';
import type { MemberCardDto, RegistryField } from '@sro/shared/schemas/registry';
import { t, type MessageKey } from '../../i18n';
import { Button, Field } from '../../components/ui';
import { valueAt } from './format';
import { rt, type RegistryKey } from './i18n';

// The rows of a registry change — what changed and its new value — as one editor for the member's
// "Сообщить об изменениях" and the staff's edit of a card: the same forms, validated by the same shared schema.

type Sub = [key: string, label: MessageKey | RegistryKey, type?: 'date' | 'number'];

/** Structured fields get a small sub-form; list fields add one entry to the member's current list. */
const SUBFORMS: Partial<Record<RegistryField, Sub[]>> = {
  'closed.passport': [['series', 'change.series'], ['number', 'change.number'], ['issuedBy', 'change.issuedBy'], ['issuedAt', 'change.issuedAt', 'date']],
  insurance: [['number', 'change.number'], ['insurer', 'change.insurer'], ['sum', 'change.sum', 'number'], ['from', 'change.from', 'date'], ['to', 'change.to', 'date']],
  education: [['diplomaNumber', 'reg.diplomaNumber'], ['institution', 'reg.institution'], ['specialisation', 'reg.specialisation'], ['year', 'reg.year', 'number']],
  employment: [['organisation', 'reg.organisation'], ['organisationInn', 'reg.organisationInn'], ['position', 'reg.position'], ['totalExperienceYears', 'reg.totalExperience', 'number'], ['professionalExperienceYears', 'reg.professionalExperience', 'number']],
  responsibility: [['levelVv', 'reg.levelVv', 'number'], ['levelOdo', 'reg.levelOdo', 'number']],
  disciplinaryMeasures: [['date', 'reg.measureDate', 'date'], ['measure', 'reg.measure'], ['reason', 'reg.measureReason']],
};
const LISTS: RegistryField[] = ['insurance', 'education', 'employment', 'disciplinaryMeasures'];
/** Fields chosen from a list of words, never typed as codes. */
const CHOICES: Partial<Record<RegistryField, [value: string, label: () => string][]>> = {
  kind: MEMBER_KINDS.map((k) => [k, () => t(`memberKind.${k}` as MessageKey)]),
  status: MEMBER_STATUSES.map((s) => [s, () => t(`memberStatus.${s}` as MessageKey)]),
  rightToWork: [['true', () => rt('reg.yes')], ['false', () => rt('reg.no')]],
};

export interface ChangeRow { field: RegistryField; value: Record<string, string>; comment: string }

const label = (l: string) => (l.startsWith('reg.') ? rt(l as RegistryKey) : t(l as MessageKey));
const compact = (v: Record<string, string>) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== ''));

/** The row's new value in the registry's shape; a list gets the new entry after the current ones. */
function toNewValue(row: ChangeRow, card: object | null): unknown {
  if (LISTS.includes(row.field)) return [...((card && (valueAt(card, row.field) as unknown[])) ?? []), compact(row.value)];
  if (SUBFORMS[row.field]) return compact(row.value);
  return row.value.text ?? '';
}

/** The rows as the API takes them: `{field, newValue, comment}`. */
export const changesOf = (rows: ChangeRow[], card: MemberCardDto | object | null) =>
  rows.map((r) => ({ field: r.field, newValue: toNewValue(r, card), comment: r.comment || undefined }));

/** The first error at or under a path (a list entry's errors sit under its index). */
const errorUnder = (errors: Record<string, string>, prefix: string, key?: string) =>
  Object.entries(errors).find(([k]) => (k === prefix || k.startsWith(`${prefix}.`)) && (!key || k.endsWith(`.${key}`)))?.[1];

interface EditorProps {
  rows: ChangeRow[];
  onChange: (rows: ChangeRow[]) => void;
  /** The fields one may choose: the member's reportable ones, or every field for staff. */
  fields: RegistryField[];
  errors: Record<string, string>;
  /** Where the server puts this editor's errors: `form.changes` for a member's report, `changes` for staff. */
  errorPrefix: string;
  phoneHint?: string;
}

function ValueInput({ row, at, errors, onValue, phoneHint }: { row: ChangeRow; at: string; errors: Record<string, string>; onValue: (value: Record<string, string>) => void; phoneHint?: string }) {
  const sub = SUBFORMS[row.field];
  if (sub) {
    return (
      <div class="row">
        {sub.map(([key, l, type]) => (
          <Field key={key} label={label(l)} error={errorUnder(errors, at, key)}>
            {(id, d) => <input id={id} aria-describedby={d} type={(type ?? 'text') as 'text'} value={row.value[key] ?? ''} onInput={(e) => onValue({ ...row.value, [key]: e.currentTarget.value })} />}
          </Field>
        ))}
      </div>
    );
  }
  const choices = CHOICES[row.field];
  if (choices) {
    return (
      <Field label={t('change.newValue')} error={errorUnder(errors, at)}>
        {(id, d) => (
          <select id={id} aria-describedby={d} value={row.value.text ?? ''} onChange={(e) => onValue({ text: e.currentTarget.value })}>
            <option value="" />
            {choices.map(([value, words]) => <option key={value} value={value}>{words()}</option>)}
          </select>
        )}
      </Field>
    );
  }
  return (
    <Field label={t('change.newValue')} error={errorUnder(errors, at)} hint={row.field === 'phone' ? phoneHint : undefined}>
      {(id, d) => <input id={id} aria-describedby={d} type={(row.field.endsWith('Date') ? 'date' : row.field === 'email' ? 'email' : 'text') as 'text'} value={row.value.text ?? ''} onInput={(e) => onValue({ text: e.currentTarget.value })} />}
    </Field>
  );
}

export function ChangeRowsEditor({ rows, onChange, fields, errors, errorPrefix, phoneHint }: EditorProps) {
  const update = (i: number, patch: Partial<ChangeRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <>
      {rows.map((row, i) => (
        <fieldset class="card" key={i}>
          <Field label={t('change.field')} error={errors[`${errorPrefix}.${i}.field`]}>
            {(id, d) => (
              <select id={id} aria-describedby={d} value={row.field} onChange={(e) => update(i, { field: e.currentTarget.value as RegistryField, value: {} })}>
                {fields.map((f) => <option key={f} value={f}>{t(`rf.${f}` as MessageKey)}</option>)}
              </select>
            )}
          </Field>
          <ValueInput row={row} at={`${errorPrefix}.${i}.newValue`} errors={errors} onValue={(value) => update(i, { value })} phoneHint={phoneHint} />
          <Field label={t('change.comment')}>
            {(id) => <input id={id} value={row.comment} onInput={(e) => update(i, { comment: e.currentTarget.value })} />}
          </Field>
          {rows.length > 1 && <Button variant="ghost" type="button" onClick={() => onChange(rows.filter((_, j) => j !== i))}>{t('change.remove')}</Button>}
        </fieldset>
      ))}
      <Button variant="secondary" type="button" onClick={() => onChange([...rows, { field: fields.find((f) => !rows.some((r) => r.field === f)) ?? 'phone', value: {}, comment: '' }])}>{t('change.add')}</Button>
    </>
  );
}
