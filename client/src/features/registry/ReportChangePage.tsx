import { useEffect, useState } from 'preact/hooks';
import { MEMBER_REPORTABLE_FIELDS, type MemberCardDto } from '@sro/shared/schemas/registry';
import { parseCreateThread, type ThreadDto } from '@sro/shared/schemas/threads';
import { fieldErrors } from '@sro/shared/schemas/common';
import type { PepConfirm } from '@sro/shared/schemas/signatures';
import { SignDialog, isSignatureError } from '../signatures/SignDialog';
import { api, uploadFiles, ApiError } from '../../api/client';
import { navigate } from '../../router';
import { t } from '../../i18n';
import { Button, ErrorNote } from '../../components/ui';
import { FilePicker, type PickedFile } from '../threads/FilePicker';
import { ChangeRowsEditor, changesOf, type ChangeRow } from './ChangeRows';
import { rt } from './i18n';

// "Сообщить об изменениях" (seeds 001, 003): pick what changed, fill the new values — validated by the same shared
// schema as the registry, with the messages next to each field — attach scans with a comment each, send.

export function ReportChangePage() {
  const [card, setCard] = useState<MemberCardDto | null>(null);
  const [rows, setRows] = useState<ChangeRow[]>([{ field: 'legalAddress', value: {}, comment: '' }]);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => void api.get<MemberCardDto>('/api/members/me').then(setCard, () => undefined), []);

  const [signing, setSigning] = useState(false);

  /** Checks the changes here; sending asks for the ПЭП first. */
  function submit(event: Event) {
    event.preventDefault();
    setMessage(null);
    const checked = parseCreateThread({ kind: 'registry_change' as const, form: { changes: changesOf(rows, card) } });
    if (!checked.success) return setErrors(fieldErrors(checked.error));
    setErrors({});
    setSigning(true);
  }

  async function send(confirm: PepConfirm) {
    setBusy(true);
    try {
      const changes = changesOf(rows, card);
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
        <ChangeRowsEditor rows={rows} onChange={setRows} fields={MEMBER_REPORTABLE_FIELDS} errors={errors} errorPrefix="form.changes" phoneHint={rt('reg.phoneHint')} />
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
