import { useState } from 'preact/hooks';
import { MEMBER_REPORTABLE_FIELDS, type RegistryField } from '@sro/shared/schemas/registry';
import { parseCreateThread, type ThreadDto } from '@sro/shared/schemas/threads';
import { fieldErrors } from '@sro/shared/schemas/common';
import { api, uploadFiles, ApiError } from '../../api/client';
import { navigate } from '../../router';
import { t, type MessageKey } from '../../i18n';
import { Button, ErrorNote, Field } from '../../components/ui';
import { FilePicker, type PickedFile } from '../threads/FilePicker';

// Fields entered as one line of text; passport and an insurance contract get small sub-forms.
const SIMPLE = MEMBER_REPORTABLE_FIELDS.filter((f) => !['insurance', 'education', 'employment', 'responsibility', 'disciplinaryMeasures', 'rightToWork', 'kind', 'closed.passport'].includes(f));
const CHOICES: RegistryField[] = [...SIMPLE, 'closed.passport', 'insurance'];

interface Row { field: RegistryField; value: Record<string, string>; comment: string }

function toNewValue(row: Row): unknown {
  if (row.field === 'closed.passport') return { series: row.value.series, number: row.value.number, issuedBy: row.value.issuedBy || undefined, issuedAt: row.value.issuedAt || undefined };
  if (row.field === 'insurance') return [{ number: row.value.number, insurer: row.value.insurer, sum: row.value.sum, from: row.value.from, to: row.value.to }];
  return row.value.text ?? '';
}

/** The message for a value or any part of it (a list of phones reports the bad one as `…newValue.1`). */
const errorUnder = (errors: Record<string, string>, path: string) =>
  errors[path] ?? Object.entries(errors).find(([key]) => key.startsWith(`${path}.`))?.[1];

const SUBFIELDS: Partial<Record<RegistryField, [string, MessageKey, string?][]>> = {
  'closed.passport': [['series', 'change.series'], ['number', 'change.number'], ['issuedBy', 'change.issuedBy'], ['issuedAt', 'change.issuedAt', 'date']],
  insurance: [['number', 'change.number'], ['insurer', 'change.insurer'], ['sum', 'change.sum', 'number'], ['from', 'change.from', 'date'], ['to', 'change.to', 'date']],
};

/** "Сообщить об изменениях": what changed, the new values (validated like the registry), scans with comments. */
export function ReportChangePage() {
  const [rows, setRows] = useState<Row[]>([{ field: 'legalAddress', value: {}, comment: '' }]);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function submit(event: Event) {
    event.preventDefault();
    const changes = rows.map((r) => ({ field: r.field, newValue: toNewValue(r), comment: r.comment || undefined }));
    const fileNotes = files.filter((f) => f.comment).map((f) => `${f.file.name}: ${f.comment}`);
    const payload = { kind: 'registry_change' as const, form: { changes }, body: fileNotes.join('\n') || undefined };
    const parsed = parseCreateThread(payload);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    setBusy(true);
    try {
      const attachments = files.length ? (await uploadFiles(files.map((f) => f.file), () => undefined)).items.map((f) => f.id) : [];
      const thread = await api.post<ThreadDto>('/api/threads', { ...payload, attachments, clientMsgId: `change-${Date.now().toString(36)}` });
      navigate(`/threads/${thread.id}`);
    } catch (err) {
      setErrors((err as ApiError).fields ?? {});
      setMessage((err as ApiError).message);
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
        {rows.map((row, i) => (
          <fieldset class="card" key={i}>
            <Field label={t('change.field')}>
              {(id) => (
                <select id={id} value={row.field} onChange={(e) => update(i, { field: e.currentTarget.value as RegistryField, value: {} })}>
                  {CHOICES.map((f) => <option key={f} value={f}>{t(`rf.${f}` as MessageKey)}</option>)}
                </select>
              )}
            </Field>
            {SUBFIELDS[row.field] ? (
              <div class="row">
                {SUBFIELDS[row.field]!.map(([key, label, type]) => (
                  <Field key={key} label={t(label)} error={errors[`form.changes.${i}.newValue.${key}`] ?? errors[`form.changes.${i}.newValue.0.${key}`]}>
                    {(id, d) => <input id={id} aria-describedby={d} type={(type ?? 'text') as 'text'} value={row.value[key] ?? ''} onInput={(e) => update(i, { value: { ...row.value, [key]: e.currentTarget.value } })} />}
                  </Field>
                ))}
              </div>
            ) : (
              <Field label={t('change.newValue')} error={errorUnder(errors, `form.changes.${i}.newValue`)}>
                {(id, d) => <input id={id} aria-describedby={d} type={(row.field.endsWith('Date') ? 'date' : 'text') as 'text'} value={row.value.text ?? ''} onInput={(e) => update(i, { value: { text: e.currentTarget.value } })} />}
              </Field>
            )}
            <Field label={t('change.comment')}>
              {(id) => <input id={id} value={row.comment} onInput={(e) => update(i, { comment: e.currentTarget.value })} />}
            </Field>
            {rows.length > 1 && <Button variant="ghost" type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>{t('change.remove')}</Button>}
          </fieldset>
        ))}
        <Button variant="secondary" type="button" onClick={() => setRows([...rows, { field: 'phone', value: {}, comment: '' }])}>{t('change.add')}</Button>
        <fieldset class="field">
          <legend>{t('form.files')}</legend>
          <FilePicker files={files} onChange={setFiles} withComments />
        </fieldset>
        <Button type="submit" busy={busy}>{t('change.send')}</Button>
      </form>
    </section>
  );
}
