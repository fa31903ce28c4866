import { useId, useState } from 'preact/hooks';
import { MAX_FILES_PER_UPLOAD, MAX_FILE_BYTES } from '@sro/shared/schemas/files';
import { t, formatSize } from '../../i18n';

export interface PickedFile {
  file: File;
  comment?: string;
}

/** Picks files for a message or a request; checks size and count here, the server re-checks type and size. */
export function FilePicker({ files, onChange, withComments }: { files: PickedFile[]; onChange: (files: PickedFile[]) => void; withComments?: boolean }) {
  const id = useId();
  // A file over the limits is never dropped silently: the picker says which one and why.
  const [refused, setRefused] = useState<string[]>([]);
  const add = (list: FileList | null) => {
    const chosen = [...(list ?? [])];
    const tooBig = chosen.filter((f) => f.size > MAX_FILE_BYTES);
    const fitting = chosen.filter((f) => f.size <= MAX_FILE_BYTES).map((file) => ({ file }));
    const room = Math.max(0, MAX_FILES_PER_UPLOAD - files.length);
    const overCount = fitting.slice(room);
    setRefused([
      ...tooBig.map((f) => t('form.fileTooBig', { name: f.name, size: formatSize(f.size), max: formatSize(MAX_FILE_BYTES) })),
      ...overCount.map((f) => t('form.fileTooMany', { name: f.file.name, max: MAX_FILES_PER_UPLOAD })),
    ]);
    onChange([...files, ...fitting.slice(0, room)]);
  };
  return (
    <div class="files">
      <label class="btn btn--secondary" for={id}>📎 {t('thread.attach')}</label>
      <input id={id} class="sr-only" type="file" multiple onChange={(e) => { add(e.currentTarget.files); e.currentTarget.value = ''; }} />
      <p class="field__hint">{t('form.filesHint')}</p>
      {refused.length > 0 && (
        <ul class="field__error" role="alert">{refused.map((r) => <li key={r}>{r}</li>)}</ul>
      )}
      {files.length > 0 && (
        <ul class="files__list">
          {files.map((f, i) => (
            <li key={`${f.file.name}-${i}`}>
              <span>{f.file.name} <span class="muted">({formatSize(f.file.size)})</span></span>
              {withComments && <input aria-label={`${f.file.name}: комментарий`} placeholder="Комментарий" value={f.comment ?? ''} onInput={(e) => onChange(files.map((x, j) => (j === i ? { ...x, comment: e.currentTarget.value } : x)))} />}
              <button type="button" class="link" aria-label={t('form.removeFile', { name: f.file.name })} onClick={() => onChange(files.filter((_, j) => j !== i))}>✕</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
