/**
 * Normalised search text of a member: lower-case, ё→е, punctuation dropped. Search is by prefix of its words
 * (indexed `searchTerms`) — no $text and no collation, so it runs the same on any MongoDB (DESIGN.md §8).
 */
export function normalizeText(value: string): string {
  return value.toLowerCase().replace(/ё/g, 'е').replace(/[«»"'().,;:!?/\\-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export function memberSearchText(member: { name?: string; shortName?: string; inn?: string; regNumber?: string; ogrn?: string }): string {
  return normalizeText([member.name, member.shortName, member.inn, member.regNumber, member.ogrn].filter(Boolean).join(' '));
}

export function searchTerms(text: string): string[] {
  return [...new Set(normalizeText(text).split(' ').filter(Boolean))];
}
