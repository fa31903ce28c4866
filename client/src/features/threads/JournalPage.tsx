import { useState } from 'preact/hooks';
import { THREAD_KINDS, THREAD_STATUSES } from '@sro/shared/enums';
import type { ThreadDto } from '@sro/shared/schemas/threads';
import { unread } from '../../stores/unread';
import { statusName, kindName, t, formatDate } from '../../i18n';
import { Badge, Button, EmptyState, ErrorNote, Loading, StatusPill } from '../../components/ui';
import { useThreadList } from './useThreadList';
import { messageLine } from './messageLine';

interface Filters { kind?: string; status?: string; from?: string; to?: string; q?: string }

/** The journal of incoming and outgoing documents (seed 000), with filters, unread first, cursor paging. */
export function JournalPage({ direction }: { direction?: 'incoming' | 'outgoing' }) {
  const [filters, setFilters] = useState<Filters>({});
  const [q, setQ] = useState('');
  // A search or a period is the server's to evaluate: the list reloads rather than guess (useThreadList).
  const { items, hasMore, loadMore, error } = useThreadList({ ...filters, direction }, (thread) =>
    filters.q || filters.from || filters.to ? 'unknown'
      : (!direction || thread.direction === direction) && (!filters.kind || thread.kind === filters.kind) && (!filters.status || thread.status === filters.status),
  );
  const title = direction === 'outgoing' ? t('journal.inbox') : direction === 'incoming' ? t('journal.outbox') : t('journal.title');
  const set = (key: keyof Filters) => (e: Event) => setFilters({ ...filters, [key]: (e.currentTarget as HTMLInputElement).value || undefined });
  // Unread first, then by last activity (the server's order).
  const sorted = items && [...items].sort((a, b) => Number(!!unread.value.threads[b.id]) - Number(!!unread.value.threads[a.id]));

  return (
    <section>
      <h1>{title}</h1>
      <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); setFilters({ ...filters, q: q.trim() || undefined }); }}>
        <label>{t('journal.filterKind')}
          <select value={filters.kind ?? ''} onChange={set('kind')}>
            <option value="">{t('common.all')}</option>
            {THREAD_KINDS.map((k) => <option key={k} value={k}>{kindName(k)}</option>)}
          </select>
        </label>
        <label>{t('journal.filterStatus')}
          <select value={filters.status ?? ''} onChange={set('status')}>
            <option value="">{t('common.all')}</option>
            {THREAD_STATUSES.map((s) => <option key={s} value={s}>{statusName(s, false)}</option>)}
          </select>
        </label>
        <label>{t('journal.from')}<input type="date" value={filters.from ?? ''} onChange={set('from')} /></label>
        <label>{t('journal.to')}<input type="date" value={filters.to ?? ''} onChange={set('to')} /></label>
        <label class="filters__q">{t('common.search')}<input type="search" placeholder={t('journal.searchPlaceholder')} value={q} onInput={(e) => setQ(e.currentTarget.value)} /></label>
        <Button type="submit" variant="secondary">{t('common.search')}</Button>
      </form>
      <ErrorNote message={error} />
      {sorted === null ? <Loading /> : sorted.length === 0 ? (
        <EmptyState title={t('journal.empty')} text={t('journal.emptyAction')} action={<a class="btn btn--primary" href="/requests/new">{t('shell.create')}</a>} />
      ) : (
        <>
          <div class="table-scroll"><table class="journal">
            <thead>
              <tr>
                <th scope="col">{t('journal.number')}</th>
                <th scope="col">{t('journal.date')}</th>
                <th scope="col">{t('journal.kind')}</th>
                <th scope="col">{t('journal.subject')}</th>
                <th scope="col">{t('journal.status')}</th>
                <th scope="col">{t('journal.expert')}</th>
                <th scope="col"><span class="sr-only">{t('journal.unread')}</span></th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((thread) => <JournalRow key={thread.id} thread={thread} />)}
            </tbody>
          </table></div>
          {hasMore && <Button variant="secondary" type="button" onClick={() => void loadMore()}>{t('common.more')}</Button>}
        </>
      )}
    </section>
  );
}

function JournalRow({ thread }: { thread: ThreadDto }) {
  const count = unread.value.threads[thread.id] ?? 0;
  return (
    <tr class={count ? 'unread' : ''}>
      <td data-label={t('journal.number')}>{thread.regNumber ?? <span class="muted">{t('journal.notRegistered')}</span>}</td>
      <td data-label={t('journal.date')}>{formatDate(thread.regDate ?? thread.createdAt)}</td>
      <td data-label={t('journal.kind')}>{kindName(thread.kind)}</td>
      <td data-label={t('journal.subject')}><a href={`/threads/${thread.id}`}>{thread.subject}</a>{thread.lastMessage && <p class="muted clip">{messageLine(thread.lastMessage, false)}</p>}</td>
      <td data-label={t('journal.status')}><StatusPill status={thread.status} staff={false} /></td>
      <td data-label={t('journal.expert')}>{thread.assigneeName ?? '—'}</td>
      <td><Badge count={count} label={`${t('journal.unread')}: ${count}`} /></td>
    </tr>
  );
}
