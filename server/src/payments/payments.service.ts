import { Types } from 'mongoose';
import type { BalanceDto } from '@sro/shared';
import { Charge, Payment, type ChargeFields } from './payment.model';
import { computeBalance } from './balance';

/** A member's debt and what it consists of (balance.ts), from its charges and confirmed payments. */
export async function balanceOf(memberId: Types.ObjectId | string): Promise<BalanceDto> {
  const id = new Types.ObjectId(String(memberId));
  return (await balancesOf([id])).get(String(id))!;
}

/**
 * The balances of members in two queries: their charges, and their confirmed payments summed here — a find on the
 * (memberId, paidAt) index, since an aggregate's $match is not index-backed on every server (the embedded one scans).
 */
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
