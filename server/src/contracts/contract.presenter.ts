import type { ContractDto } from '@sro/shared';
import { toDay } from '../core/dates';
import type { ContractFields } from './contract.model';

export const presentContract = (c: ContractFields): ContractDto => ({
  id: String(c._id), number: c.number, customer: c.customer, subject: c.subject, price: c.price, signedAt: toDay(c.signedAt), status: c.status, completedAmount: c.completedAmount ?? 0,
});
