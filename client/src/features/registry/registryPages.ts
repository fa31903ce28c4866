// The registry pages inside the cabinet, loaded as one chunk (the public registry has its own, see app.tsx).
export { MemberCardPage } from './MemberCardPage';
export { ReportChangePage } from './ReportChangePage';
export { ImportPage } from './ImportPage';
