import { Decimal128, Long } from 'bson';

// Exact decimal arithmetic for $inc and $mul on Decimal128 (mingo would go through floating point: 0.1 + 0.2 must
// stay 0.3, which is why money is stored as Decimal128). Values are scaled BigInts: digits × 10^-scale.

interface Scaled {
  digits: bigint;
  scale: number;
}

function parse(v: unknown): Scaled | null {
  const text = v instanceof Decimal128 ? v.toString() : v instanceof Long ? v.toString() : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
  if (text === null) return null;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:E([+-]?\d+))?$/i.exec(text);
  if (!m) return null; // NaN, Infinity
  const [, sign, int, frac = '', exp = '0'] = m;
  let scale = frac.length - Number(exp);
  let digits = BigInt(`${sign}${int || '0'}${frac}`);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits, scale };
}

function format({ digits, scale }: Scaled): Decimal128 {
  const negative = digits < 0n;
  let s = (negative ? -digits : digits).toString().padStart(scale + 1, '0');
  if (scale > 0) s = `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  return Decimal128.fromString(`${negative ? '-' : ''}${s}`);
}

const align = (a: Scaled, b: Scaled): [bigint, bigint, number] => {
  const scale = Math.max(a.scale, b.scale);
  return [a.digits * 10n ** BigInt(scale - a.scale), b.digits * 10n ** BigInt(scale - b.scale), scale];
};

/** a + b exactly, when either is a Decimal128 (the other a number); null when the operands are not decimals. */
export function decimalAdd(a: unknown, b: unknown): Decimal128 | null {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  const [p, q, scale] = align(x, y);
  return format({ digits: p + q, scale });
}

export function decimalMultiply(a: unknown, b: unknown): Decimal128 | null {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  return format({ digits: x.digits * y.digits, scale: x.scale + y.scale });
}
