import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { api, type ApiError } from '../../api/client';
import { me, signOut } from '../../stores/session';
import { Button, ErrorNote } from '../../components/ui';
import { dt } from '../../i18n/documents';

// At the first sign-in a member accepts the agreement on electronic interaction and the simple signature
// (seed 003): before that, the cabinet shows only the agreement.

export function AgreementGate({ children }: { children: ComponentChildren }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const current = me.value;
  if (!current || current.user.role !== 'member' || current.user.signatureAgreementAt) return <>{children}</>;

  async function accept() {
    setBusy(true);
    try {
      const res = await api.post<{ signatureAgreementAt: string }>('/api/auth/agreement', { accept: true });
      me.value = { ...current!, user: { ...current!.user, signatureAgreementAt: res.signatureAgreementAt } };
    } catch (err) {
      setError((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="narrow agreement">
      <h1>{dt('sign.agreementTitle')}</h1>
      <p>{dt('sign.agreementText1')}</p>
      <p>{dt('sign.agreementText2')}</p>
      <p>{dt('sign.agreementText3')}</p>
      <ErrorNote message={error} />
      <div class="actions">
        <Button busy={busy} onClick={() => void accept()}>{dt('sign.agreementAccept')}</Button>
        <Button variant="secondary" onClick={() => void signOut()}>{dt('sign.agreementLater')}</Button>
      </div>
    </section>
  );
}
