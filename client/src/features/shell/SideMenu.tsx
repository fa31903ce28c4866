import { useEffect } from 'preact/hooks';
import { isAdmin, isStaff } from '../../stores/session';
import { unread } from '../../stores/unread';
import { closeDrawer, drawerOpen, menuCollapsed } from '../../stores/ui';
import { t } from '../../i18n';
import { path } from '../../router';
import { Badge } from '../../components/ui';
import { MEMBER_NAV, STAFF_NAV, type NavItem } from './nav';

const isActive = (href: string) => (href === '/' ? path.value === '/' : path.value === href || path.value.startsWith(`${href}/`));

function MenuLink({ item }: { item: NavItem }) {
  const count = !item.badge ? 0 : item.badge === 'unread' ? unread.value.total : unread.value.byDirection[item.badge];
  const label = t(item.label);
  return (
    <li>
      {/* title: the only visible name when the menu is collapsed to icons */}
      <a href={item.href} aria-current={isActive(item.href) ? 'page' : undefined} title={menuCollapsed.value ? label : undefined} onClick={closeDrawer}>
        <span class="side__icon" aria-hidden="true">{item.icon}</span>
        <span class="side__label">{label}</span>
        <Badge count={count} label={t('home.unread', { n: count })} />
      </a>
    </li>
  );
}

/** The left menu; on a phone a drawer (Escape or a tap outside closes it). */
export function SideMenu() {
  const groups = isStaff.value ? STAFF_NAV : MEMBER_NAV;
  const open = drawerOpen.value;
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && closeDrawer();
    document.addEventListener('keydown', onKey);
    document.querySelector<HTMLElement>('#side-menu a')?.focus();
    return () => {
      document.removeEventListener('keydown', onKey);
      // Closed with Escape or the backdrop: focus goes back to the ☰ button (a link click focuses the new page).
      if (document.getElementById('side-menu')?.contains(document.activeElement)) document.getElementById('menu-toggle')?.focus();
    };
  }, [open]);
  return (
    <>
      {open && <div class="backdrop" onClick={closeDrawer} />}
      <nav id="side-menu" class={`side${menuCollapsed.value ? ' side--collapsed' : ''}${open ? ' side--open' : ''}`} aria-label={t('shell.menu')}>
        {groups.map((group, i) => (
          <div class="side__group" key={i}>
            {group.title && <p class="side__title">{t(group.title)}</p>}
            <ul>
              {group.items.filter((item) => item.for !== 'admin' || isAdmin.value).map((item) => <MenuLink key={item.href} item={item} />)}
            </ul>
          </div>
        ))}
      </nav>
    </>
  );
}
