import type { RouteDef } from '../../router';
import { lazyPage } from '../../components/lazyPage';

const AnnualReportPage = lazyPage(() => import('./reportsPages').then((m) => m.AnnualReportPage));
const ReportsOverviewPage = lazyPage(() => import('./reportsPages').then((m) => m.ReportsOverviewPage));

export const reportsRoutes: RouteDef[] = [
  { path: '/reports/annual', for: ['member'], view: () => <AnnualReportPage /> },
  { path: '/reports/annual/:year', for: ['member'], view: (p) => <AnnualReportPage year={p.year} /> },
  { path: '/reports', for: ['staff'], view: () => <ReportsOverviewPage /> },
  { path: '/reports/:year', for: ['staff'], view: (p) => <ReportsOverviewPage year={p.year} /> },
];
