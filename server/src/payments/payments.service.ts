import { Types } from 'mongoose';
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
