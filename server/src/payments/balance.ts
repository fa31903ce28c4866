import type { BalanceDto, ChargeDto } from '@sro/shared';
import { toDay, today } from '../core/dates';
import type { ChargeFields } from './payment.model';

const DAY_MS = 86_400_000;

/**
 * The debt and what it consists of: charges due by today, oldest first, covered by the confirmed payments in
 * that order (payments are not earmarked in a statement, so the oldest debt is settled first). Unconfirmed
 * payments and charges not yet due never count; the debt is never below zero.
 */
export function computeBalance(charges: ChargeFields[], confirmedTotal: number, now = new Date()): BalanceDto {
  const day = today(now);
  const due = charges.filter((c) => c.dueDate <= day).sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime());
  let credit = confirmedTotal;
  const open: ChargeDto[] = [];
  let debt = 0;
  for (const charge of due) {
    const paid = Math.min(credit, charge.amount);
    credit -= paid;
    const left = charge.amount - paid;
    if (left <= 0) continue;
    debt += left;
    open.push({
      id: String(charge._id), type: charge.type, amount: charge.amount, dueDate: toDay(charge.dueDate), purpose: charge.purpose, paid,
      overdueDays: Math.max(0, Math.round((day.getTime() - charge.dueDate.getTime()) / DAY_MS)),
    });
  }
  return { debt, charges: open };
}
