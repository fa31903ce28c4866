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

/**
 * Conditions for a search box: every word but the last must be a whole word, the last a prefix.
 * $elemMatch keeps both range bounds on the same array element (a bare range on an array field may be
 * satisfied by two different elements) and lets MongoDB use the multikey index bounds.
 */
export function prefixSearchConditions(q: string, field = 'searchTerms'): Record<string, unknown>[] {
  const words = searchTerms(normalizeText(q));
  const last = words.pop();
  const conditions: Record<string, unknown>[] = words.map((word) => ({ [field]: word }));
  if (last) conditions.push({ [field]: { $elemMatch: { $gte: last, $lt: `${last}\uffff` } } });
  return conditions;
}
