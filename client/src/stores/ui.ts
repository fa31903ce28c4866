import { signal } from '@preact/signals';

// Shell state: the left menu collapsed to icons (remembered), the phone drawer (not remembered).
// The language lives in i18n (locale, setLocale) because t() needs it on the login page too.

export { locale, setLocale } from '../i18n';

const read = (key: string) => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};

export const menuCollapsed = signal(read('menu') === 'collapsed');
export const drawerOpen = signal(false);

export function toggleMenuCollapsed(): void {
  menuCollapsed.value = !menuCollapsed.value;
  try {
    localStorage.setItem('menu', menuCollapsed.value ? 'collapsed' : 'open');
  } catch {
    // not remembered, still collapsed for now
  }
}

export const closeDrawer = () => void (drawerOpen.value = false);
export const toggleDrawer = () => void (drawerOpen.value = !drawerOpen.value);
