import { useState } from 'preact/hooks';
import type { TaskDto } from '@sro/shared/schemas/member-records';
import { api, uploadFiles, type ApiError } from '../../api/client';
import { formatDate, formatDateTime, t, type MessageKey } from '../../i18n';
import { Button, EmptyState, ErrorNote, Field, Loading } from '../../components/ui';
import { FilePicker, type PickedFile } from '../threads/FilePicker';
import { useRecords } from './useRecords';

// СЕРВИС → Задачи: what the SRO asked the member to do, by when; "Выполнено" with a comment or the document.

function DoneForm({ task, onDone }: { task: TaskDto; onDone: (t: TaskDto) => void }) {
  const [comment, setComment] = useState('');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const fileIds = files.length ? (await uploadFiles(files.map((f) => f.file), () => undefined)).items.map((f) => f.id) : [];
      onDone(await api.post<TaskDto>(`/api/tasks/${task.id}/done`, { comment: comment || undefined, fileIds }));
    } catch (err) {
      const apiError = err as ApiError;
      setError(apiError.fields?.fileIds ?? apiError.message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="task__done" onSubmit={submit} noValidate>
      <Field label={t('tasks.comment')}>{(id, d) => <textarea id={id} aria-describedby={d} rows={2} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />}</Field>
      <FilePicker files={files} onChange={setFiles} />
      <ErrorNote message={error} />
      <Button type="submit" busy={busy}>{t('tasks.markDone')}</Button>
    </form>
  );
}

export function TasksPage() {
  const { data, error } = useRecords<{ items: TaskDto[] }>('/api/tasks');
  const [changed, setChanged] = useState<Record<string, TaskDto>>({});
  const items = (data?.items ?? []).map((x) => changed[x.id] ?? x);
  return (
    <section class="narrow">
      <h1>{t('tasks.title')}</h1>
      <ErrorNote message={error} />
      {data === null && !error ? <Loading /> : items.length === 0 ? <EmptyState title={t('tasks.empty')} text={t('tasks.emptyText')} /> : (
        <ul class="tasks">
          {items.map((task) => (
            <li key={task.id} class={`card task${task.overdue ? ' task--overdue' : ''}`}>
              <h2>{task.title}</h2>
              <p class="muted">
                {t(`tasks.status.${task.status}` as MessageKey)}
                {task.dueDate && <> · {t('tasks.dueBy', { date: formatDate(task.dueDate) })}</>}
                {task.overdue && <strong> · {t('tasks.overdue')}</strong>}
                {task.documentRequired && <> · {t('tasks.documentRequired')}</>}
              </p>
              {task.description && <p>{task.description}</p>}
              <ol class="task__history">
                {task.history.map((h, i) => (
                  <li key={i}><span class="muted">{formatDateTime(h.at)}</span> {h.actorName}: {h.comment ?? t(`tasks.action.${h.action}` as MessageKey)}{h.files?.length ? ` 📎 ${h.files.map((f) => f.name).join(', ')}` : ''}</li>
                ))}
              </ol>
              {task.status === 'open' && <DoneForm task={task} onDone={(next) => setChanged({ ...changed, [next.id]: next })} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
