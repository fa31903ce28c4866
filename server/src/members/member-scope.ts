import { Types } from 'mongoose';
import { errors } from '../core/errors';
import { Member } from './member.model';

/** The member a staff route names (`/api/admin/members/:id/...`), in this SRO; 404 otherwise. */
export async function requireMember(memberId: string): Promise<{ _id: Types.ObjectId; name: string; responsibility?: { levelOdo?: number } | null }> {
  const member = await Member.findById(memberId, { name: 1, responsibility: 1 }).lean<{ _id: Types.ObjectId; name: string; responsibility?: { levelOdo?: number } | null }>();
  if (!member) throw errors.notFound('Член СРО не найден');
  return member;
}
