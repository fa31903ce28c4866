import { useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { signIn } from '../../stores/session';
import { locale, setLocale, t } from '../../i18n';
import { Button, ErrorNote, Field } from '../../components/ui';

export function AuthFrame({ title, text, children }: { title: string; text?: string; children: preact.ComponentChildren }) {
  return (
    <main class="auth" id="main">
      <div class="auth__card">
        <div class="auth__top">
          <span class="brand">СРО</span>
          <button class="link" type="button" onClick={() => void setLocale(locale.value === 'ru' ? 'en' : 'ru')}>{t('lang.switch')}</button>
        </div>
        <h1>{title}</h1>
        {text && <p class="muted">{text}</p>}
        {children}
      </div>
    </main>
  );
}

export function LoginPage() {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(login.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, { code: 'internal', message: t('common.error') }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame title={t('auth.welcome')} text={t('auth.welcomeText')}>
      <form onSubmit={submit} noValidate>
        <ErrorNote message={error && !Object.keys(error.fields).length ? error.message : null} />
        <Field label={t('auth.login')} hint={t('auth.loginHint')} error={error?.fields.login}>
          {(id, d) => <input id={id} aria-describedby={d} name="login" autocomplete="username" required value={login} onInput={(e) => setLogin(e.currentTarget.value)} />}
        </Field>
        <Field label={t('auth.password')} error={error?.fields.password}>
          {(id, d) => <input id={id} aria-describedby={d} name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
        </Field>
        <Button type="submit" busy={busy}>{busy ? t('auth.signingIn') : t('auth.signIn')}</Button>
      </form>
      <p class="auth__links">
        <a href="/reset-password">{t('auth.forgot')}</a>
        <a href="/registry">{t('auth.publicRegistry')}</a>
      </p>
    </AuthFrame>
  );
}
