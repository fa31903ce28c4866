// Search boxes find any fragment of a word (issue 15): «строй» finds «Мосстрой» and «Спецстройинвест», «4567»
// finds the INN 7701234567. Each searchable word is stored with its suffixes (three letters and longer) in an
// indexed array; a typed fragment is then a prefix of one of them — a single index range, as the word-prefix
// search was, with no $regex scan and no $text (DESIGN.md §8). Case and ё never matter.

/** Lower-case, ё→е, punctuation dropped, single spaces. */
export function normalizeText(value: string): string {
  return value.toLowerCase().replace(/ё/g, 'е').replace(/[«»"'().,;:!?/\\-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The distinct normalised words of a text. */
export function searchWords(text: string): string[] {
  return [...new Set(normalizeText(text).split(' ').filter(Boolean))];
}

const MIN_FRAGMENT = 3;

/** A word and its suffixes of three characters or more: "мосстрой" → мосстрой, осстрой, сстрой, строй, трой, рой. */
export function suffixesOf(word: string): string[] {
  const out = [word];
  for (let i = 1; i <= word.length - MIN_FRAGMENT; i++) out.push(word.slice(i));
  return out;
}

/** The index keys of searchable text: every word with its suffixes (fragment search). */
export function fragmentKeys(text: string): string[] {
  return [...new Set(searchWords(text).flatMap(suffixesOf))];
}

/**
 * Conditions for a search box on an array of fragment keys: every typed word must be the start of some key,
 * i.e. a fragment of some stored word. $elemMatch keeps both bounds on one element and on the index.
 */
export function fragmentConditions(q: string, field = 'searchTerms'): Record<string, unknown>[] {
  return searchWords(q).map((word) => ({ [field]: { $elemMatch: { $gte: word, $lt: `${word}\uffff` } } }));
}
