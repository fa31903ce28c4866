/** Ids per `$in`: every server answers a list this long from its index (the embedded one scans longer lists). */
export const IN_BATCH = 500;

/** `items` in consecutive slices of `size`, for lookups by `$in`. */
export function* chunks<T>(items: readonly T[], size = IN_BATCH): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
