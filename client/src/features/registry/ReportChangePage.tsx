import { useEffect, useState } from 'preact/hooks';
import { MEMBER_KINDS } from '@sro/shared/enums';
import { MEMBER_REPORTABLE_FIELDS, type MemberCardDto, type RegistryField } from '@sro/shared/schemas/registry';
import { parseCreateThread, type ThreadDto } from '@sro/shared/schemas/threads';
import { fieldErrors } from '@sro/shared/schemas/common';
import type { PepConfirm } from '@sro/shared/schemas/signatures';
import { SignDialog, isSignatureError } from '../signatures/SignDialog';
import { api, uploadFiles, ApiError } from '../../api/client';
import { navigate } from '../../router';
import { t, type MessageKey } from '../../i18n';
import { Button, ErrorNote, Field } from '../../components/ui';
import { FilePicker, type PickedFile } from '../threads/FilePicker';
import { valueAt } from './format';
import { rt } from './i18n';

// "Сообщить об изменениях" (seeds 001, 003): pick what changed, fill the new values — validated by the same shared
// schema as the registry, with the messages next to each field — attach scans with a comment each, send.

type Sub = [key: string, label: MessageKey | string, type?: 'date' | 'number'];

/** Structured fields get a small sub-form; list fields add one entry to the member's current list. */
const SUBFORMS: Partial<Record<RegistryField, Sub[]>> = {
  'closed.passport': [['series', 'change.series'], ['number', 'change.number'], ['issuedBy', 'change.issuedBy'], ['issuedAt', 'change.issuedAt', 'date']],
  insurance: [['number', 'change.number'], ['insurer', 'change.insurer'], ['sum', 'change.sum', 'number'], ['from', 'change.from', 'date'], ['to', 'change.to', 'date']],
  education: [['diplomaNumber', 'Номер диплома'], ['institution', 'Учебное заведение'], ['specialisation', 'Специальность'], ['year', 'Год окончания', 'number']],
  employment: [['organisation', 'Организация'], ['organisationInn', 'ИНН организации'], ['position', 'Должность'], ['totalExperienceYears', 'Общий стаж, лет', 'number'], ['professionalExperienceYears', 'Стаж кадастровой деятельности, лет', 'number']],
  responsibility: [['levelVv', 'Уровень ответственности (КФ ВВ), 1–5', 'number'], ['levelOdo', 'Уровень ответственности (КФ ОДО), 1–5', 'number']],
};
const LISTS: RegistryField[] = ['insurance', 'education', 'employment'];
const CHOICES = MEMBER_REPORTABLE_FIELDS;

interface Row { field: RegistryField; value: Record<string, string>; comment: string }

const label = (l: string) => (l.includes('.') && !l.includes(' ') ? t(l as MessageKey) : l);
const compact = (v: Record<string, string>) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== ''));

/** The row's new value in the registry's shape; a list gets the new entry after the current ones. */
function toNewValue(row: Row, card: MemberCardDto | null): unknown {
  if (LISTS.includes(row.field)) return [...((card && (valueAt(card, row.field) as unknown[])) ?? []), compact(row.value)];
  if (SUBFORMS[row.field]) return compact(row.value);
  return row.value.text ?? '';
}

/** The first error at or under a path (a list entry's errors sit under its index). */
const errorUnder = (errors: Record<string, string>, prefix: string, key?: string) =>
  Object.entries(errors).find(([k]) => (k === prefix || k.startsWith(`${prefix}.`)) && (!key || k.endsWith(`.${key}`)))?.[1];

export function ReportChangePage() {
  const [card, setCard] = useState<MemberCardDto | null>(null);
  const [rows, setRows] = useState<Row[]>([{ field: 'legalAddress', value: {}, comment: '' }]);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => void api.get<MemberCardDto>('/api/members/me').then(setCard, () => undefined), []);
  const update = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const [signing, setSigning] = useState(false);
  const changesOf = () => rows.map((r) => ({ field: r.field, newValue: toNewValue(r, card), comment: r.comment || undefined }));

  /** Checks the changes here; sending asks for the ПЭП first. */
  function submit(event: Event) {
    event.preventDefault();
    setMessage(null);
    const checked = parseCreateThread({ kind: 'registry_change' as const, form: { changes: changesOf() } });
    if (!checked.success) return setErrors(fieldErrors(checked.error));
    setErrors({});
    setSigning(true);
  }

  async function send(confirm: PepConfirm) {
    setBusy(true);
    try {
      const changes = changesOf();
      const uploaded = files.length ? (await uploadFiles(files.map((f) => f.file), () => undefined)).items : [];
      const documents = uploaded.map((u, j) => ({ fileId: u.id, comment: files[j]?.comment?.trim() || undefined }));
      const thread = await api.post<ThreadDto>('/api/threads', { kind: 'registry_change', form: { changes, documents }, attachments: uploaded.map((u) => u.id), confirm, clientMsgId: `change-${Date.now().toString(36)}` });
      navigate(`/threads/${thread.id}`);
    } catch (err) {
      const apiError = err as ApiError;
      if (isSignatureError(apiError)) throw apiError;
      setSigning(false);
      setErrors(apiError.fields ?? {});
      setMessage(apiError.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="narrow">
      <h1>{t('change.title')}</h1>
      <p class="muted">{t('change.text')}</p>
      <form onSubmit={submit} noValidate>
        <ErrorNote message={message} />
        {rows.map((row, i) => {
          const at = `form.changes.${i}.newValue`;
          return (
            <fieldset class="card" key={i}>
              <Field label={t('change.field')} error={errors[`form.changes.${i}.field`]}>
                {(id, d) => (
                  <select id={id} aria-describedby={d} value={row.field} onChange={(e) => update(i, { field: e.currentTarget.value as RegistryField, value: {} })}>
                    {CHOICES.map((f) => <option key={f} value={f}>{t(`rf.${f}` as MessageKey)}</option>)}
                  </select>
                )}
              </Field>
              {SUBFORMS[row.field] ? (
                <div class="row">
                  {SUBFORMS[row.field]!.map(([key, l, type]) => (
                    <Field key={key} label={label(l)} error={errorUnder(errors, at, key)}>
                      {(id, d) => <input id={id} aria-describedby={d} type={(type ?? 'text') as 'text'} value={row.value[key] ?? ''} onInput={(e) => update(i, { value: { ...row.value, [key]: e.currentTarget.value } })} />}
                    </Field>
                  ))}
                </div>
              ) : row.field === 'kind' ? (
                <Field label={t('change.newValue')} error={errorUnder(errors, at)}>
                  {(id, d) => (
                    <select id={id} aria-describedby={d} value={row.value.text ?? ''} onChange={(e) => update(i, { value: { text: e.currentTarget.value } })}>
                      <option value="" />
                      {MEMBER_KINDS.map((k) => <option key={k} value={k}>{t(`memberKind.${k}` as MessageKey)}</option>)}
                    </select>
                  )}
                </Field>
              ) : (
                <Field label={t('change.newValue')} error={errorUnder(errors, at)} hint={row.field === 'phone' ? rt('reg.phoneHint') : undefined}>
                  {(id, d) => <input id={id} aria-describedby={d} type={(row.field.endsWith('Date') ? 'date' : row.field === 'email' ? 'email' : 'text') as 'text'} value={row.value.text ?? ''} onInput={(e) => update(i, { value: { text: e.currentTarget.value } })} />}
                </Field>
              )}
              <Field label={t('change.comment')}>
                {(id) => <input id={id} value={row.comment} onInput={(e) => update(i, { comment: e.currentTarget.value })} />}
              </Field>
              {rows.length > 1 && <Button variant="ghost" type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>{t('change.remove')}</Button>}
            </fieldset>
          );
        })}
        <Button variant="secondary" type="button" onClick={() => setRows([...rows, { field: CHOICES.find((f) => !rows.some((r) => r.field === f)) ?? 'phone', value: {}, comment: '' }])}>{t('change.add')}</Button>
        <fieldset class="field">
          <legend>{rt('reg.documents')}</legend>
          <FilePicker files={files} onChange={setFiles} withComments />
        </fieldset>
        <Button type="submit" busy={busy}>{t('change.send')}</Button>
      </form>
      {signing && <SignDialog onClose={() => setSigning(false)} onSign={send} />}
    </section>
  );
}
