import { useEffect, useState } from 'preact/hooks';
import type { ExtractVerificationDto } from '@sro/shared/schemas/signatures';
import { formatDate } from '../../i18n';
import { dt } from '../../i18n/documents';
import { ErrorNote, Loading } from '../../components/ui';
import { LanguageSwitch } from '../../components/LanguageSwitch';

// The public check of a registry extract (the QR code's address): genuine, valid, expired — and, for a PDF
// someone received, whether that file is the one the SRO issued. No sign-in; never the closed part.

type Outcome = ExtractVerificationDto | { notFound: true; message: string };

async function check(url: string, pdf?: File): Promise<Outcome> {
  const res = await fetch(url, pdf ? { method: 'POST', body: pdf, headers: { 'content-type': 'application/pdf' } } : {});
  const body = await res.json();
  if (res.status === 404) return { notFound: true, message: body.error?.message ?? dt('verify.notFound') };
  if (!res.ok) throw new Error(body.error?.message ?? res.statusText);
  return body as ExtractVerificationDto;
}

export default function VerifyPage() {
  const code = location.pathname.split('/')[2] ?? '';
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (code) check(`/api/verify/${encodeURIComponent(code)}`).then(setOutcome, (e: Error) => setError(e.message));
  }, [code]);
  async function onFile(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setOutcome(await check(code ? `/api/verify/${encodeURIComponent(code)}` : '/api/verify', file));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <main class="public narrow" id="main">
      <header class="public__head"><h1>{dt('verify.title')}</h1><LanguageSwitch /></header>
      <ErrorNote message={error} />
      {code && !outcome && !error && <Loading />}
      {outcome && ('notFound' in outcome ? <p class="verdict verdict--bad" role="status">✖ {outcome.message}</p> : <Verdict result={outcome} />)}
      <div class="field">
        <label for="verify-file">{dt('verify.upload')}</label>
        <input id="verify-file" type="file" accept="application/pdf,.pdf" disabled={busy} aria-describedby="verify-hint" onChange={(e) => void onFile(e.currentTarget.files?.[0])} />
        <p class="field__hint" id="verify-hint">{busy ? dt('verify.checking') : dt('verify.uploadHint')}</p>
      </div>
    </main>
  );
}

function Verdict({ result }: { result: ExtractVerificationDto }) {
  const tone = result.status === 'valid' ? 'ok' : result.status === 'expired' ? 'warn' : 'bad';
  return (
    <section aria-live="polite">
      <p class={`verdict verdict--${tone}`} role="status">{tone === 'ok' ? '✔' : '✖'} {dt(`verify.${result.status}`)}</p>
      <dl class="facts">
        <div><dt>{dt('verify.number', { number: result.number })}</dt><dd>{dt('verify.issued', { date: formatDate(result.issuedAt), until: formatDate(result.validUntil) })}</dd></div>
        <div><dt>{dt('verify.member')}</dt><dd>{result.member.name}, ИНН {result.member.inn}{result.member.regNumber ? `, № ${result.member.regNumber}` : ''}</dd></div>
        {result.signer && <div><dt>{dt('verify.signature')}</dt><dd>{dt('verify.signer', { signer: result.signer })}</dd></div>}
      </dl>
      {result.testSignature && <p class="note note--warn">{dt('verify.test')}</p>}
      <p class="muted small break-all">{dt('verify.sha', { sha: result.checkedSha256 ?? result.sha256 })}</p>
    </section>
  );
}
