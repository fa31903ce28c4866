import { me, isStaff, signOut } from '../../stores/session';
import { drawerOpen, menuCollapsed, toggleDrawer, toggleMenuCollapsed } from '../../stores/ui';
import { t } from '../../i18n';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { CreateMenu } from './CreateMenu';
import { NotificationsBell } from './NotificationsBell';

/** Top bar of seed 000: home, collapse the menu, create a request, notifications, language, sign out. */
export function TopBar() {
  const who = me.value;
  return (
    <header class="top">
      <button id="menu-toggle" class="icon-btn show-sm" type="button" aria-label={t('shell.menu')} aria-controls="side-menu" aria-expanded={drawerOpen.value} onClick={toggleDrawer}>☰</button>
      <button class="icon-btn hide-sm" type="button" aria-controls="side-menu" aria-expanded={!menuCollapsed.value} aria-label={menuCollapsed.value ? t('shell.expand') : t('shell.collapse')} onClick={toggleMenuCollapsed}>☰</button>
      <a class="icon-btn" href="/" aria-label={t('shell.home')}>🏠</a>
      <span class="top__title">
        {isStaff.value ? t('app.staffTitle') : t('app.title')}
        <span class="top__org hide-sm">{who?.member?.shortName ?? who?.member?.name ?? who?.sro.name}</span>
      </span>
      <span class="top__spacer" />
      {!isStaff.value && <CreateMenu />}
      <NotificationsBell />
      <LanguageSwitch className="link hide-sm" />
      <button class="btn btn--ghost" type="button" onClick={() => void signOut()}>{t('auth.logout')}</button>
    </header>
  );
}
