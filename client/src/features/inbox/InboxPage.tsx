import { useEffect, useState } from 'preact/hooks';
import { THREAD_KINDS, THREAD_STATUSES } from '@sro/shared/enums';
import type { ThreadDto } from '@sro/shared/schemas/threads';
import { FINISHED_STATUSES } from '@sro/shared/schemas/lifecycle';
import { unread } from '../../stores/unread';
import { me } from '../../stores/session';
import { getSocket } from '../../realtime/socket';
import { viewersOf } from '../../stores/threads';
import { statusName, kindName, t, formatDate, type MessageKey } from '../../i18n';
import { Badge, Button, EmptyState, ErrorNote, Loading, StatusPill } from '../../components/ui';
import { useThreadList } from '../threads/useThreadList';
import { ThreadPage } from '../threads/ThreadPage';

type View = 'mine' | 'none' | 'any' | 'overdue';

/** The shared inbox: a live list with filters on the left, the open thread on the right. */
export function InboxPage({ selected }: { selected?: string }) {
  const [view, setView] = useState<View>('any');
  const [status, setStatus] = useState('');
  const [kind, setKind] = useState('');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const query = {
    assignee: view === 'overdue' ? undefined : view,
    overdue: view === 'overdue' ? '1' : undefined,
    status: status || undefined,
    kind: kind || undefined,
    q: search || undefined,
  };
  const myId = me.value?.user.id;
  // A search and «Просроченные» are evaluated by the server: such a list reloads on a live update.
  const { items, hasMore, loadMore, error } = useThreadList(query, (thread) =>
    search || view === 'overdue' ? 'unknown'
      : thread.status !== 'draft' && (!status || thread.status === status) && (!kind || thread.kind === kind) &&
        (view === 'any' || (view === 'mine' && thread.assigneeId === myId) || (view === 'none' && !thread.assigneeId)),
  );
  const tabs: [View, MessageKey][] = [['any', 'inbox.anyone'], ['mine', 'inbox.mine'], ['none', 'inbox.unassigned'], ['overdue', 'inbox.overdue']];

  return (
    <div class={`inbox${selected ? ' inbox--open' : ''}`}>
      <section class="inbox__list" aria-label={t('inbox.title')}>
        <h1>{t('inbox.title')}</h1>
        <p class="muted small">{t('inbox.live')}</p>
        <div class="tabs" role="tablist">
          {tabs.map(([v, label]) => <button key={v} role="tab" type="button" aria-selected={view === v} onClick={() => setView(v)}>{t(label)}</button>)}
        </div>
        <form class="filters filters--stack" role="search" onSubmit={(e) => { e.preventDefault(); setSearch(q.trim()); }}>
          <label>{t('journal.filterStatus')}
            <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
              <option value="">{t('common.all')}</option>
              {THREAD_STATUSES.filter((s) => s !== 'draft').map((s) => <option key={s} value={s}>{statusName(s, true)}</option>)}
            </select>
          </label>
          <label>{t('journal.filterKind')}
            <select value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
              <option value="">{t('common.all')}</option>
              {THREAD_KINDS.map((k) => <option key={k} value={k}>{kindName(k)}</option>)}
            </select>
          </label>
          <label>{t('common.search')}<input type="search" placeholder={t('journal.searchPlaceholder')} value={q} onInput={(e) => setQ(e.currentTarget.value)} /></label>
          <Button type="submit" variant="secondary">{t('common.search')}</Button>
        </form>
        <ErrorNote message={error} />
        {items === null ? <Loading /> : items.length === 0 ? <EmptyState title={t('inbox.empty')} /> : (
          <ul class="inbox__items">
            {items.map((thread) => <InboxItem key={thread.id} thread={thread} active={thread.id === selected} />)}
          </ul>
        )}
        {hasMore && <Button variant="secondary" type="button" onClick={() => void loadMore()}>{t('common.more')}</Button>}
      </section>
      <div class="inbox__thread">
        {selected && <a class="inbox__back" href="/inbox">← {t('inbox.backToList')}</a>}
        {selected ? <ThreadPage id={selected} aside={<Viewers threadId={selected} />} memberAside /> : <EmptyState title={t('inbox.select')} />}
      </div>
    </div>
  );
}

function InboxItem({ thread, active }: { thread: ThreadDto; active: boolean }) {
  const overdue = thread.dueAt && new Date(thread.dueAt) < new Date() && !FINISHED_STATUSES.includes(thread.status);
  return (
    <li class={`${active ? 'active' : ''}${unread.value.threads[thread.id] ? ' unread' : ''}`}>
      <a href={`/inbox/${thread.id}`} aria-current={active ? 'true' : undefined}>
        <span class="inbox__row"><strong>{thread.memberName}</strong><Badge count={unread.value.threads[thread.id] ?? 0} /></span>
        <span>{thread.subject}</span>
        <span class="inbox__row small">
          <StatusPill status={thread.status} staff />
          <span class="muted">{thread.regNumber ?? kindName(thread.kind)}</span>
          {thread.dueAt && <span class={overdue ? 'overdue' : 'muted'}>{t('thread.due')}: {formatDate(thread.dueAt)}</span>}
        </span>
        <span class="muted small">{thread.assigneeName ?? t('thread.unassigned')}</span>
      </a>
    </li>
  );
}

/** Who else has this thread open, so two experts don't answer twice. */
function Viewers({ threadId }: { threadId: string }) {
  useEffect(() => {
    const socket = getSocket();
    socket.emit('thread:view', { threadId });
    return () => void socket.emit('thread:view', { threadId: null });
  }, [threadId]);
  const others = (viewersOf.value[threadId] ?? []).filter((v) => v.userId !== me.value?.user.id);
  if (!others.length) return null;
  return <p class="note" role="status">👀 {t('thread.viewing', { names: others.map((v) => v.name).join(', ') })}</p>;
}
