import { useEffect, useState } from 'preact/hooks';
import { signal } from '@preact/signals';
import { me, isStaff, signOut } from '../../stores/session';
import { unread, loadUnread } from '../../stores/unread';
import { loadNotifications, markAllNotificationsRead, notifications, notificationsUnread } from '../../stores/notifications';
import { connect, online } from '../../realtime/socket';
import { locale, setLocale, t, formatDateTime, type MessageKey } from '../../i18n';
import { match, path } from '../../router';
import { Badge, EmptyState } from '../../components/ui';
import { useDismiss } from '../../components/useDismiss';
import { HomePage } from './HomePage';
import { PlaceholderPage } from './PlaceholderPage';
import { AccessPage, MessagesPage } from './ServicePages';
import { JournalPage } from '../threads/JournalPage';
import { ThreadPage } from '../threads/ThreadPage';
import { NewRequestPage, KindChooser } from '../threads/NewRequestPage';
import { InboxPage } from '../inbox/InboxPage';
import { NoticesPage } from '../inbox/NoticesPage';
import { MembersPage } from '../inbox/MembersPage';
import { StaffMemberPage } from '../inbox/StaffMemberPage';
import { MemberCardPage } from '../registry/MemberCardPage';
import { ReportChangePage } from '../registry/ReportChangePage';
import { ImportPage } from '../registry/ImportPage';
import { MEMBER_REQUEST_KINDS } from '../threads/kinds';

const collapsed = signal(localStorage.getItem('menu') === 'collapsed');
const drawerOpen = signal(false);

interface NavItem {
  href: string;
  label: MessageKey;
  icon: string;
  badge?: number;
}

function memberNav(): { title?: MessageKey; items: NavItem[] }[] {
  return [
    { items: [
      { href: '/', label: 'nav.general', icon: '🏠' },
      { href: '/inbox', label: 'nav.inbox', icon: '📥', badge: unread.value.total },
      { href: '/outbox', label: 'nav.outbox', icon: '📤' },
    ] },
    { title: 'nav.registry', items: [{ href: '/member-info', label: 'nav.memberInfo', icon: '📋' }] },
    { title: 'nav.information', items: [
      { href: '/requests', label: 'nav.requests', icon: '💬' },
      { href: '/inspections', label: 'nav.inspections', icon: '🔎' },
      { href: '/payments', label: 'nav.payments', icon: '💳' },
      { href: '/complaints', label: 'nav.complaints', icon: '⚖️' },
      { href: '/contracts', label: 'nav.contracts', icon: '📑' },
      { href: '/specialists', label: 'nav.specialists', icon: '👷' },
      { href: '/messages', label: 'nav.messages', icon: '✉️' },
    ] },
    { title: 'nav.service', items: [
      { href: '/library', label: 'nav.library', icon: '📚' },
      { href: '/access', label: 'nav.access', icon: '🔑' },
      { href: '/tasks', label: 'nav.tasks', icon: '✅' },
    ] },
  ];
}

function staffNav(): { title?: MessageKey; items: NavItem[] }[] {
  const items: NavItem[] = [
    { href: '/inbox', label: 'nav.staffInbox', icon: '📥', badge: unread.value.total },
    { href: '/notices', label: 'nav.notices', icon: '📣' },
    { href: '/members', label: 'nav.members', icon: '🏢' },
    { href: '/import', label: 'nav.import', icon: '📥' },
  ];
  if (me.value?.user.role === 'admin') items.push({ href: '/staff', label: 'nav.staff', icon: '👥' });
  items.push({ href: '/access', label: 'nav.access', icon: '🔑' }, { href: '/settings', label: 'nav.settings', icon: '⚙️' });
  return [{ items }];
}

const isActive = (href: string) => (href === '/' ? path.value === '/' : path.value === href || path.value.startsWith(`${href}/`));

function SideMenu() {
  const groups = isStaff.value ? staffNav() : memberNav();
  return (
    <nav class={`side${collapsed.value ? ' side--collapsed' : ''}${drawerOpen.value ? ' side--open' : ''}`} aria-label={t('shell.menu')}>
      {groups.map((group, i) => (
        <div class="side__group" key={i}>
          {group.title && <p class="side__title">{t(group.title)}</p>}
          <ul>
            {group.items.map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={isActive(item.href) ? 'page' : undefined} title={t(item.label)} onClick={() => (drawerOpen.value = false)}>
                  <span class="side__icon" aria-hidden="true">{item.icon}</span>
                  <span class="side__label">{t(item.label)}</span>
                  {item.badge ? <Badge count={item.badge} label={t('home.unread', { n: item.badge })} /> : null}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function NotificationsBell() {
  const [open, setOpen] = useState(false);
  const ref = useDismiss<HTMLDivElement>(open, () => setOpen(false));
  return (
    <div class="bell" ref={ref}>
      <button class="icon-btn" type="button" aria-expanded={open} aria-label={`${t('shell.notifications')}: ${notificationsUnread.value}`} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">🔔</span>
        <Badge count={notificationsUnread.value} />
      </button>
      <span class="sr-only" aria-live="polite">{notificationsUnread.value ? `${t('shell.notifications')}: ${notificationsUnread.value}` : ''}</span>
      {open && (
        <div class="bell__panel" role="dialog" aria-label={t('shell.notifications')}>
          {notifications.value.length === 0 ? (
            <EmptyState title={t('shell.noNotifications')} />
          ) : (
            <>
              <button class="link" type="button" onClick={() => void markAllNotificationsRead()}>{t('shell.markAllRead')}</button>
              <ul>
                {notifications.value.map((n) => (
                  <li key={n.id} class={n.read ? '' : 'unread'}>
                    <a href={n.link ?? '/'} onClick={() => setOpen(false)}>
                      <strong>{n.title}</strong>
                      {n.body && <span>{n.body}</span>}
                      <time>{formatDateTime(n.createdAt)}</time>
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}

function CreateMenu() {
  const [open, setOpen] = useState(false);
  const ref = useDismiss<HTMLDivElement>(open, () => setOpen(false));
  if (isStaff.value) return null;
  return (
    <div class="create" ref={ref}>
      <button class="btn btn--primary" type="button" aria-label={t('shell.create')} aria-expanded={open} onClick={() => setOpen(!open)}>+ <span class="hide-sm">{t('shell.create')}</span></button>
      {open && (
        <ul class="create__menu" role="menu">
          {MEMBER_REQUEST_KINDS.map((kind) => (
            <li key={kind} role="none"><a role="menuitem" href={`/requests/new/${kind}`} onClick={() => setOpen(false)}>{t(`kind.${kind}` as MessageKey)}</a></li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TopBar() {
  const title = isStaff.value ? t('app.staffTitle') : t('app.title');
  return (
    <header class="top">
      <button class="icon-btn show-sm" type="button" aria-label={t('shell.menu')} aria-expanded={drawerOpen.value} onClick={() => (drawerOpen.value = !drawerOpen.value)}>☰</button>
      <button class="icon-btn hide-sm" type="button" aria-label={collapsed.value ? t('shell.expand') : t('shell.collapse')} onClick={() => {
        collapsed.value = !collapsed.value;
        localStorage.setItem('menu', collapsed.value ? 'collapsed' : 'open');
      }}>☰</button>
      <a class="icon-btn" href="/" aria-label={t('shell.home')}>🏠</a>
      <span class="top__title">{title}<span class="top__org hide-sm">{me.value?.member?.shortName ?? me.value?.member?.name ?? me.value?.sro.name}</span></span>
      <span class="top__spacer" />
      <CreateMenu />
      <NotificationsBell />
      <button class="link hide-sm" type="button" onClick={() => void setLocale(locale.value === 'ru' ? 'en' : 'ru')}>{t('lang.switch')}</button>
      <button class="btn btn--ghost" type="button" onClick={() => void signOut()}>{t('auth.logout')}</button>
    </header>
  );
}

function MemberRoutes() {
  const p = path.value;
  let params;
  if (p === '/') return <HomePage />;
  if (p === '/inbox') return <JournalPage direction="outgoing" />;
  if (p === '/outbox') return <JournalPage direction="incoming" />;
  if (p === '/requests') return <JournalPage />;
  if (p === '/requests/new') return <KindChooser />;
  if ((params = match('/requests/new/:kind'))) return <NewRequestPage kind={params.kind} />;
  if ((params = match('/threads/:id'))) return <ThreadPage id={params.id} />;
  if (p === '/member-info') return <MemberCardPage />;
  if (p === '/member-info/change') return <ReportChangePage />;
  if (p === '/messages') return <MessagesPage />;
  if (p === '/access') return <AccessPage />;
  return <PlaceholderPage />;
}

function StaffRoutes() {
  const p = path.value;
  let params;
  if (p === '/' || p === '/inbox') return <InboxPage />;
  if ((params = match('/inbox/:id')) || (params = match('/threads/:id'))) return <InboxPage selected={params.id} />;
  if (p === '/access') return <AccessPage />;
  if (p === '/notices') return <NoticesPage />;
  if (p === '/members') return <MembersPage />;
  if ((params = match('/members/:id'))) return <StaffMemberPage id={params.id} />;
  if (p === '/import') return <ImportPage />;
  return <PlaceholderPage />;
}

export default function Cabinet() {
  useEffect(() => {
    connect();
    void loadUnread();
    void loadNotifications().catch(() => undefined);
  }, []);
  return (
    <div class="layout">
      <a class="skip" href="#main">{t('app.skip')}</a>
      <TopBar />
      {!online.value && <p class="offline" role="status">{t('offline')}</p>}
      <div class="layout__body">
        <SideMenu />
        <main id="main" class="content" tabIndex={-1}>
          {isStaff.value ? <StaffRoutes /> : <MemberRoutes />}
        </main>
      </div>
    </div>
  );
}
