import type { AttachmentDto } from '@sro/shared/schemas/threads';
import type { PepSignatureDto } from '@sro/shared/schemas/signatures';
import { formatDate, formatDateTime } from '../../i18n';
import { dt } from '../../i18n/documents';

// How a signature reads beside what it signs: the member's ПЭП in the thread header, a qualified signature
// beside its file (whose, valid when, and whether it is really of this file).

export function PepLine({ signature, threadId, staff }: { signature: PepSignatureDto; threadId: string; staff: boolean }) {
  return (
    <p class="signature-line">
      <span aria-hidden="true">✍️ </span>
      {dt('sign.signedBy', { name: signature.signerName, at: formatDateTime(signature.signedAt) })}
      <span class="muted"> ({dt(`sign.method.${signature.method}`)})</span>
      {staff && <> · <a href={`/api/threads/${threadId}/signature-sheet`} download>{dt('sign.sheet')}</a></>}
    </p>
  );
}

export function FileSignatureNote({ signature }: { signature: NonNullable<AttachmentDto['signature']> }) {
  const verdict = signature.digestMatches === true ? { cls: 'ok', text: dt('sign.matches') }
    : signature.digestMatches === false ? { cls: 'bad', text: dt('sign.mismatch') }
    : signature.gost ? { cls: 'warn', text: dt('sign.notChecked') } : null;
  const poa = signature.powerOfAttorney;
  return (
    <span class="file-signature" title={signature.checks.join('; ')}>
      {dt('sign.fileSigned', { subject: signature.subject })}
      {verdict && <strong class={`file-signature__${verdict.cls}`}> — {verdict.text}</strong>}
      <span class="muted">
        {signature.signedAt ? `; ${dt('sign.signedAt', { at: formatDateTime(signature.signedAt) })}` : ''}
        ; {dt('sign.validity', { from: formatDate(signature.notBefore), to: formatDate(signature.notAfter) })}
      </span>
      {poa && <span class="muted"> · {dt('sign.poa', { number: poa.number ?? '—', principal: poa.principal ?? '—', representative: poa.representative ?? '—', until: formatDate(poa.validUntil) })}</span>}
    </span>
  );
}
