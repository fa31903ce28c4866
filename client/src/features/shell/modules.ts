import type { MessageKey } from '../../i18n';
import type { Audience } from '../../router';

/**
 * Modules of seed 001 that are not built yet. Each has a real page that says so plainly and what to do
 * meanwhile (no dead links). A team building one replaces its entry with a route in its own feature folder.
 */
export interface ModuleStub {
  id: 'tasks' | 'staff';
  for: Audience;
  /** Where a member can act today: the request kind that covers this module. */
  action?: { href: string; label: MessageKey };
}

const general = { href: '/requests/new/general', label: 'placeholder.action' } as const;

export const MODULE_STUBS: ModuleStub[] = [
  { id: 'tasks', for: 'member', action: general },
  { id: 'staff', for: 'admin' },
];
