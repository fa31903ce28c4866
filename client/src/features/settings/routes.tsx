import type { RouteDef } from '../../router';
import { lazyPage } from '../../components/lazyPage';

const SettingsPage = lazyPage(() => import('./SettingsPage').then((m) => m.SettingsPage));

export const settingsRoutes: RouteDef[] = [{ path: '/settings', for: ['staff'], view: () => <SettingsPage /> }];
