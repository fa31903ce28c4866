/** Kopecks as "12 500,00 ₽" (money is never a float anywhere: API.md "Money, dates, filters"). */
export function formatMoney(kopecks: number | null | undefined): string {
  if (kopecks === null || kopecks === undefined) return '—';
  const rub = Math.trunc(kopecks / 100);
  const kop = String(Math.abs(kopecks % 100)).padStart(2, '0');
  return `${rub.toLocaleString('ru-RU').replace(/\u00a0/g, ' ')},${kop} ₽`;
}
