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
