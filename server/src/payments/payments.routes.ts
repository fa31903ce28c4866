import { z } from 'zod';
import { createChargeSchema, createPaymentSchema, objectIdSchema, paymentsQuerySchema, type PaymentDto, type PaymentsResponse } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { fromDay, periodFilter, toDay } from '../core/dates';
import { formatKopecks } from '@sro/shared';
import { audit } from '../audit/audit.service';
import { requireMember } from '../members/member-scope';
import { notifyMemberUsers } from '../notifications/member-notices';
import { Charge, Payment, type ChargeFields, type PaymentFields } from './payment.model';
import { balanceOf } from './payments.service';
import { bankImportRoutes } from './bank-import.routes';
import { listDebtors } from './debtors';
import { toCsv } from '../core/csv';
import { errors } from '../core/errors';
import { afterCursor, decodeCursor, toPage } from '../core/cursor';
import { paymentTypeNamesOfSro } from '../sros/finance-settings';

// Payments and debts (API.md "Payments and debts"): staff record charges and payments, the member reads them.

const memberParams = z.object({ id: objectIdSchema });

export const presentPayment = (p: PaymentFields): PaymentDto => ({
  id: String(p._id), type: p.type, amount: p.amount, paidAt: toDay(p.paidAt), confirmed: p.confirmed, purpose: p.purpose, docNumber: p.docNumber,
});


/** A member's payments newest first, a page at a time (keyset on paidAt, _id); the balance is always the whole. */
async function memberPayments(memberId: string, query: z.infer<typeof paymentsQuerySchema>): Promise<PaymentsResponse> {
  if (query.cursor && !decodeCursor(query.cursor)) throw errors.validation({ cursor: 'Некорректный курсор: начните список сначала' });
  const filter: Record<string, unknown> = { memberId, ...periodFilter('paidAt', query.year, query.month) };
  if (query.type) filter.type = query.type;
  if (query.confirmed !== undefined) filter.confirmed = query.confirmed;
  const after = afterCursor(query.cursor, 'paidAt');
  const paged = Object.keys(after).length ? { $and: [filter, after] } : filter;
  const [docs, balance, typeNames] = await Promise.all([
    Payment.find(paged).sort({ paidAt: -1, _id: -1 }).limit(query.limit + 1).lean<PaymentFields[]>(),
    balanceOf(memberId),
    paymentTypeNamesOfSro(),
  ]);
  const { page, nextCursor } = toPage(docs, query.limit, (p) => p.paidAt);
  return { items: page.map(presentPayment), balance, nextCursor, typeNames };
}

function paymentsRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/payments', access: 'member', query: paymentsQuerySchema,
      handler: ({ user, query }) => memberPayments(user.memberId!, query),
    }),
    route({
      method: 'get', path: '/admin/members/:id/payments', access: 'staff', params: memberParams, query: paymentsQuerySchema,
      handler: async ({ params, query }) => memberPayments(String((await requireMember(params.id))._id), query),
    }),
    route({
      method: 'post', path: '/admin/members/:id/charges', access: 'staff', params: memberParams, body: createChargeSchema, status: 201,
      handler: async ({ user, params, body }) => {
        const member = await requireMember(params.id);
        const charge = (await Charge.create({ ...body, memberId: member._id, dueDate: fromDay(body.dueDate) })).toObject() as unknown as ChargeFields;
        await audit({ action: 'charge.created', actorId: user.id, actorRole: user.role, entity: 'member', entityId: params.id, details: { type: body.type, amount: body.amount, dueDate: body.dueDate } });
        await notifyMemberUsers(ctx, member._id, { kind: 'charge', title: `Начислено к оплате: ${formatKopecks(body.amount)}`, body: `Срок оплаты — ${body.dueDate}. ${body.purpose ?? ''}`.trim(), link: '/payments' });
        return { id: String(charge._id), type: charge.type, amount: charge.amount, dueDate: toDay(charge.dueDate), purpose: charge.purpose };
      },
    }),
    route({
      method: 'post', path: '/admin/members/:id/payments', access: 'staff', params: memberParams, body: createPaymentSchema, status: 201,
      handler: async ({ user, params, body }) => {
        const member = await requireMember(params.id);
        const payment = (await Payment.create({ ...body, memberId: member._id, paidAt: fromDay(body.paidAt) })).toObject() as unknown as PaymentFields;
        await audit({ action: 'payment.created', actorId: user.id, actorRole: user.role, entity: 'member', entityId: params.id, details: { type: body.type, amount: body.amount, confirmed: body.confirmed } });
        return presentPayment(payment);
      },
    }),
    route({
      method: 'get', path: '/admin/debtors', access: 'staff', query: z.object({ format: z.enum(['json', 'csv']).default('json') }),
      handler: async ({ query, res }) => {
        const rows = await listDebtors();
        if (query.format === 'json') return { items: rows };
        const csv = toCsv(['ИНН', 'Наименование', 'Задолженность, ₽', 'Самый ранний срок', 'Просрочено, дней'],
          rows.map((r) => [r.inn, r.name, (r.debt / 100).toFixed(2).replace('.', ','), r.oldestDueDate, r.overdueDays]));
        res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="debtors.csv"');
        res.send(csv);
        return undefined;
      },
    }),
    ...bankImportRoutes(ctx),
  ];
}

export const paymentsModule: PortalModule = { name: 'payments', routes: paymentsRoutes };
