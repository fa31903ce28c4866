import { useEffect, useState } from 'preact/hooks';
import type { HistoryEntryDto } from '@sro/shared/schemas/registry';
import { api } from '../../api/client';
import { t, formatDate, formatDateTime, type MessageKey } from '../../i18n';
import { EmptyState, ErrorNote, Loading } from '../../components/ui';
import { formatRegistryValue } from './format';

type Card = Record<string, unknown> & { closed?: Record<string, unknown> | null; confirmedAt?: Record<string, string> };

/** The seeds' grouping of "Сведения о члене СРО": each group with the date it was last confirmed. */
const GROUPS: { group: string; fields: string[] }[] = [
  { group: 'general', fields: ['name', 'shortName', 'kind', 'inn', 'ogrn', 'regNumber', 'regDate', 'status'] },
  { group: 'addresses', fields: ['legalAddress'] },
  { group: 'contacts', fields: ['postalAddress', 'phone', 'email'] },
  { group: 'closed', fields: ['closed.passport', 'closed.residence', 'closed.birthDate', 'closed.birthPlace'] },
  { group: 'insurance', fields: ['insurance'] },
  { group: 'education', fields: ['education'] },
  { group: 'employment', fields: ['employment'] },
  { group: 'responsibility', fields: ['responsibility', 'rightToWork'] },
  { group: 'discipline', fields: ['disciplinaryMeasures'] },
];

const valueOf = (card: Card, field: string) => field.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), card);
const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

export function MemberCardPage() {
  const [card, setCard] = useState<Card | null>(null);
  const [history, setHistory] = useState<HistoryEntryDto[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<Card>('/api/members/me').then(setCard, (err) => setError(err.message));
    api.get<{ items: HistoryEntryDto[] }>('/api/members/me/history').then((r) => setHistory(r.items), () => undefined);
  }, []);
  if (error) return <ErrorNote message={error} />;
  if (!card) return <Loading />;
  return (
    <section>
      <h1>{t('registry.title')}</h1>
      <p><a class="btn btn--primary" href="/member-info/change">{t('registry.reportChange')}</a></p>
      <div class="grid">
        {GROUPS.map(({ group, fields }) => {
          const shown = fields.filter((f) => !isEmpty(valueOf(card, f)));
          if (group === 'closed' && !card.closed) return null;
          return (
            <article class="card" key={group}>
              <h2>{t(`group.${group}` as MessageKey)}</h2>
              {card.confirmedAt?.[group] && <p class="muted small">{t('registry.confirmed', { date: formatDate(card.confirmedAt[group]) })}</p>}
              {shown.length === 0 ? <p class="muted">{t('registry.empty')}</p> : (
                <dl class="facts facts--list">
                  {shown.map((f) => <div key={f}><dt>{t(`rf.${f}` as MessageKey)}</dt><dd>{formatRegistryValue(f, valueOf(card, f))}</dd></div>)}
                </dl>
              )}
            </article>
          );
        })}
      </div>
      <h2>{t('registry.history')}</h2>
      {history.length === 0 ? <EmptyState title={t('registry.noHistory')} /> : (
        <ul class="mail-list">
          {history.map((h, i) => (
            <li key={i}>
              <p class="muted small">{formatDateTime(h.at)} · {h.actorName ?? '—'}{h.threadId && <> · <a href={`/threads/${h.threadId}`}>↗</a></>}</p>
              <ul>{h.changes.map((c) => <li key={c.field}>{t(`rf.${c.field}` as MessageKey)}: {formatRegistryValue(c.field, c.old)} → <strong>{formatRegistryValue(c.field, c.new)}</strong></li>)}</ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
