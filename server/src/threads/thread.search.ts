import { fragmentKeys, searchWords } from '../core/search';

// A thread's `searchTerms`: what staff and members type into the search box. The subject, registration number,
// member name and INN are found by any fragment (their words with suffixes, core/search); the words of the first
// message by their beginning (whole words only: a long letter would otherwise weigh thousands of keys).

const MAX_TERMS = 600;
/** Bumped when the keys change: threads stored with an older version get the new keys on start. */
export const THREAD_SEARCH_VERSION = 2;

/**
 * "ВХ-2026-000123" → вх, 2026, 000123 and 123 (found with or without its leading zeros), each with its suffixes
 * ("0123", "123"), so a number is found by any part of it.
 */
export function regNumberTerms(regNumber: string | undefined): string[] {
  if (!regNumber) return [];
  const words = searchWords(regNumber);
  const serial = words.at(-1)?.replace(/^0+(?=\d)/, '');
  return [...new Set([...words, ...(serial ? [serial] : [])].flatMap((w) => fragmentKeys(w)))];
}

/** The fragment keys of a thread's headline: subject, member name, INN, number. */
export function headlineKeys(fields: { subject: string; memberName?: string; inn?: string; regNumber?: string }): string[] {
  return [...regNumberTerms(fields.regNumber), ...fragmentKeys([fields.subject, fields.memberName, fields.inn].filter(Boolean).join(' '))];
}

export function threadSearchTerms(fields: { subject: string; memberName?: string; inn?: string; regNumber?: string; body?: string }): string[] {
  const bodyWords = searchWords(fields.body?.slice(0, 2000) ?? '').filter((w) => w.length > 1);
  return [...new Set([...headlineKeys(fields), ...bodyWords])].slice(0, MAX_TERMS);
}
