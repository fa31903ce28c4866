import { useState } from 'preact/hooks';
import { uploadFiles, ApiError } from '../../api/client';
import { t } from '../../i18n';
import { Button, ErrorNote } from '../../components/ui';
import { FilePicker, type PickedFile } from './FilePicker';
import { TemplatePicker } from '../inbox/TemplatePicker';
import type { TemplateVars } from '@sro/shared/schemas/inbox';

/** Reply box: text, files (uploaded with progress before sending), and for staff the internal-note switch. */
export function Composer({ staff, onSend, onTyping, templateVars }: { staff: boolean; onSend: (body: string, fileIds: string[], internal: boolean) => void; onTyping: (internal: boolean) => void; templateVars?: TemplateVars }) {
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [internal, setInternal] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (!body.trim() && !files.length) return;
    setError(null);
    let ids: string[] = [];
    try {
      if (files.length) {
        setProgress(0);
        ids = (await uploadFiles(files.map((f) => f.file), setProgress)).items.map((f) => f.id);
      }
    } catch (err) {
      setError((err as ApiError).message);
      return;
    } finally {
      setProgress(null);
    }
    onSend(body.trim(), ids, internal);
    setBody('');
    setFiles([]);
  }

  return (
    <form class={`composer${internal ? ' composer--internal' : ''}`} onSubmit={submit}>
      {staff && <TemplatePicker vars={templateVars ?? {}} onPick={(text) => setBody(body ? `${body}\n${text}` : text)} />}
      <label class="sr-only" for="reply">{t('thread.reply')}</label>
      <textarea id="reply" rows={3} placeholder={t('thread.replyPlaceholder')} value={body}
        onInput={(e) => { setBody(e.currentTarget.value); onTyping(internal); }}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e); }} />
      <FilePicker files={files} onChange={setFiles} />
      {progress !== null && <progress max={1} value={progress} aria-label={t('form.uploading', { p: Math.round(progress * 100) })} />}
      <ErrorNote message={error} />
      <div class="composer__actions">
        {staff && (
          <label class="check"><input type="checkbox" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} /> {t('thread.internal')}</label>
        )}
        <Button type="submit" busy={progress !== null}>{t('common.send')}</Button>
      </div>
    </form>
  );
}
