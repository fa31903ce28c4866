import { useState } from 'preact/hooks';
import { api, ApiError, toApiError } from '../../api/client';
import { loadMe } from '../../stores/session';
import { navigate, queryParam } from '../../router';
import { t } from '../../i18n';
import { Button, ErrorNote, Field } from '../../components/ui';
import { AuthFrame } from './LoginPage';

/** New password + repeat, used by activation and by the reset link. */
function PasswordForm({ onSubmit, submitLabel }: { onSubmit: (password: string) => Promise<void>; submitLabel: string }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [mismatch, setMismatch] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setMismatch(password !== repeat);
    if (password !== repeat) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(password);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorNote message={error && !error.fields.password ? error.message : null} />
      <Field label={t('auth.newPassword')} hint={t('auth.passwordRule')} error={error?.fields.password}>
        {(id, d) => <input id={id} aria-describedby={d} type="password" autocomplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
      </Field>
      <Field label={t('auth.repeatPassword')} error={mismatch ? t('auth.mismatch') : undefined}>
        {(id, d) => <input id={id} aria-describedby={d} type="password" autocomplete="new-password" value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />}
      </Field>
      <Button type="submit" busy={busy}>{submitLabel}</Button>
    </form>
  );
}

export function ActivatePage() {
  const token = queryParam('token');
  return (
    <AuthFrame title={t('auth.activateTitle')} text={t('auth.activateText')}>
      {token ? (
        <PasswordForm submitLabel={t('auth.setPassword')} onSubmit={async (password) => {
          await api.post('/api/auth/activate', { token, password });
          await loadMe();
          navigate('/', true);
        }} />
      ) : <ErrorNote message={t('auth.noToken')} />}
    </AuthFrame>
  );
}

export function ResetPasswordPage() {
  const token = queryParam('token');
  const [done, setDone] = useState<string | null>(null);
  const [login, setLogin] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  if (done) return <AuthFrame title={t('auth.resetTitle')}><p class="note" role="status">{done}</p><a href="/">{t('auth.toLogin')}</a></AuthFrame>;
  if (token) {
    return (
      <AuthFrame title={t('auth.resetTitle')}>
        <PasswordForm submitLabel={t('auth.setPassword')} onSubmit={async (password) => {
          await api.post('/api/auth/password-reset/confirm', { token, password });
          setDone(t('auth.resetDone'));
        }} />
      </AuthFrame>
    );
  }
  async function request(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      await api.post('/api/auth/password-reset', { login: login.trim() });
      setDone(t('auth.resetSent'));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <AuthFrame title={t('auth.resetTitle')} text={t('auth.resetText')}>
      <form onSubmit={request} noValidate>
        <ErrorNote message={error && !error.fields.login ? error.message : null} />
        <Field label={t('auth.login')} error={error?.fields.login}>
          {(id, d) => <input id={id} aria-describedby={d} autocomplete="username" value={login} onInput={(e) => setLogin(e.currentTarget.value)} />}
        </Field>
        <Button type="submit" busy={busy}>{t('auth.resetSend')}</Button>
      </form>
      <p class="auth__links"><a href="/">{t('auth.toLogin')}</a></p>
    </AuthFrame>
  );
}
