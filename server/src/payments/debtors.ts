import type { Types } from 'mongoose';
import type { BalanceDto } from '@sro/shared';
import { toDay } from '../core/dates';
import { Member } from '../members/member.model';
import { Charge } from '../payments/payment.model';
import { balancesOf } from './payments.service';
import { chunks } from '../core/batches';

export interface DebtorRow { memberId: string; name: string; inn: string; debt: number; oldestDueDate: string; overdueDays: number }

/** Staff: every member with a debt, largest first, with its oldest overdue charge. */
export async function listDebtors(): Promise<DebtorRow[]> {
  const memberIds = (await Charge.distinct('memberId', { dueDate: { $lte: new Date() } })) as Types.ObjectId[];
  const rows: DebtorRow[] = [];
  // In batches (core/batches): names and balances in three queries per batch instead of two per member.
  const members = new Map<string, { name: string; inn: string }>();
  const balances = new Map<string, BalanceDto>();
  for (const batch of chunks(memberIds)) {
    for (const m of await Member.find({ _id: { $in: batch } }, { name: 1, inn: 1 }).lean<{ _id: Types.ObjectId; name: string; inn: string }[]>()) members.set(String(m._id), m);
    for (const [id, b] of await balancesOf(batch)) balances.set(id, b);
  }
  for (const id of memberIds) {
    const balance = balances.get(String(id))!;
    const member = members.get(String(id));
    if (!balance.debt || !member) continue;
    const oldest = balance.charges[0];
    rows.push({ memberId: String(id), name: member.name, inn: member.inn, debt: balance.debt, oldestDueDate: oldest?.dueDate ?? toDay(new Date()), overdueDays: oldest?.overdueDays ?? 0 });
  }
  return rows.sort((a, b) => b.debt - a.debt || b.overdueDays - a.overdueDays);
}
