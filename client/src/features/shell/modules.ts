import type { MessageKey } from '../../i18n';
import type { Audience } from '../../router';

/**
 * Modules of seed 001 that are not built yet. Each has a real page that says so plainly and what to do
 * meanwhile (no dead links). A team building one replaces its entry with a route in its own feature folder.
 */
export interface ModuleStub {
  id: 'staff';
  for: Audience;
  /** Where a member can act today: the request kind that covers this module. */
  action?: { href: string; label: MessageKey };
}


export const MODULE_STUBS: ModuleStub[] = [
  { id: 'staff', for: 'admin' },
];
