import { useEffect, useState } from 'preact/hooks';
import type { ThreadDto } from '@sro/shared/schemas/threads';
import { api } from '../../api/client';
import { t, formatDate, type MessageKey } from '../../i18n';
import { StatusPill } from '../../components/ui';

interface Card {
  member: { id: string; name: string; inn: string; ogrn?: string; regNumber?: string; regDate?: string; status: string; email?: string };
  openThreads: ThreadDto[];
}

/** The member's card beside the thread: registry data and the member's other open requests. */
export function MemberAside({ memberId, currentId }: { memberId: string; currentId: string }) {
  const [card, setCard] = useState<Card | null>(null);
  useEffect(() => {
    api.get<Card>(`/api/inbox/members/${memberId}`).then(setCard, () => setCard(null));
  }, [memberId, currentId]);
  if (!card) return null;
  const m = card.member;
  const others = card.openThreads.filter((th) => th.id !== currentId);
  return (
    <aside class="card member-aside" aria-label={t('inbox.memberCard')}>
      <h2>{t('inbox.memberCard')}</h2>
      <dl class="facts facts--list">
        <div><dt>{t('field.name')}</dt><dd><a href={`/members/${m.id}`}>{m.name}</a></dd></div>
        <div><dt>{t('field.inn')}</dt><dd>{m.inn}</dd></div>
        {m.regNumber && <div><dt>{t('field.regNumber')}</dt><dd>{m.regNumber} {m.regDate ? `· ${formatDate(m.regDate)}` : ''}</dd></div>}
        <div><dt>{t('field.status')}</dt><dd>{t(`memberStatus.${m.status}` as MessageKey)}</dd></div>
        {m.email && <div><dt>{t('field.email')}</dt><dd>{m.email}</dd></div>}
      </dl>
      {others.length > 0 && (
        <>
          <h3>{t('inbox.openThreads')}</h3>
          <ul class="mini-journal">
            {others.map((th) => <li key={th.id}><a href={`/inbox/${th.id}`}>{th.subject}</a><StatusPill status={th.status} staff /></li>)}
          </ul>
        </>
      )}
    </aside>
  );
}
