import type { ThreadKind } from '@sro/shared';

// Due dates from DESIGN.md §7, in working days of the Russian production calendar.
// Public holidays (Трудовой кодекс ст. 112): Jan 1–8, Feb 23, Mar 8, May 1, May 9, Jun 12, Nov 4. Transferred
// days off are set by a government decree each year: add them in EXTRA_DAYS_OFF / EXTRA_WORKING_DAYS.

const FIXED_HOLIDAYS = ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08', '02-23', '03-08', '05-01', '05-09', '06-12', '11-04'];
// 2025: Jan 4/5 → May 2 / Dec 31, Feb 23 / Mar 8 (weekend) → May 8 / Jun 13, Nov 1 worked for Nov 3.
// 2026: Jan 3/4 → Jan 9 / Dec 31; Mar 8 (Sun) → Mar 9 and May 9 (Sat) → May 11 by ТК ст. 112 ч. 2.
const EXTRA_DAYS_OFF = new Set(['2025-05-02', '2025-05-08', '2025-06-13', '2025-11-03', '2025-12-31', '2026-01-09', '2026-03-09', '2026-05-11', '2026-12-31']);
const EXTRA_WORKING_DAYS = new Set(['2025-11-01']);

const ymd = (d: Date) => d.toISOString().slice(0, 10);

export function isWorkingDay(date: Date): boolean {
  const day = ymd(date);
  if (EXTRA_WORKING_DAYS.has(day)) return true;
  if (EXTRA_DAYS_OFF.has(day) || FIXED_HOLIDAYS.includes(day.slice(5))) return false;
  const weekday = date.getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

export function addWorkingDays(from: Date, days: number): Date {
  const date = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 20, 59, 59));
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (isWorkingDay(date)) left--;
  }
  return date;
}

const addCalendarDays = (from: Date, days: number) => new Date(from.getTime() + days * 86_400_000);

/** registry extract: 3 working days (ГрК 55.17); complaint: 30 days (ГрК 55.14); registry change: 3 working days; others 10. */
export function dueDateFor(kind: ThreadKind, registeredAt: Date): Date | null {
  switch (kind) {
    case 'registry_extract':
    case 'registry_change':
      return addWorkingDays(registeredAt, 3);
    case 'complaint':
      return addCalendarDays(registeredAt, 30);
    case 'notice':
      return null;
    default:
      return addWorkingDays(registeredAt, 10);
  }
}
