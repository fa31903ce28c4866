import type { RouteDef } from '../../router';
import { lazyPage } from '../../components/lazyPage';
// The calendar is on the home page already (NextDates), so its page lives in the same chunk.
import { CalendarPage } from './CalendarPage';

const page = (name: 'PaymentsPage' | 'InspectionsPage' | 'ContractsPage' | 'SpecialistsPage' | 'ComplaintsPage' | 'TasksPage') => lazyPage(() => import('./recordsPages').then((m) => m[name]));
const PaymentsPage = page('PaymentsPage');
const InspectionsPage = page('InspectionsPage');
const ContractsPage = page('ContractsPage');
const SpecialistsPage = page('SpecialistsPage');
const ComplaintsPage = page('ComplaintsPage');
const TasksPage = page('TasksPage');

export const recordsRoutes: RouteDef[] = [
  { path: '/payments', for: ['member'], view: () => <PaymentsPage /> },
  { path: '/inspections', for: ['member'], view: () => <InspectionsPage /> },
  { path: '/contracts', for: ['member'], view: () => <ContractsPage /> },
  { path: '/specialists', for: ['member'], view: () => <SpecialistsPage /> },
  { path: '/complaints', for: ['member'], view: () => <ComplaintsPage /> },
  { path: '/calendar', for: ['member', 'staff'], view: () => <CalendarPage /> },
  { path: '/tasks', for: ['member'], view: () => <TasksPage /> },
];
