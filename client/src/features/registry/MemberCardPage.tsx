import { useEffect, useState } from 'preact/hooks';
import type { HistoryEntryDto, MemberCardDto } from '@sro/shared/schemas/registry';
import { api } from '../../api/client';
import { t, formatDate, formatDateTime, type MessageKey } from '../../i18n';
import { EmptyState, ErrorNote, Loading } from '../../components/ui';
import { formatRegistryValue, valueAt } from './format';
import { ChangeLine } from './ChangeLine';

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/** One change in history: "field: old → new". */
export function HistoryList({ items }: { items: HistoryEntryDto[] }) {
  if (!items.length) return <EmptyState title={t('registry.noHistory')} />;
  return (
    <ul class="mail-list">
      {items.map((h, i) => (
        <li key={i}>
          <p class="muted small">{formatDateTime(h.at)} · {h.actorName ?? '—'}{h.threadId && <> · <a href={`/threads/${h.threadId}`}>↗</a></>}</p>
          <ul>{h.changes.map((c) => <ChangeLine key={c.field} change={c} />)}</ul>
        </li>
      ))}
    </ul>
  );
}

/** "Реестр → Сведения о члене": the card grouped as the seeds group it, each group with its last-confirmed date. */
export function MemberCardPage() {
  const [card, setCard] = useState<MemberCardDto | null>(null);
  const [history, setHistory] = useState<HistoryEntryDto[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<MemberCardDto>('/api/members/me').then(setCard, (err) => setError(err.message));
    api.get<{ items: HistoryEntryDto[] }>('/api/members/me/history').then((r) => setHistory(r.items), () => undefined);
  }, []);
  if (error) return <ErrorNote message={error} />;
  if (!card) return <Loading />;
  return (
    <section>
      <h1>{t('registry.title')}</h1>
      <p><a class="btn btn--primary" href="/member-info/change">{t('registry.reportChange')}</a></p>
      <div class="grid">
        {card.groups.map(({ key, fields, confirmedAt }) => {
          const shown = fields.filter((f) => !isEmpty(valueAt(card, f)));
          return (
            <article class={`card${key === 'closed' ? ' card--closed' : ''}`} key={key} aria-labelledby={`group-${key}`}>
              <h2 id={`group-${key}`}>{t(`group.${key}` as MessageKey)}</h2>
              {confirmedAt && <p class="muted small">{t('registry.confirmed', { date: formatDate(confirmedAt) })}</p>}
              {shown.length === 0 ? <p class="muted">{t('registry.empty')}</p> : (
                <dl class="facts facts--list">
                  {shown.map((f) => <div key={f}><dt>{t(`rf.${f}` as MessageKey)}</dt><dd>{formatRegistryValue(f, valueAt(card, f))}</dd></div>)}
                </dl>
              )}
            </article>
          );
        })}
      </div>
      <h2>{t('registry.history')}</h2>
      <HistoryList items={history} />
    </section>
  );
}
