// Money is an integer number of kopecks everywhere (API.md "Money, dates, filters"): one way to show it and one
// way to read what a person or a bank file wrote, for the server and the client alike.

/** 1250050 → "12 500,50 ₽", with plain spaces (letters, CSV and tests read them alike); integer arithmetic only. */
export function formatKopecks(kopecks: number): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  const rubles = Math.trunc(abs / 100).toLocaleString('ru-RU').replace(/[\u00a0\u202f]/g, ' ');
  return `${sign}${rubles},${String(abs % 100).padStart(2, '0')} ₽`;
}

/** "12 500,5" / "12500.50" → 1250050 kopecks, exactly; undefined for anything that is not such an amount. */
export function parseRubles(text: string | undefined): number | undefined {
  const m = text?.replace(/\s/g, '').replace(',', '.').match(/^(\d+)(?:\.(\d{1,2}))?$/);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) : undefined;
}
