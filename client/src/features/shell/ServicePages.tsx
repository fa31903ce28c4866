import { NotificationSettings } from './NotificationSettings';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, toApiError } from '../../api/client';
import { signOut } from '../../stores/session';
import { t, formatDateTime } from '../../i18n';
import { Button, EmptyState, ErrorNote, Field, Loading } from '../../components/ui';

/** Service → Access: change password (old, new, repeat), sign out everywhere. */
export function AccessPage() {
  const [form, setForm] = useState({ oldPassword: '', newPassword: '', repeat: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    setMismatch(form.newPassword !== form.repeat);
    if (form.newPassword !== form.repeat) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/password', { oldPassword: form.oldPassword, newPassword: form.newPassword });
      setDone(true);
      setForm({ oldPassword: '', newPassword: '', repeat: '' });
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="narrow">
      <h1>{t('auth.changeTitle')}</h1>
      {done && <p class="note" role="status">{t('auth.changed')}</p>}
      <form onSubmit={submit} noValidate>
        <ErrorNote message={error && !Object.keys(error.fields).length ? error.message : null} />
        <Field label={t('auth.oldPassword')} error={error?.fields.oldPassword}>
          {(id, d) => <input id={id} aria-describedby={d} type="password" autocomplete="current-password" value={form.oldPassword} onInput={set('oldPassword')} />}
        </Field>
        <Field label={t('auth.newPassword')} hint={t('auth.passwordRule')} error={error?.fields.newPassword}>
          {(id, d) => <input id={id} aria-describedby={d} type="password" autocomplete="new-password" value={form.newPassword} onInput={set('newPassword')} />}
        </Field>
        <Field label={t('auth.repeatPassword')} error={mismatch ? t('auth.mismatch') : undefined}>
          {(id, d) => <input id={id} aria-describedby={d} type="password" autocomplete="new-password" value={form.repeat} onInput={set('repeat')} />}
        </Field>
        <Button type="submit" busy={busy}>{t('common.save')}</Button>
      </form>
      <hr />
      <NotificationSettings />
      <hr />
      <Button variant="secondary" type="button" onClick={() => void signOut(true)}>{t('auth.logoutAll')}</Button>
    </section>
  );
}

interface MailCopy { id: string; subject: string; text: string; sentAt: string }

/** Information → Messages: copies of every e-mail sent to the member. */
export function MessagesPage() {
  const [items, setItems] = useState<MailCopy[] | null>(null);
  useEffect(() => {
    api.get<{ items: MailCopy[] }>('/api/messages?limit=50').then((p) => setItems(p.items), () => setItems([]));
  }, []);
  return (
    <section>
      <h1>{t('messages.title')}</h1>
      <p class="muted">{t('messages.text')}</p>
      {items === null ? <Loading /> : items.length === 0 ? <EmptyState title={t('messages.empty')} /> : (
        <ul class="mail-list">
          {items.map((m) => (
            <li key={m.id}>
              <details>
                <summary><strong>{m.subject}</strong> <time class="muted">{formatDateTime(m.sentAt)}</time></summary>
                <pre>{m.text}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
