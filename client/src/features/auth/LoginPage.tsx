import { useState } from 'preact/hooks';
import { ApiError, toApiError } from '../../api/client';
import type { ComponentChildren } from 'preact';
import { sessionEndedNotice, signIn } from '../../stores/session';
import { t } from '../../i18n';
import { Button, ErrorNote, Field } from '../../components/ui';
import { LanguageSwitch } from '../../components/LanguageSwitch';

/** The card the signed-out pages share: brand, language switch, title. */
export function AuthFrame({ title, text, children }: { title: string; text?: string; children: ComponentChildren }) {
  return (
    <main class="auth" id="main">
      <div class="auth__card">
        <div class="auth__top">
          <span class="brand">{t('app.brand')}</span>
          <LanguageSwitch />
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
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame title={t('auth.welcome')} text={t('auth.welcomeText')}>
      {sessionEndedNotice.value && !error && <p class="note" role="status">{t('session.expired')}</p>}
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
