import type { ThreadKind } from '@sro/shared';
import { defaultWorkCalendar, type WorkCalendar } from '../calendar/production-calendar';

// Due dates from DESIGN.md §7, in working days of the SRO's production calendar (calendar/production-calendar.ts).

const addCalendarDays = (from: Date, days: number) => new Date(from.getTime() + days * 86_400_000);

export const isWorkingDay = (date: Date, calendar: WorkCalendar = defaultWorkCalendar) => calendar.isWorkingDay(date);
export const addWorkingDays = (from: Date, days: number, calendar: WorkCalendar = defaultWorkCalendar) => calendar.addWorkingDays(from, days);

/** registry extract: 3 working days (ГрК 55.17); complaint: 30 days (ГрК 55.14); registry change: 3 working days; others 10. */
export function dueDateFor(kind: ThreadKind, registeredAt: Date, calendar: WorkCalendar = defaultWorkCalendar): Date | null {
  switch (kind) {
    case 'registry_extract':
    case 'registry_change':
      return calendar.addWorkingDays(registeredAt, 3);
    case 'complaint':
      return addCalendarDays(registeredAt, 30);
    case 'notice':
      return null;
    default:
      return calendar.addWorkingDays(registeredAt, 10);
  }
}
