import { REGISTRY_FIELDS, type MemberKind, type RegistryChange, type RegistryField } from '@sro/shared';
import type { ModuleContext } from '../core/module';
import type { AuthUser } from '../auth/tokens';
import { audit } from '../audit/audit.service';
import { Member, type MemberFields } from '../members/member.model';
import { applyRegistryChanges } from '../members/registry.service';
import { memberSearchText, searchTerms } from '../members/member.search';
import { inviteUser } from '../users/invite.service';
import { User } from '../users/user.model';
import { ImportJob } from './import-job.model';
import { parseRegistryCsv } from './csv';

// Registry import: every row is validated with the registry's own schemas; a bad row is reported and
// skipped, never stopping the good ones; matching by INN makes a second run of the same file change nothing.

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export interface ImportReport {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  invited: number;
  errors: RowError[];
  unknownColumns: string[];
  /** Dry run: what would change, per row (first 200). */
  preview: { row: number; inn: string; action: 'create' | 'update'; fields?: string[] }[];
}

const KIND_WORDS: Record<string, MemberKind> = {
  legal_entity: 'legal_entity', 'юл': 'legal_entity', 'юридическое лицо': 'legal_entity', 'организация': 'legal_entity',
  sole_proprietor: 'sole_proprietor', 'ип': 'sole_proprietor', 'индивидуальный предприниматель': 'sole_proprietor',
  individual: 'individual', 'фл': 'individual', 'физическое лицо': 'individual', 'кадастровый инженер': 'individual',
};
const STATUS_WORDS: Record<string, string> = {
  member: 'member', 'член': 'member', 'член сро': 'member', 'действующий': 'member', 'является членом': 'member',
  suspended: 'suspended', 'приостановлен': 'suspended', 'приостановлено': 'suspended',
  excluded: 'excluded', 'исключен': 'excluded', 'исключён': 'excluded',
};

/** "15.03.2017" → "2017-03-15"; ISO stays. */
const isoDate = (v: string) => (/^\d{2}\.\d{2}\.\d{4}$/.test(v) ? v.split('.').reverse().join('-') : v);

interface ParsedRow {
  row: number;
  inn: string;
  values: Partial<Record<RegistryField, unknown>>;
}

function parseRow(raw: Record<string, string>, row: number, errors: RowError[]): ParsedRow | null {
  const values: Partial<Record<RegistryField, unknown>> = {};
  const input: Record<string, string> = { ...raw };
  if (input.kind) input.kind = KIND_WORDS[input.kind.toLowerCase()] ?? input.kind;
  else if (input.inn) input.kind = input.inn.length === 10 ? 'legal_entity' : 'individual';
  input.status = input.status ? STATUS_WORDS[input.status.toLowerCase()] ?? input.status : 'member';
  if (input.regDate) input.regDate = isoDate(input.regDate);
  let ok = true;
  for (const field of ['inn', 'name', 'kind', 'status', 'shortName', 'regNumber', 'regDate', 'ogrn', 'email', 'phone', 'legalAddress'] as RegistryField[]) {
    const value = input[field];
    if (!value) {
      if (field === 'inn' || field === 'name') {
        errors.push({ row, field, message: 'Обязательное поле не заполнено' });
        ok = false;
      }
      continue;
    }
    const result = REGISTRY_FIELDS[field].schema.safeParse(value);
    if (result.success) values[field] = result.data;
    else {
      errors.push({ row, field, message: result.error.issues[0].message });
      ok = false;
    }
  }
  return ok ? { row, inn: String(values.inn), values } : null;
}

function diffFields(existing: MemberFields & Record<string, unknown>, values: ParsedRow['values']): RegistryChange[] {
  const changes: RegistryChange[] = [];
  for (const [field, value] of Object.entries(values) as [RegistryField, unknown][]) {
    const old = existing[field];
    const oldNorm = old instanceof Date ? old.toISOString().slice(0, 10) : old;
    if (oldNorm !== value) changes.push({ field, newValue: value });
  }
  return changes;
}

export async function runImport(ctx: Pick<ModuleContext, 'mailer' | 'logger' | 'config'>, actor: AuthUser, bytes: Buffer, opts: { dryRun: boolean; invite: boolean; jobId: string }): Promise<ImportReport> {
  const table = parseRegistryCsv(bytes);
  const report: ImportReport = { total: table.rows.length, created: 0, updated: 0, unchanged: 0, invited: 0, errors: [], unknownColumns: table.unknownColumns, preview: [] };
  await ImportJob.updateOne({ _id: opts.jobId }, { $set: { total: table.rows.length } });
  const seen = new Set<string>();
  const parsed: ParsedRow[] = [];
  table.rows.forEach((raw, i) => {
    const row = i + 2; // line number in the file: the header is line 1
    const p = parseRow(raw, row, report.errors);
    if (!p) return;
    if (seen.has(p.inn)) return void report.errors.push({ row, field: 'inn', message: 'Этот ИНН уже встречался выше в файле' });
    seen.add(p.inn);
    parsed.push(p);
  });
  const existing = new Map((await Member.find({ inn: { $in: [...seen] } }).lean<(MemberFields & Record<string, unknown>)[]>()).map((m) => [m.inn, m]));
  const toCreate: ParsedRow[] = [];
  let processed = 0;
  for (const p of parsed) {
    const current = existing.get(p.inn);
    if (!current) {
      toCreate.push(p);
      if (report.preview.length < 200) report.preview.push({ row: p.row, inn: p.inn, action: 'create' });
    } else {
      const changes = diffFields(current, p.values);
      if (!changes.length) report.unchanged++;
      else {
        report.updated++;
        if (report.preview.length < 200) report.preview.push({ row: p.row, inn: p.inn, action: 'update', fields: changes.map((c) => c.field) });
        if (!opts.dryRun) await applyRegistryChanges(String(current._id), changes, { id: actor.id, role: actor.role }, 'import');
      }
    }
    if (++processed % 500 === 0) await ImportJob.updateOne({ _id: opts.jobId }, { $set: { processed } });
  }
  report.created = toCreate.length;
  if (!opts.dryRun) await createMembers(ctx, actor, toCreate, opts, report);
  report.errors.sort((a, b) => a.row - b.row);
  if (!opts.dryRun) await audit({ action: 'registry.import', actorId: actor.id, actorRole: actor.role, details: { total: report.total, created: report.created, updated: report.updated, errors: report.errors.length } });
  return report;
}

async function createMembers(ctx: Pick<ModuleContext, 'mailer' | 'logger' | 'config'>, actor: AuthUser, rows: ParsedRow[], opts: { invite: boolean; jobId: string }, report: ImportReport): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const created = await Member.insertMany(batch.map((r) => {
      // insertMany skips document hooks, so the search words are computed here.
      const searchText = memberSearchText(r.values as Parameters<typeof memberSearchText>[0]);
      return { ...r.values, regDate: r.values.regDate ? new Date(String(r.values.regDate)) : undefined, searchText, searchTerms: searchTerms(searchText) };
    }));
    if (opts.invite) {
      for (const member of created) {
        const email = member.email ? String(member.email) : '';
        if (!email || (await User.exists({ email }))) continue;
        await inviteUser(ctx, { email, role: 'member', memberId: String(member._id), actorId: actor.id });
        report.invited++;
      }
    }
    await ImportJob.updateOne({ _id: opts.jobId }, { $set: { processed: Math.min(report.total, report.total - rows.length + i + batch.length) } });
  }
}
