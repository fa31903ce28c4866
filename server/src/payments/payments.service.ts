import { Types } from 'mongoose';
import type { BalanceDto } from '@sro/shared';
import { Charge, Payment, type ChargeFields } from './payment.model';
import { computeBalance } from './balance';

/** A member's debt and what it consists of (balance.ts), from its charges and confirmed payments. */
export async function balanceOf(memberId: Types.ObjectId | string) {
  // A find on the (memberId, paidAt) index, summed here: an aggregate's $match is not index-backed on every
  // server (the embedded one scans), and one member's payments are few.
  const [charges, confirmed] = await Promise.all([
    Charge.find({ memberId }).lean<ChargeFields[]>(),
    Payment.find({ memberId: new Types.ObjectId(String(memberId)), confirmed: true }, { amount: 1 }).lean<{ amount: number }[]>(),
  ]);
  return computeBalance(charges, confirmed.reduce((sum, p) => sum + p.amount, 0));
}

/** The balances of many members in two queries (the debtors list): charges and confirmed totals grouped by member. */
export async function balancesOf(memberIds: Types.ObjectId[]): Promise<Map<string, BalanceDto>> {
  const [charges, confirmed] = await Promise.all([
    Charge.find({ memberId: { $in: memberIds } }).lean<ChargeFields[]>(),
    Payment.find({ memberId: { $in: memberIds }, confirmed: true }, { memberId: 1, amount: 1 }).lean<{ memberId: Types.ObjectId; amount: number }[]>(),
  ]);
  const byMember = new Map<string, ChargeFields[]>();
  for (const c of charges) byMember.set(String(c.memberId), [...(byMember.get(String(c.memberId)) ?? []), c]);
  const totals = new Map<string, number>();
  for (const p of confirmed) totals.set(String(p.memberId), (totals.get(String(p.memberId)) ?? 0) + p.amount);
  return new Map(memberIds.map((id) => [String(id), computeBalance(byMember.get(String(id)) ?? [], totals.get(String(id)) ?? 0)]));
}
