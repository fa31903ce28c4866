import type { PortalModule } from './core/module';

/** Every domain of the portal, in the order their routes are mounted. */
export const portalModules: PortalModule[] = [];
