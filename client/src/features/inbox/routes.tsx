import type { RouteDef } from '../../router';
import { lazyPage } from '../../components/lazyPage';

const InboxPage = lazyPage(() => import('./inboxPages').then((m) => m.InboxPage));
const NoticesPage = lazyPage(() => import('./inboxPages').then((m) => m.NoticesPage));
const MembersPage = lazyPage(() => import('./inboxPages').then((m) => m.MembersPage));
const StaffMemberPage = lazyPage(() => import('./inboxPages').then((m) => m.StaffMemberPage));

/** Staff: the shared inbox is their home page; a thread opens beside the list. */
export const inboxRoutes: RouteDef[] = [
  { path: '/', for: ['staff'], view: () => <InboxPage /> },
  { path: '/inbox', for: ['staff'], view: () => <InboxPage /> },
  { path: '/inbox/:id', for: ['staff'], view: ({ id }) => <InboxPage selected={id} /> },
  { path: '/threads/:id', for: ['staff'], view: ({ id }) => <InboxPage selected={id} /> },
  { path: '/notices', for: ['staff'], view: () => <NoticesPage /> },
  { path: '/members', for: ['staff'], view: () => <MembersPage /> },
  { path: '/members/:id', for: ['staff'], view: ({ id }) => <StaffMemberPage id={id} /> },
];
