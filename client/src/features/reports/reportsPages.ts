// The reports feature as one chunk (see components/lazyPage).
export { AnnualReportPage } from './AnnualReportPage';
export { ReportsOverviewPage } from './ReportsOverviewPage';
