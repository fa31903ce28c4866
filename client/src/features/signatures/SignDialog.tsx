import { useState } from 'preact/hooks';
import type { PepConfirm } from '@sro/shared/schemas/signatures';
import { api, type ApiError } from '../../api/client';
import { Modal } from '../../components/Modal';
import { Button, ErrorNote, Field } from '../../components/ui';
import { dt } from '../../i18n/documents';

// The ПЭП of a submission (API.md "Electronic signature on submissions"): the member re-enters the password or
// a code from an e-mail; `onSign` sends the submission with it and throws the server's error to show here.

/** The server refused the password or code (fields `confirm.*`): the dialog shows it; anything else is the form's. */
export const isSignatureError = (err: unknown): boolean => Object.keys((err as ApiError)?.fields ?? {}).some((f) => f.startsWith('confirm.'));

export function SignDialog({ onSign, onClose }: { onSign: (confirm: PepConfirm) => Promise<void>; onClose: () => void }) {
  const [mode, setMode] = useState<'password' | 'code'>('password');
  const [value, setValue] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function requestCode() {
    setError(null);
    try {
      const res = await api.post<{ sentTo: string }>('/api/signatures/code');
      setSentTo(res.sentTo);
      setMode('code');
      setValue('');
    } catch (err) {
      setError((err as ApiError).message);
    }
  }

  async function sign(e: Event) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await onSign(mode === 'password' ? { password: value } : { code: value.trim() });
    } catch (err) {
      const apiError = err as ApiError;
      setError(apiError.fields?.[`confirm.${mode}`] ?? apiError.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={dt('sign.title')} onClose={onClose}>
      <form onSubmit={sign} noValidate>
        <p>{dt('sign.intro')}</p>
        {sentTo && <p class="note" role="status">{dt('sign.codeSent', { to: sentTo })}</p>}
        {mode === 'password' ? (
          <Field label={dt('sign.password')} error={error ?? undefined}>
            {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="current-password" autoFocus value={value} onInput={(e) => setValue(e.currentTarget.value)} />}
          </Field>
        ) : (
          <Field label={dt('sign.code')} error={error ?? undefined}>
            {(id, d) => <input id={id} aria-describedby={d} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus value={value} onInput={(e) => setValue(e.currentTarget.value)} />}
          </Field>
        )}
        {error && mode === 'password' && !value && <ErrorNote message={null} />}
        <div class="actions">
          <Button type="submit" busy={busy} disabled={!value}>{dt('sign.submit')}</Button>
          {mode === 'password'
            ? <Button type="button" variant="ghost" onClick={() => void requestCode()}>{dt('sign.byCode')}</Button>
            : <Button type="button" variant="ghost" onClick={() => { setMode('password'); setValue(''); setError(null); }}>{dt('sign.byPassword')}</Button>}
          <Button type="button" variant="secondary" onClick={onClose}>{dt('sign.cancel')}</Button>
        </div>
      </form>
    </Modal>
  );
}
