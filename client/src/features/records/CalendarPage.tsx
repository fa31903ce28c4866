import { useEffect, useState } from 'preact/hooks';
import type { CalendarItemDto } from '@sro/shared/schemas/member-records';
import { api } from '../../api/client';
import { formatDate, t, type MessageKey } from '../../i18n';
import { Button, EmptyState, ErrorNote, Loading } from '../../components/ui';
import { useRecords } from './useRecords';

// The calendar as an agenda (it reads well on a phone too): every dated thing, grouped by month, each linking
// to its page; and the personal iCal link for Outlook, Яндекс or Google calendars.

const monthOf = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleString(document.documentElement.lang || 'ru', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export function Agenda({ items, limit }: { items: CalendarItemDto[]; limit?: number }) {
  const shown = limit ? items.slice(0, limit) : items;
  const groups = new Map<string, CalendarItemDto[]>();
  for (const item of shown) groups.set(monthOf(item.date), [...(groups.get(monthOf(item.date)) ?? []), item]);
  return (
    <div class="agenda">
      {[...groups].map(([month, list]) => (
        <section key={month}>
          {!limit && <h2>{month}</h2>}
          <ul>
            {list.map((item) => (
              <li key={item.id} class={`agenda__item agenda__item--${item.kind}`}>
                <time dateTime={item.date}>{formatDate(item.date)}{item.time ? ` ${item.time}` : ''}</time>
                <span class="muted">{t(`calendar.kind.${item.kind}` as MessageKey)}</span>
                {item.link ? <a href={item.link}>{item.title}</a> : <span>{item.title}</span>}
                {item.place && <span class="muted">{item.place}</span>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function FeedLink() {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => void api.get<{ url: string }>('/api/calendar/feed').then((r) => setUrl(r.url), () => undefined), []);
  if (!url) return null;
  return (
    <details class="feed">
      <summary>{t('calendar.subscribe')}</summary>
      <p class="muted">{t('calendar.subscribeText')}</p>
      <input class="feed__url" readOnly value={url} aria-label={t('calendar.subscribe')} onFocus={(e) => e.currentTarget.select()} />
      <Button variant="secondary" onClick={() => void api.post<{ url: string }>('/api/calendar/feed/rotate').then((r) => setUrl(r.url))}>{t('calendar.rotate')}</Button>
    </details>
  );
}

export function CalendarPage() {
  const { data, error } = useRecords<{ items: CalendarItemDto[] }>('/api/calendar');
  return (
    <section>
      <h1>{t('calendar.title')}</h1>
      <FeedLink />
      {error ? <ErrorNote message={error} /> : data === null ? <Loading /> : data.items.length === 0
        ? <EmptyState title={t('calendar.empty')} text={t('calendar.emptyText')} />
        : <Agenda items={data.items} />}
    </section>
  );
}

/** The home page's "Календарь событий": the next five items. */
export function NextDates() {
  const { data } = useRecords<{ items: CalendarItemDto[] }>('/api/calendar');
  if (!data) return <p class="muted">{t('common.loading')}</p>;
  if (!data.items.length) return <p class="muted">{t('calendar.emptyText')}</p>;
  return <><Agenda items={data.items} limit={5} /><a href="/calendar">{t('calendar.all')}</a></>;
}
