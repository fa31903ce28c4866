import type { Document } from 'bson';
import { CommandError, badValue } from '../commands/errors';
import { isPlainObject } from './values';

// Collation (MongoDB's ICU collations, as far as JavaScript's Intl gives them): string comparison by locale and
// strength for matching, sorting, distinct and unique indexes.
// - Ordering (sort, ranges) uses Intl.Collator with the locale, strength and numericOrdering.
// - Equality uses a collation key: strength 1 ignores case and accents (caseLevel: true keeps case), strength 2
//   ignores case; 3 (the default) and above compare exactly. Keys are what matching and index keys compare, so a
//   unique index with {strength: 2} refuses "A@X.com" beside "a@x.com".

export interface Collation {
  locale: string;
  strength: number;
  caseLevel: boolean;
  numericOrdering: boolean;
  caseFirst?: 'upper' | 'lower' | 'off';
}

/** The collation a command or an index asks for; null for none or the binary "simple" collation. */
export function parseCollation(spec: unknown): Collation | null {
  if (spec === undefined || spec === null) return null;
  if (typeof spec !== 'object' || Array.isArray(spec)) throw badValue('collation must be an object');
  const c = spec as Document;
  if (typeof c.locale !== 'string') throw new CommandError(40414, 'Location40414', "BSON field 'collation.locale' is missing but a required field");
  if (c.locale === 'simple') return null;
  const strength = c.strength === undefined ? 3 : Number(c.strength);
  if (!(strength >= 1 && strength <= 5)) throw badValue(`collation strength must be 1–5, not ${c.strength}`);
  return { locale: c.locale.replace(/@.*$/, '').replace('_', '-'), strength, caseLevel: !!c.caseLevel, numericOrdering: !!c.numericOrdering, caseFirst: c.caseFirst };
}

/** The collation in effect: the command's own, else the collection's default; the "simple" locale clears it. */
export function effectiveCollation(commandSpec: unknown, collectionSpec: unknown): Collation | null {
  if (commandSpec !== undefined && commandSpec !== null) return parseCollation(commandSpec);
  return parseCollation(collectionSpec);
}

export function sameCollation(a: Collation | null, b: Collation | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const stripAccents = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

/** The form of a string that equality under this collation compares. */
export function collationKey(s: string, c: Collation): string {
  if (c.strength >= 3) return s;
  if (c.strength === 2) return s.toLocaleLowerCase(c.locale);
  return c.caseLevel ? stripAccents(s) : stripAccents(s).toLocaleLowerCase(c.locale);
}

/** Every string inside a value replaced by its collation key (documents and arrays walked; other BSON kept). */
export function collateValue(v: unknown, c: Collation): unknown {
  if (typeof v === 'string') return collationKey(v, c);
  if (Array.isArray(v)) return v.map((x) => collateValue(x, c));
  if (isPlainObject(v)) {
    const out: Document = {};
    for (const [k, x] of Object.entries(v)) out[k] = collateValue(x, c);
    return out;
  }
  return v;
}

/** A filter with its string operands collated; regular expressions are not collation-aware in MongoDB either. */
export function collateFilter(filter: unknown, c: Collation): unknown {
  if (Array.isArray(filter)) return filter.map((x) => collateFilter(x, c));
  if (!isPlainObject(filter)) return collateValue(filter, c);
  const out: Document = {};
  for (const [k, x] of Object.entries(filter as Document)) {
    out[k] = k === '$regex' || k === '$options' || k === '$where' || k === '$type' || k === '$exists' || k === '$size' ? x : collateFilter(x, c);
  }
  return out;
}

const collators = new Map<string, Intl.Collator>();

/** A comparison of two strings under this collation (for sorting and ranges). */
export function stringComparator(c: Collation): (a: string, b: string) => number {
  const key = JSON.stringify(c);
  let collator = collators.get(key);
  if (!collator) {
    const sensitivity = c.strength === 1 ? (c.caseLevel ? 'case' : 'base') : c.strength === 2 ? 'accent' : 'variant';
    collator = new Intl.Collator(c.locale, { sensitivity, numeric: c.numericOrdering, caseFirst: c.caseFirst === 'off' ? undefined : c.caseFirst });
    collators.set(key, collator);
  }
  return collator.compare;
}
