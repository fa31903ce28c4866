import type { MessageKey } from '../../i18n';
import type { Audience } from '../../router';
import type { ThreadDirection } from '@sro/shared/schemas/lifecycle';

// The left menu of seed 000/001 (members) and of the staff workplace. A new page gets its route in its
// feature's routes.tsx and, if it belongs in the menu, an entry here. `badge` names a live counter, and each
// counts exactly what its page lists: a member's «Входящие» what the SRO sent (outgoing threads), «Исходящие» the
// member's own requests (incoming), the journal «Обращения» both.

export interface NavItem {
  href: string;
  label: MessageKey;
  icon: string;
  badge?: 'unread' | ThreadDirection;
  for?: Audience;
}
export interface NavGroup {
  title?: MessageKey;
  items: NavItem[];
}

export const MEMBER_NAV: NavGroup[] = [
  { items: [
    { href: '/', label: 'nav.general', icon: '🏠' },
    { href: '/inbox', label: 'nav.inbox', icon: '📥', badge: 'outgoing' },
    { href: '/outbox', label: 'nav.outbox', icon: '📤', badge: 'incoming' },
  ] },
  { title: 'nav.registry', items: [{ href: '/member-info', label: 'nav.memberInfo', icon: '📋' }] },
  { title: 'nav.information', items: [
    { href: '/requests', label: 'nav.requests', icon: '💬', badge: 'unread' },
    { href: '/calendar', label: 'nav.calendar', icon: '📅' },
    { href: '/inspections', label: 'nav.inspections', icon: '🔎' },
    { href: '/payments', label: 'nav.payments', icon: '💳' },
    { href: '/complaints', label: 'nav.complaints', icon: '⚖️' },
    { href: '/contracts', label: 'nav.contracts', icon: '📑' },
    { href: '/specialists', label: 'nav.specialists', icon: '👷' },
    { href: '/messages', label: 'nav.messages', icon: '✉️' },
  ] },
  { title: 'nav.reports', items: [{ href: '/reports/annual', label: 'nav.annualReport', icon: '📊' }] },
  { title: 'nav.service', items: [
    { href: '/library', label: 'nav.library', icon: '📚' },
    { href: '/access', label: 'nav.access', icon: '🔑' },
    { href: '/tasks', label: 'nav.tasks', icon: '✅' },
  ] },
];

export const STAFF_NAV: NavGroup[] = [
  { items: [
    { href: '/inbox', label: 'nav.staffInbox', icon: '📥', badge: 'unread' },
    { href: '/notices', label: 'nav.notices', icon: '📣' },
    { href: '/calendar', label: 'nav.calendar', icon: '📅' },
    { href: '/members', label: 'nav.members', icon: '🏢' },
    { href: '/reports', label: 'nav.staffReports', icon: '📊' },
    { href: '/library', label: 'nav.library', icon: '📚' },
    { href: '/import', label: 'nav.import', icon: '📤' },
    { href: '/staff', label: 'nav.staff', icon: '👥', for: 'admin' },
    { href: '/access', label: 'nav.access', icon: '🔑' },
    { href: '/settings', label: 'nav.settings', icon: '⚙️' },
  ] },
];
