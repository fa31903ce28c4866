/** Kopecks as "12 500,00 ₽" for letters and titles (plain spaces: mail clients and tests read them alike). */
export const formatRub = (kopecks: number) =>
  `${(kopecks / 100).toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/[\u00a0\u202f]/g, ' ')} ₽`;
