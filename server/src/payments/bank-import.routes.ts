import express from 'express';
import { z } from 'zod';
import type { Types } from 'mongoose';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext } from '../core/module';
import { fromDay } from '../core/dates';
import { audit } from '../audit/audit.service';
import { Member } from '../members/member.model';
import { decodeCsv } from '../registry/csv';
import { Payment } from './payment.model';
import { parseStatement, paymentTypeOf, type StatementDocument } from './bank-statement';

// Bank statement import (API.md "Bank statement"): each document whose payer INN is a member's becomes that
// member's confirmed payment. A document's identity (date, number, payer INN, amount) is its key: the same
// statement imported twice records nothing the second time.

const MAX_STATEMENT_BYTES = 20 * 1024 * 1024;

export interface UnmatchedDocument { row?: number; payerInn?: string; amount: number; reason: string }
export interface BankImportReport { documents: number; matched: number; created: number; duplicates: number; unmatched: UnmatchedDocument[]; encoding: string }

const keyOf = (d: StatementDocument) => [d.date, d.number, d.payerInn, d.amount].join('|');

async function importStatement(bytes: Buffer, apply: boolean): Promise<BankImportReport> {
  const { text, encoding } = decodeCsv(bytes);
  const docs = parseStatement(text);
  const inns = [...new Set(docs.map((d) => d.payerInn).filter((v): v is string => !!v))];
  const members = await Member.find({ inn: { $in: inns } }, { inn: 1 }).lean<{ _id: Types.ObjectId; inn: string }[]>();
  const byInn = new Map(members.map((m) => [m.inn, m._id]));
  const report: BankImportReport = { documents: docs.length, matched: 0, created: 0, duplicates: 0, unmatched: [], encoding };
  const seen = new Set<string>();
  const candidates: { doc: StatementDocument; memberId: Types.ObjectId; key: string }[] = [];
  for (const doc of docs) {
    const memberId = doc.payerInn ? byInn.get(doc.payerInn) : undefined;
    if (!doc.amount || !doc.date) report.unmatched.push({ row: doc.line, payerInn: doc.payerInn, amount: doc.amount ?? 0, reason: 'Нет суммы или даты' });
    else if (!memberId) report.unmatched.push({ row: doc.line, payerInn: doc.payerInn, amount: doc.amount, reason: doc.payerInn ? 'Плательщик не найден в реестре' : 'Нет ИНН плательщика' });
    else if (seen.has(keyOf(doc))) report.duplicates++;
    else {
      seen.add(keyOf(doc));
      report.matched++;
      candidates.push({ doc, memberId, key: keyOf(doc) });
    }
  }
  const already = new Set((await Payment.find({ bankKey: { $in: candidates.map((c) => c.key) } }, { bankKey: 1 }).lean<{ bankKey: string }[]>()).map((p) => p.bankKey));
  const fresh = candidates.filter((c) => !already.has(c.key));
  report.duplicates += candidates.length - fresh.length;
  if (apply && fresh.length) {
    const docs = fresh.map(({ doc, memberId, key }) => ({
      memberId, type: paymentTypeOf(doc.purpose), amount: doc.amount!, paidAt: fromDay(doc.date!), confirmed: true, purpose: doc.purpose?.slice(0, 500), docNumber: doc.number?.slice(0, 50), bankKey: key,
    }));
    // Unordered: a document another import recorded meanwhile fails alone on the unique key; the rest go in.
    const result = await Payment.insertMany(docs, { ordered: false }).catch((err: { insertedDocs?: unknown[]; code?: number; writeErrors?: unknown[] }) => {
      if (!err.writeErrors) throw err;
      return err.insertedDocs ?? [];
    });
    report.created = result.length;
  }
  return report;
}

export function bankImportRoutes(_ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'post', path: '/admin/payments/import', access: 'staff', query: z.object({ dryRun: z.enum(['0', '1']).default('1') }),
      middleware: [express.raw({ type: () => true, limit: MAX_STATEMENT_BYTES })],
      handler: async ({ req, user, query }) => {
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const report = await importStatement(bytes, query.dryRun === '0');
        if (query.dryRun === '0') await audit({ action: 'payments.imported', actorId: user.id, actorRole: user.role, details: { documents: report.documents, created: report.created, unmatched: report.unmatched.length } });
        return report;
      },
    }),
  ];
}
