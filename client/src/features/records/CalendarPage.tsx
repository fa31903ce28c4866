import { useEffect, useState } from 'preact/hooks';
import type { CalendarItemDto, ProductionYearDto } from '@sro/shared/schemas/member-records';
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

const pad = (n: number) => String(n).padStart(2, '0');
const dayKey = (y: number, m: number, d: number) => `${y}-${pad(m + 1)}-${pad(d)}`;

/** A month as a grid, weeks from Monday; each day lists its items (the agenda stays the view for phones). */
export function MonthGrid({ year, month, items, production }: { year: number; month: number; items: CalendarItemDto[]; production?: ProductionYearDto | null }) {
  const first = new Date(Date.UTC(year, month, 1));
  const lead = (first.getUTCDay() + 6) % 7; // Monday first
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const byDay = new Map<string, CalendarItemDto[]>();
  for (const item of items) byDay.set(item.date, [...(byDay.get(item.date) ?? []), item]);
  const cells = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  const weekdays = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toLocaleString(document.documentElement.lang || 'ru', { weekday: 'short', timeZone: 'UTC' }));
  const todayKey = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);
  // Days off of the production calendar (weekends, holidays, transfers) are marked, a holiday named on hover.
  const holidayName = new Map((production?.holidays ?? []).map((h) => [h.date, h.name]));
  const isOff = (key: string, column: number) => !production?.workingDays.includes(key) && (column >= 5 || !!production?.daysOff.includes(key));
  return (
    <table class="month">
      <caption class="sr-only">{monthOf(dayKey(year, month, 1))}</caption>
      <thead><tr>{weekdays.map((w) => <th key={w} scope="col">{w}</th>)}</tr></thead>
      <tbody>
        {Array.from({ length: Math.ceil(cells.length / 7) }, (_, w) => (
          <tr key={w}>
            {cells.slice(w * 7, w * 7 + 7).concat(Array(7).fill(null)).slice(0, 7).map((d, i) => {
              const key = d ? dayKey(year, month, d) : '';
              return (
                <td key={i} class={`${d ? '' : 'month__blank'}${key === todayKey ? ' month__today' : ''}${d && isOff(key, i) ? ' month__off' : ''}`}>
                  {d && <span class="month__day" title={holidayName.get(key)}>{d}</span>}
                  {(byDay.get(key) ?? []).map((item) => (
                    <a key={item.id} class={`month__item agenda__item--${item.kind}`} href={item.link ?? '/calendar'} title={item.title}>{item.title}</a>
                  ))}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CalendarPage() {
  const { data, error } = useRecords<{ items: CalendarItemDto[] }>('/api/calendar');
  // A phone shows the agenda; a wider screen may switch to the month.
  const [view, setView] = useState<'agenda' | 'month'>(() => (window.innerWidth >= 900 ? 'month' : 'agenda'));
  const now = new Date();
  const [cursor, setCursor] = useState({ year: now.getFullYear(), month: now.getMonth() });
  const { data: monthData } = useRecords<{ items: CalendarItemDto[] }>(`/api/calendar?from=${dayKey(cursor.year, cursor.month, 1)}&to=${dayKey(cursor.year, cursor.month, new Date(Date.UTC(cursor.year, cursor.month + 1, 0)).getUTCDate())}`);
  const { data: production } = useRecords<ProductionYearDto>(`/api/calendar/production/${cursor.year}`);
  const shift = (by: number) => setCursor(({ year, month }) => ({ year: year + Math.floor((month + by) / 12), month: ((month + by) % 12 + 12) % 12 }));
  return (
    <section>
      <h1>{t('calendar.title')}</h1>
      <div class="actions" role="group" aria-label={t('calendar.view')}>
        <Button variant={view === 'month' ? 'primary' : 'secondary'} aria-pressed={view === 'month'} onClick={() => setView('month')}>{t('calendar.month')}</Button>
        <Button variant={view === 'agenda' ? 'primary' : 'secondary'} aria-pressed={view === 'agenda'} onClick={() => setView('agenda')}>{t('calendar.agenda')}</Button>
      </div>
      <FeedLink />
      {error ? <ErrorNote message={error} /> : view === 'month' ? (
        <>
          <div class="month__nav">
            <Button variant="ghost" aria-label={t('calendar.prev')} onClick={() => shift(-1)}>‹</Button>
            <h2>{monthOf(dayKey(cursor.year, cursor.month, 1))}</h2>
            <Button variant="ghost" aria-label={t('calendar.next')} onClick={() => shift(1)}>›</Button>
          </div>
          {monthData === null ? <Loading /> : <div class="table-scroll"><MonthGrid year={cursor.year} month={cursor.month} items={monthData.items} production={production} /></div>}
        </>
      ) : data === null ? <Loading /> : data.items.length === 0
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
