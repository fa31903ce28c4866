import { useEffect, useState } from 'preact/hooks';
import type { ThreadDto } from '@sro/shared/schemas/threads';
import { api } from '../../api/client';
import { me } from '../../stores/session';
import { unread } from '../../stores/unread';
import { kindName, t, formatDate } from '../../i18n';
import { EmptyState, StatusPill } from '../../components/ui';
import { MEMBER_REQUEST_KINDS } from '../threads/kinds';
import { ReportSummary } from '../reports/ReportSummary';
import { ModuleSummary } from '../records/ModuleSummary';
import { NextDates } from '../records/CalendarPage';

/** The dashboard of seed 000: requests by kind, the journal, the calendar, reports. */
export function HomePage() {
  const [recent, setRecent] = useState<ThreadDto[] | null>(null);
  useEffect(() => {
    api.get<{ items: ThreadDto[] }>('/api/threads?limit=5').then((page) => setRecent(page.items), () => setRecent([]));
  }, []);
  return (
    <section>
      <h1>{t('home.greeting')}{me.value?.user.name ? `, ${me.value.user.name}` : ''}</h1>
      <p class="muted">{me.value?.member?.name}{me.value?.member?.regNumber ? ` · ${me.value.member.regNumber}` : ''}</p>
      <div class="grid">
        <article class="card">
          <h2>{t('home.requests')}</h2>
          <p class="muted">{t('home.requestsText')}</p>
          <ul class="kind-list">
            {MEMBER_REQUEST_KINDS.map((kind) => (
              <li key={kind}><a href={`/requests/new/${kind}`}>{kindName(kind)}</a></li>
            ))}
          </ul>
        </article>
        <article class="card">
          <h2><a href="/requests">{t('home.journal')}</a></h2>
          {recent === null ? <p class="muted">{t('common.loading')}</p> : recent.length === 0 ? (
            <EmptyState title={t('journal.empty')} text={t('home.journalEmpty')} action={<a class="btn btn--primary" href="/requests/new/registry_extract">{kindName('registry_extract')}</a>} />
          ) : (
            <ul class="mini-journal">
              {recent.map((thread) => (
                <li key={thread.id}>
                  <a href={`/threads/${thread.id}`}>{thread.subject}</a>
                  <span class="muted">{thread.regNumber ?? formatDate(thread.createdAt)}</span>
                  <StatusPill status={thread.status} staff={false} />
                  {unread.value.threads[thread.id] ? <span class="dot" aria-label={t('journal.unread')} /> : null}
                </li>
              ))}
            </ul>
          )}
        </article>
        <article class="card">
          <h2>{t('home.summary')}</h2>
          <ModuleSummary />
        </article>
        <article class="card">
          <h2><a href="/calendar">{t('home.calendar')}</a></h2>
          <NextDates />
        </article>
        <article class="card">
          <h2><a href="/reports/annual">{t('home.reports')}</a></h2>
          <ReportSummary />
        </article>
      </div>
    </section>
  );
}
