import type { RouteDef } from '../../router';
import { lazyPage } from '../../components/lazyPage';

const MemberCardPage = lazyPage(() => import('./registryPages').then((m) => m.MemberCardPage));
const ReportChangePage = lazyPage(() => import('./registryPages').then((m) => m.ReportChangePage));
const ImportPage = lazyPage(() => import('./registryPages').then((m) => m.ImportPage));

export const registryRoutes: RouteDef[] = [
  { path: '/member-info', for: ['member'], view: () => <MemberCardPage /> },
  { path: '/member-info/change', for: ['member'], view: () => <ReportChangePage /> },
  { path: '/import', for: ['staff'], view: () => <ImportPage /> },
];
