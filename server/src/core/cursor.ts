import { Types } from 'mongoose';

// Opaque cursors for keyset paging on (date, _id): stable under inserts, no skip, no count.

export function encodeCursor(at: Date, id: unknown): string {
  return Buffer.from(`${at.getTime()}:${String(id)}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: Date; id: Types.ObjectId } | null {
  if (!cursor) return null;
  const [ms, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (!/^\d+$/.test(ms ?? '') || !Types.ObjectId.isValid(id ?? '')) return null;
  return { at: new Date(Number(ms)), id: new Types.ObjectId(id) };
}

/**
 * The filter addition for "after this cursor" in a (dateField desc, _id desc) keyset, or nothing on page one.
 */
export function afterCursor(cursor: string | undefined, dateField: string): Record<string, unknown> {
  const after = decodeCursor(cursor);
  if (!after) return {};
  return { $or: [{ [dateField]: { $lt: after.at } }, { [dateField]: after.at, _id: { $lt: after.id } }] };
}

/** Cuts the `limit + 1` documents fetched into a page and the cursor of the next one. */
export function toPage<T extends { _id: unknown }>(docs: T[], limit: number, dateOf: (doc: T) => Date): { page: T[]; nextCursor: string | null } {
  const page = docs.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: docs.length > limit && last ? encodeCursor(dateOf(last), last._id) : null };
}
