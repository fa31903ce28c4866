import { describe, expect, it } from 'vitest';
import { formatKopecks, parseRubles } from '@sro/shared/money';

// One way to show and to read money for the server (letters, bank files) and the client (pages, staff forms).

describe('money in kopecks', () => {
  it('shows kopecks as rubles with plain spaces, negative headroom included', () => {
    expect(formatKopecks(1_250_050)).toBe('12 500,50 ₽');
    expect(formatKopecks(5)).toBe('0,05 ₽');
    expect(formatKopecks(-50)).toBe('-0,50 ₽');
    expect(formatKopecks(1_000_000_000_000_00)).toBe('1 000 000 000 000,00 ₽');
  });

  it('reads what a person or a bank file wrote exactly, and nothing else', () => {
    expect(parseRubles('12 500,5')).toBe(1_250_050);
    expect(parseRubles('1000.50')).toBe(100_050);
    expect(parseRubles('99')).toBe(9_900);
    for (const bad of ['', 'три тысячи', '-5', '1,234', '12.345', undefined]) expect(parseRubles(bad)).toBeUndefined();
  });
});
