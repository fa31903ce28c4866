import type { RouteDef } from '../../router';
import { lazyPage } from '../../components/lazyPage';

const LibraryPage = lazyPage(() => import('./LibraryPage').then((m) => m.LibraryPage));

export const libraryRoutes: RouteDef[] = [{ path: '/library', for: ['member', 'staff'], view: () => <LibraryPage /> }];
