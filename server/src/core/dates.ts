// Dates without time (YYYY-MM-DD) are kept as UTC midnight and shown back the same way.

export const fromDay = (day: string): Date => new Date(`${day}T00:00:00Z`);
export const toDay = (date: Date): string => date.toISOString().slice(0, 10);
export const toDayOrUndefined = (date?: Date | null): string | undefined => (date ? toDay(date) : undefined);

/** Today in Moscow (the SROs' working zone), as UTC midnight: "due by today" compares days, not instants. */
export function today(now = new Date()): Date {
  return fromDay(new Date(now.getTime() + 3 * 3600_000).toISOString().slice(0, 10));
}

/** A `{field: {$gte, $lt}}` filter for the member lists' `year=` and `month=` (API.md "Money, dates, filters"). */
export function periodFilter(field: string, year?: number, month?: number): Record<string, unknown> {
  if (!year && !month) return {};
  if (!year) return { $expr: { $eq: [{ $month: `$${field}` }, month] } };
  const from = new Date(Date.UTC(year, month ? month - 1 : 0, 1));
  const to = month ? new Date(Date.UTC(year, month, 1)) : new Date(Date.UTC(year + 1, 0, 1));
  return { [field]: { $gte: from, $lt: to } };
}

const RU_DAY = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric' });
const RU_MINUTE = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "02.12.2026" in Moscow time: documents the SRO issues (extracts, signature sheets). */
export const formatDateRu = (date: Date | string): string => RU_DAY.format(typeof date === 'string' ? new Date(date) : date);
/** "02.12.2026, 10:15" in Moscow time. */
export const formatDateTimeRu = (date: Date): string => RU_MINUTE.format(date);

/** The same calendar day one month later (31 January → 28/29 February): an extract's validity. */
export function addMonth(date: Date): Date {
  const next = new Date(date);
  const day = next.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next;
}
