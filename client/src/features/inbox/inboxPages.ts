// The staff workplace pages, loaded as one chunk (see routes.tsx).
export { InboxPage } from './InboxPage';
export { NoticesPage } from './NoticesPage';
export { MembersPage } from './MembersPage';
export { StaffMemberPage } from './StaffMemberPage';
