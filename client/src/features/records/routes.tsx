import type { RouteDef } from '../../router';
import { lazyPage } from '../../components/lazyPage';

const page = (name: 'PaymentsPage' | 'InspectionsPage' | 'ContractsPage' | 'SpecialistsPage' | 'ComplaintsPage') => lazyPage(() => import('./recordsPages').then((m) => m[name]));
const PaymentsPage = page('PaymentsPage');
const InspectionsPage = page('InspectionsPage');
const ContractsPage = page('ContractsPage');
const SpecialistsPage = page('SpecialistsPage');
const ComplaintsPage = page('ComplaintsPage');
const CalendarPage = lazyPage(() => import('./CalendarPage').then((m) => m.CalendarPage));

export const recordsRoutes: RouteDef[] = [
  { path: '/payments', for: ['member'], view: () => <PaymentsPage /> },
  { path: '/inspections', for: ['member'], view: () => <InspectionsPage /> },
  { path: '/contracts', for: ['member'], view: () => <ContractsPage /> },
  { path: '/specialists', for: ['member'], view: () => <SpecialistsPage /> },
  { path: '/complaints', for: ['member'], view: () => <ComplaintsPage /> },
  { path: '/calendar', for: ['member', 'staff'], view: () => <CalendarPage /> },
];
