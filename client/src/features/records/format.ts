import { formatKopecks } from '@sro/shared/money';

/** Kopecks as "12 500,00 ₽"; a missing amount as a dash. */
export const formatMoney = (kopecks: number | null | undefined): string => (kopecks === null || kopecks === undefined ? '—' : formatKopecks(kopecks));
