import { useState } from 'preact/hooks';
import { effect } from '@preact/signals';
import { z } from 'zod';
import { parseCreateThread, ACCOUNTING_DOC_TYPES, type ThreadDto } from '@sro/shared/schemas/threads';
import { fieldErrors } from '@sro/shared/schemas/common';
import { THREAD_KINDS, type ThreadKind } from '@sro/shared/enums';
import { api, uploadFiles, type ApiError } from '../../api/client';
import { navigate } from '../../router';
import { kindName, locale, t, type MessageKey } from '../../i18n';
import { Button, EmptyState, ErrorNote, Field } from '../../components/ui';
import { FilePicker, type PickedFile } from './FilePicker';
import type { PepConfirm } from '@sro/shared/schemas/signatures';
import { SignDialog, isSignatureError } from '../signatures/SignDialog';
import { EMPTY_ODO, OdoControlFields, odoForm, type OdoFields } from '../records/OdoControlFields';
import { MEMBER_REQUEST_KINDS } from './kinds';

// Messages of zod's own checks follow the UI language; the shared schemas carry Russian texts of their own.
// An effect, so switching the language later switches them too.
effect(() => void z.config(locale.value === 'en' ? z.locales.en() : z.locales.ru()));

export function KindChooser() {
  return (
    <section>
      <h1>{t('form.chooseKind')}</h1>
      <ul class="kind-tiles">
        {MEMBER_REQUEST_KINDS.map((kind) => <li key={kind}><a href={`/requests/new/${kind}`}>{kindName(kind)}</a></li>)}
      </ul>
    </section>
  );
}

interface FormState {
  inspectionId: string;
  copies: string;
  delivery: string;
  docType: string;
  from: string;
  to: string;
  topic: string;
  body: string;
}

function formFor(kind: ThreadKind, s: FormState, odo: OdoFields): Record<string, unknown> {
  if (kind === 'odo_control') return odoForm(odo);
  if (kind === 'registry_extract') return { copies: s.copies, delivery: s.delivery || undefined };
  if (kind === 'accounting_documents') return { docType: s.docType || undefined, period: s.from || s.to ? { from: s.from, to: s.to } : undefined };
  if (kind === 'general') return { topic: s.topic || undefined };
  if (kind === 'inspection') return { inspectionId: s.inspectionId || undefined, about: s.topic || undefined };
  return {};
}

/** A new request of one kind with its typed form (seed 000), validated by the shared schema before sending. */
export function NewRequestPage({ kind }: { kind: string }) {
  // A module's button may prefill the form ("Запросить счёт" → ?docType=invoice): the member only confirms.
  const [state, setState] = useState<FormState>(() => {
    const q = new URLSearchParams(location.search);
    return { inspectionId: q.get('inspectionId') ?? '', copies: '1', delivery: 'electronic', docType: q.get('docType') ?? '', from: q.get('from') ?? '', to: q.get('to') ?? '', topic: q.get('topic') ?? '', body: '' };
  });
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [odo, setOdo] = useState<OdoFields>(EMPTY_ODO);
  const [signing, setSigning] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [uploaded, setUploaded] = useState<string[] | null>(null);
  // One id per form: a retried sending (lost answer, wrong password then right) creates one request.
  const [clientMsgId] = useState(() => `new-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);
  if (!(THREAD_KINDS as readonly string[]).includes(kind) || !MEMBER_REQUEST_KINDS.includes(kind as ThreadKind)) {
    return <EmptyState title={t('placeholder.title')} action={<a href="/requests/new">{t('form.chooseKind')}</a>} />;
  }
  const k = kind as ThreadKind;
  const set = (key: keyof FormState) => (e: Event) => setState({ ...state, [key]: (e.currentTarget as HTMLInputElement).value });

  /** Checks the form here; a draft is saved at once, a sending first asks for the ПЭП (SignDialog). */
  function check(draft: boolean): boolean {
    setMessage(null);
    const parsed = parseCreateThread({ kind: k, form: formFor(k, state, odo), body: state.body.trim() || undefined, draft });
    const fieldErrs: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
    setErrors(fieldErrs);
    return Object.keys(fieldErrs).length === 0;
  }

  /** Sends (with the signature's confirmation) or saves a draft; a wrong password is thrown back to the dialog. */
  async function submit(draft: boolean, confirm?: PepConfirm) {
    const base = { kind: k, form: formFor(k, state, odo), body: state.body.trim() || undefined, draft };
    try {
      let attachments: string[] = uploaded ?? [];
      if (files.length && !uploaded) {
        setProgress(0);
        attachments = (await uploadFiles(files.map((f) => f.file), setProgress)).items.map((f) => f.id);
        setUploaded(attachments); // a retry after a wrong password does not upload again
      }
      const thread = await api.post<ThreadDto>('/api/threads', { ...base, attachments, confirm, clientMsgId });
      navigate(`/threads/${thread.id}`);
    } catch (err) {
      const apiError = err as ApiError;
      if (confirm && isSignatureError(apiError)) throw apiError;
      setSigning(false);
      setErrors(apiError.fields ?? {});
      setMessage(apiError.message);
    } finally {
      setProgress(null);
    }
  }

  return (
    <section class="narrow">
      <h1>{t('form.newTitle', { kind: kindName(k) })}</h1>
      <form noValidate onSubmit={(e) => { e.preventDefault(); if (check(false)) setSigning(true); }}>
        <ErrorNote message={message} />
        {k === 'registry_extract' && (
          <>
            <Field label={t('form.copies')} error={errors['form.copies']}>
              {(id, d) => <input id={id} aria-describedby={d} type="number" min={1} max={10} value={state.copies} onInput={set('copies')} />}
            </Field>
            <fieldset class="field">
              <legend>{t('form.delivery')}</legend>
              {(['electronic', 'paper_pickup'] as const).map((d) => (
                <label class="check" key={d}><input type="radio" name="delivery" value={d} checked={state.delivery === d} onChange={set('delivery')} /> {t(`form.delivery.${d}`)}</label>
              ))}
              {errors['form.delivery'] && <p class="field__error" role="alert">{errors['form.delivery']}</p>}
            </fieldset>
          </>
        )}
        {k === 'accounting_documents' && (
          <>
            <Field label={t('form.docType')} error={errors['form.docType']}>
              {(id, d) => (
                <select id={id} aria-describedby={d} value={state.docType} onChange={set('docType')}>
                  <option value="">—</option>
                  {ACCOUNTING_DOC_TYPES.map((type) => <option key={type} value={type}>{t(`form.docType.${type}` as MessageKey)}</option>)}
                </select>
              )}
            </Field>
            <div class="row">
              <Field label={t('form.periodFrom')} error={errors['form.period'] ?? errors['form.period.from']}>
                {(id, d) => <input id={id} aria-describedby={d} type="date" value={state.from} onInput={set('from')} />}
              </Field>
              <Field label={t('form.periodTo')} error={errors['form.period.to']}>
                {(id, d) => <input id={id} aria-describedby={d} type="date" value={state.to} onInput={set('to')} />}
              </Field>
            </div>
          </>
        )}
        {k === 'inspection' && state.inspectionId && <p class="note">{t('inspections.askAbout')}: {state.topic}</p>}
        {k === 'odo_control' && <OdoControlFields value={odo} onChange={setOdo} errors={errors} />}
        {k === 'general' && (
          <Field label={t('form.topic')} error={errors['form.topic']}>
            {(id, d) => <input id={id} aria-describedby={d} value={state.topic} onInput={set('topic')} />}
          </Field>
        )}
        <Field label={t('form.text')} error={errors.body}>
          {(id, d) => <textarea id={id} aria-describedby={d} rows={5} value={state.body} onInput={set('body')} />}
        </Field>
        <fieldset class="field">
          <legend>{t('form.files')}</legend>
          <FilePicker files={files} onChange={(next) => { setFiles(next); setUploaded(null); }} />
          {progress !== null && <progress max={1} value={progress} aria-label={t('form.uploading', { p: Math.round(progress * 100) })} />}
          {errors.attachments && <p class="field__error" role="alert">{errors.attachments}</p>}
        </fieldset>
        <p class="field__hint">{t('form.signatureHint')}</p>
        <div class="actions">
          <Button type="submit" busy={progress !== null}>{t('form.submit')}</Button>
          <Button type="button" variant="secondary" onClick={() => check(true) && void submit(true)}>{t('form.saveDraft')}</Button>
        </div>
      </form>
      {signing && <SignDialog onClose={() => setSigning(false)} onSign={(confirm) => submit(false, confirm)} />}
    </section>
  );
}
