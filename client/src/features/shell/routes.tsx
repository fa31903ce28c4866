import type { RouteDef } from '../../router';
import { threadRoutes } from '../threads/routes';
import { registryRoutes } from '../registry/routes';
import { inboxRoutes } from '../inbox/routes';
import { recordsRoutes } from '../records/routes';
import { reportsRoutes } from '../reports/routes';
import { libraryRoutes } from '../library/routes';
import { settingsRoutes } from '../settings/routes';
import { HomePage } from './HomePage';
import { AccessPage, MessagesPage } from './ServicePages';
import { ModulePage } from './ModulePage';
import { MODULE_STUBS } from './modules';

// Every page of the cabinet, first match wins. A feature adds its `routes.tsx` array here — one line.
// The home page and the service pages stay in the cabinet chunk: they are what a member sees first.
export const ROUTES: RouteDef[] = [
  { path: '/', for: ['member'], view: () => <HomePage /> },
  { path: '/access', for: ['member', 'staff'], view: () => <AccessPage /> },
  { path: '/messages', for: ['member'], view: () => <MessagesPage /> },
  ...threadRoutes,
  ...registryRoutes,
  ...inboxRoutes,
  ...recordsRoutes,
  ...reportsRoutes,
  ...libraryRoutes,
  ...settingsRoutes,
  ...MODULE_STUBS.map((module): RouteDef => ({ path: `/${module.id}`, for: [module.for], view: () => <ModulePage module={module} /> })),
];
