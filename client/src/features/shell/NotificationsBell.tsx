import { useState } from 'preact/hooks';
import { markAllNotificationsRead, notifications, notificationsAvailable, notificationsUnread } from '../../stores/notifications';
import { t, formatDateTime } from '../../i18n';
import { Badge, EmptyState } from '../../components/ui';
import { useDismiss } from '../../components/useDismiss';

/** The bell with the unread count; the count is also announced politely to screen readers when it changes. */
export function NotificationsBell() {
  const [open, setOpen] = useState(false);
  const ref = useDismiss<HTMLDivElement>(open, () => setOpen(false));
  const count = notificationsUnread.value;
  return (
    <div class="bell" ref={ref}>
      <button class="icon-btn" type="button" aria-expanded={open} aria-haspopup="dialog" aria-label={`${t('shell.notifications')}: ${count}`} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">🔔</span>
        <Badge count={count} />
      </button>
      <span class="sr-only" aria-live="polite">{count ? `${t('shell.notifications')}: ${count}` : ''}</span>
      {open && (
        <div class="bell__panel" role="dialog" aria-label={t('shell.notifications')}>
          {!notificationsAvailable.value ? (
            <EmptyState title={t('module.soonBadge')} text={t('shell.noNotifications')} />
          ) : notifications.value.length === 0 ? (
            <EmptyState title={t('shell.noNotifications')} />
          ) : (
            <>
              {count > 0 && <button class="link" type="button" onClick={() => void markAllNotificationsRead().catch(() => undefined)}>{t('shell.markAllRead')}</button>}
              <ul>
                {notifications.value.map((n) => (
                  <li key={n.id} class={n.read ? '' : 'unread'}>
                    <a href={n.link ?? (n.threadId ? `/threads/${n.threadId}` : '/')} onClick={() => setOpen(false)}>
                      <strong>{n.title}</strong>
                      {n.body && <span>{n.body}</span>}
                      <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
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
