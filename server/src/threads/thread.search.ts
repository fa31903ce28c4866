import { searchTerms } from '../members/member.search';

// A thread's `searchTerms`: normalised lower-case words of what staff and members type into the search box
// (subject, registration number, member name and INN, the first message). Prefix search runs on an index of
// this array — no $text, no collation (DESIGN.md §8).

const MAX_TERMS = 300;

/** "ВХ-2026-000123" → вх, 2026, 000123 and 123, so the number is found with or without its leading zeros. */
export function regNumberTerms(regNumber: string | undefined): string[] {
  if (!regNumber) return [];
  const words = searchTerms(regNumber);
  const serial = words.at(-1)?.replace(/^0+(?=\d)/, '');
  return serial && !words.includes(serial) ? [...words, serial] : words;
}

export function threadSearchTerms(fields: { subject: string; memberName?: string; inn?: string; regNumber?: string; body?: string }): string[] {
  const text = [fields.subject, fields.memberName, fields.inn, fields.body?.slice(0, 2000)].filter(Boolean).join(' ');
  const words = searchTerms(text).filter((w) => w.length > 1);
  return [...new Set([...regNumberTerms(fields.regNumber), ...words])].slice(0, MAX_TERMS);
}
