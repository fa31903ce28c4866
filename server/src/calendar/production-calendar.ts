import Holidays from 'date-holidays';
import type { ProductionYearDto } from '@sro/shared';

/**
 * The Russian production calendar (DESIGN.md §7: due dates count working days).
 *
 * A year is two lists on top of the week: `daysOff` (public holidays and the days off a government decree moves)
 * and `workingDays` (Saturdays or Sundays a decree makes working). The default of a year is built from
 * `date-holidays` (names), the holidays of Трудовой кодекс ст. 112 and its rule that a holiday on a weekend moves
 * to the next working day; the decree's own transfers are known here for the years already published, and an
 * admin sets them for each new year (PUT /api/admin/calendar/production/:year) — the stored year replaces the
 * default whole.
 */

/** A year as the API shows it, without whether the SRO changed it. */
export type ProductionYear = Omit<ProductionYearDto, 'custom' | 'updatedAt'>;

const LABOUR_CODE_HOLIDAYS: Record<string, string> = {
  '01-01': 'Новогодние каникулы', '01-02': 'Новогодние каникулы', '01-03': 'Новогодние каникулы', '01-04': 'Новогодние каникулы',
  '01-05': 'Новогодние каникулы', '01-06': 'Новогодние каникулы', '01-07': 'Рождество Христово', '01-08': 'Новогодние каникулы',
  '02-23': 'День защитника Отечества', '03-08': 'Международный женский день', '05-01': 'Праздник Весны и Труда',
  '05-09': 'День Победы', '06-12': 'День России', '11-04': 'День народного единства',
};

/** Transfers set by the government's decree for the year (Постановления Правительства РФ). */
const DECREES: Record<number, { daysOff: string[]; workingDays: string[] }> = {
  2025: { daysOff: ['2025-05-02', '2025-05-08', '2025-06-13', '2025-11-03', '2025-12-31'], workingDays: ['2025-11-01'] },
  2026: { daysOff: ['2026-01-09', '2026-03-09', '2026-05-11', '2026-12-31'], workingDays: [] },
};

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay());
const nextDay = (day: string) => dayOf(new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000));

let library: Holidays | undefined;
function publicHolidays(year: number): { date: string; name: string }[] {
  library ??= new Holidays('RU', { languages: ['ru'] });
  const named = new Map<string, string>();
  for (const [md, name] of Object.entries(LABOUR_CODE_HOLIDAYS)) named.set(`${year}-${md}`, name);
  for (const h of library.getHolidays(year)) if (h.type === 'public') named.set(h.date.slice(0, 10), named.get(h.date.slice(0, 10)) ?? h.name);
  return [...named].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
}

/** ТК ст. 112 ч. 2: a holiday (not of January, which the decree moves) on a weekend gives the next working day off. */
function automaticTransfers(holidays: Set<string>): string[] {
  const moved: string[] = [];
  for (const day of [...holidays].sort()) {
    if (day.slice(5, 7) === '01' || !isWeekend(day)) continue;
    let next = nextDay(day);
    while (isWeekend(next) || holidays.has(next) || moved.includes(next)) next = nextDay(next);
    moved.push(next);
  }
  return moved;
}

/**
 * The default of a year, computed once per year and process (date-holidays evaluates its rules on every call, and
 * each registration builds a WorkCalendar): callers read it and never change it.
 */
const defaults = new Map<number, Readonly<ProductionYear>>();
export function defaultProductionYear(year: number): Readonly<ProductionYear> {
  let known = defaults.get(year);
  if (!known) defaults.set(year, (known = Object.freeze(buildDefaultYear(year))));
  return known;
}

function buildDefaultYear(year: number): ProductionYear {
  const holidays = publicHolidays(year);
  const holidayDays = new Set(holidays.map((h) => h.date));
  const decree = DECREES[year];
  const transfers = decree ? decree.daysOff : automaticTransfers(holidayDays);
  const daysOff = [...new Set([...holidayDays, ...transfers])].sort();
  return { year, daysOff, workingDays: decree ? [...decree.workingDays] : [], holidays };
}

/** Working days of an SRO: the stored years, and the default for any other. */
export class WorkCalendar {
  private readonly years = new Map<number, { daysOff: Set<string>; workingDays: Set<string> }>();

  constructor(stored: Pick<ProductionYear, 'year' | 'daysOff' | 'workingDays'>[] = []) {
    for (const y of stored) this.years.set(y.year, { daysOff: new Set(y.daysOff), workingDays: new Set(y.workingDays) });
  }

  private yearOf(year: number) {
    let y = this.years.get(year);
    if (!y) {
      const d = defaultProductionYear(year);
      y = { daysOff: new Set(d.daysOff), workingDays: new Set(d.workingDays) };
      this.years.set(year, y);
    }
    return y;
  }

  isWorkingDay(date: Date | string): boolean {
    const day = typeof date === 'string' ? date : dayOf(date);
    const year = this.yearOf(Number(day.slice(0, 4)));
    if (year.workingDays.has(day)) return true;
    if (year.daysOff.has(day)) return false;
    return !isWeekend(day);
  }

  /** The end (23:59:59 Moscow) of the n-th working day after `from`. */
  addWorkingDays(from: Date, days: number): Date {
    const date = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 20, 59, 59));
    let left = days;
    while (left > 0) {
      date.setUTCDate(date.getUTCDate() + 1);
      if (this.isWorkingDay(date)) left--;
    }
    return date;
  }
}

export const defaultWorkCalendar = new WorkCalendar();
