import { fragmentKeys, normalizeText } from '../core/search';

// A member's searchable text: name, short name, INN, registration number, OGRN — never the closed part. Search
// finds any fragment of three letters or more of these words (core/search).

export { normalizeText };

/** Bumped when the keys change: members stored with an older version are re-indexed on start. */
export const MEMBER_SEARCH_VERSION = 2;

export function memberSearchText(member: { name?: string; shortName?: string; inn?: string; regNumber?: string; ogrn?: string }): string {
  return normalizeText([member.name, member.shortName, member.inn, member.regNumber, member.ogrn].filter(Boolean).join(' '));
}

/** The indexed keys of a member's search text: every word and its suffixes. */
export const searchTerms = (text: string): string[] => fragmentKeys(text);
