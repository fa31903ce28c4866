import { parseRubles, type PaymentType } from '@sro/shared';

// The bank's 1CClientBankExchange export: "Key=Value" lines, each payment between "СекцияДокумент=…" and
// "КонецДокумента". Only what a payment needs is read; the rest of the file is ignored.

export interface StatementDocument {
  /** 1-based line of the document's first line, for the report. */
  line: number;
  number?: string;
  date?: string;
  amount?: number;
  payerInn?: string;
  payer?: string;
  purpose?: string;
}

/** "01.02.2026" → "2026-02-01". */
export const parseDate = (raw: string | undefined) => raw?.match(/^(\d{2})\.(\d{2})\.(\d{4})$/)?.slice(1).reverse().join('-');

export function parseStatement(text: string): StatementDocument[] {
  const docs: StatementDocument[] = [];
  let current: (StatementDocument & { fields: Map<string, string> }) | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('СекцияДокумент')) current = { line: i + 1, fields: new Map() };
    else if (line === 'КонецДокумента' && current) {
      const f = current.fields;
      docs.push({
        line: current.line, number: f.get('Номер'), date: parseDate(f.get('Дата')), amount: parseRubles(f.get('Сумма')),
        payerInn: f.get('ПлательщикИНН'), payer: f.get('Плательщик') ?? f.get('Плательщик1'), purpose: f.get('НазначениеПлатежа'),
      });
      current = null;
    } else if (current) {
      const at = line.indexOf('=');
      if (at > 0) current.fields.set(line.slice(0, at), line.slice(at + 1));
    }
  });
  return docs;
}

/** The kind of payment from its purpose text, as accountants write it; a membership fee when nothing says else. */
export function paymentTypeOf(purpose = ''): PaymentType {
  const p = purpose.toLowerCase();
  if (/вступит/.test(p)) return 'entry_fee';
  if (/компенсац/.test(p) && /(одо|договорн)/.test(p)) return 'compensation_fund_odo';
  if (/компенсац/.test(p)) return 'compensation_fund_vv';
  if (/целев/.test(p)) return 'targeted';
  return 'membership_fee';
}
