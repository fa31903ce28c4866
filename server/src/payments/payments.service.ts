import { Types } from 'mongoose';
import type { BalanceDto } from '@sro/shared';
import { Charge, Payment, type ChargeFields } from './payment.model';
import { computeBalance } from './balance';

/** A member's debt and what it consists of (balance.ts), from its charges and confirmed payments. */
export async function balanceOf(memberId: Types.ObjectId | string) {
  const [charges, confirmed] = await Promise.all([
    Charge.find({ memberId }).lean<ChargeFields[]>(),
    Payment.aggregate<{ total: number }>([{ $match: { memberId: new Types.ObjectId(String(memberId)), confirmed: true } }, { $group: { _id: null, total: { $sum: '$amount' } } }]),
  ]);
  return computeBalance(charges, confirmed[0]?.total ?? 0);
}

/** The balances of many members in two queries (the debtors list): charges and confirmed totals grouped by member. */
export async function balancesOf(memberIds: Types.ObjectId[]): Promise<Map<string, BalanceDto>> {
  const [charges, confirmed] = await Promise.all([
    Charge.find({ memberId: { $in: memberIds } }).lean<ChargeFields[]>(),
    Payment.aggregate<{ _id: Types.ObjectId; total: number }>([{ $match: { memberId: { $in: memberIds }, confirmed: true } }, { $group: { _id: '$memberId', total: { $sum: '$amount' } } }]),
  ]);
  const byMember = new Map<string, ChargeFields[]>();
  for (const c of charges) byMember.set(String(c.memberId), [...(byMember.get(String(c.memberId)) ?? []), c]);
  const totals = new Map(confirmed.map((r) => [String(r._id), r.total]));
  return new Map(memberIds.map((id) => [String(id), computeBalance(byMember.get(String(id)) ?? [], totals.get(String(id)) ?? 0)]));
}
