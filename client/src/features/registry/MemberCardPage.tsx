import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { t, formatDate, type MessageKey } from '../../i18n';
import { ErrorNote, Loading } from '../../components/ui';

interface MemberCard {
  kind: string; name: string; shortName?: string; inn: string; ogrn?: string; regNumber?: string; regDate?: string; status: string; email?: string;
  closed?: { passport?: { series?: string; number?: string; issuedBy?: string; issuedAt?: string }; birthDate?: string; birthPlace?: string; residence?: string };
}

/** Registry → "Сведения о члене СРО": the open part and the closed part the member alone sees. */
export function MemberCardPage() {
  const [card, setCard] = useState<MemberCard | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<MemberCard>('/api/members/me').then(setCard, (err) => setError(err.message));
  }, []);
  if (error) return <ErrorNote message={error} />;
  if (!card) return <Loading />;
  const rows: [MessageKey, string | undefined][] = [
    ['field.name', card.name], ['field.shortName', card.shortName], ['field.kind', t(`memberKind.${card.kind}` as MessageKey)],
    ['field.inn', card.inn], ['field.ogrn', card.ogrn], ['field.regNumber', card.regNumber], ['field.regDate', card.regDate && formatDate(card.regDate)],
    ['field.status', t(`memberStatus.${card.status}` as MessageKey)], ['field.email', card.email],
  ];
  const closed = card.closed;
  return (
    <section>
      <h1>{t('registry.title')}</h1>
      <article class="card">
        <h2>{t('registry.open')}</h2>
        <dl class="facts facts--list">{rows.filter(([, v]) => v).map(([k, v]) => <div key={k}><dt>{t(k)}</dt><dd>{v}</dd></div>)}</dl>
      </article>
      {closed && (
        <article class="card">
          <h2>{t('registry.closed')}</h2>
          <dl class="facts facts--list">
            {closed.passport && <div><dt>{t('field.passport')}</dt><dd>{closed.passport.series} {closed.passport.number}{closed.passport.issuedBy ? `, ${closed.passport.issuedBy}` : ''}{closed.passport.issuedAt ? `, ${formatDate(closed.passport.issuedAt)}` : ''}</dd></div>}
            {(closed.birthDate || closed.birthPlace) && <div><dt>{t('field.birth')}</dt><dd>{formatDate(closed.birthDate)} {closed.birthPlace}</dd></div>}
            {closed.residence && <div><dt>{t('field.residence')}</dt><dd>{closed.residence}</dd></div>}
          </dl>
        </article>
      )}
      <a class="btn btn--primary" href="/requests/new/general">{t('registry.reportChange')}</a>
    </section>
  );
}
