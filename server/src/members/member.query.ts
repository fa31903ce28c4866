import { Types } from 'mongoose';
import type { AdminMembersQuery } from '@sro/shared';
import { Member, type MemberFields } from './member.model';
import { fragmentConditions } from '../core/search';

/**
 * One page of the registry in _id order, for the public registry and the staff list: the filter uses only
 * indexed equality and prefix ranges ({sroId, searchTerms, _id}, {sroId, status, _id}), the cursor is the
 * last _id, and one extra document tells whether there is a next page — no counts, no skips.
 */
export async function findMembersPage(query: Partial<AdminMembersQuery> & { limit: number }, projection: Record<string, 0 | 1>): Promise<{ docs: MemberFields[]; nextCursor: string | null }> {
  const and: Record<string, unknown>[] = [];
  if (query.status) and.push({ status: query.status });
  if (query.kind) and.push({ kind: query.kind });
  if (query.q) and.push(...fragmentConditions(query.q));
  if (query.cursor) and.push({ _id: { $gt: new Types.ObjectId(query.cursor) } });
  const filter = and.length ? { $and: and } : {};
  const docs = await Member.find(filter, projection).sort({ _id: 1 }).limit(query.limit + 1).lean<MemberFields[]>();
  const page = docs.slice(0, query.limit);
  return { docs: page, nextCursor: docs.length > query.limit ? String(page.at(-1)!._id) : null };
}
