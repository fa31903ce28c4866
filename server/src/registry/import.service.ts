import type { ImportReportDto, ImportRowError } from '@sro/shared';
import type { ModuleContext } from '../core/module';
import { requireSroId } from '../core/tenancy';
import type { AuthUser } from '../auth/tokens';
import { audit } from '../audit/audit.service';
import { Member, type MemberFields } from '../members/member.model';
import { computeChangeSet, writeChangeSets, type ChangeSet } from '../members/registry.service';
import { MEMBER_SEARCH_VERSION, memberSearchText, searchTerms } from '../members/member.search';
import { assertEmailFree, inviteUser } from '../users/invite.service';
import { ImportJob } from './import-job.model';
import { parseRegistryCsv } from './csv';
import { parseRow, type ParsedRow } from './import-row';

// Registry import: every row is validated with the registry's own schemas; a bad row is reported (line, field,
// message) and skipped, never stopping the good ones. Rows match members by INN and go through the same change
// path as staff edits (computeChangeSet → history + audit), so a second run of the same file changes nothing.
// Work goes in chunks: one query for the chunk's members, bulk writes, then the job's progress.

/** Rows per chunk: one `inn: {$in}` lookup each (200 values keeps it an index lookup on the embedded server too). */
const CHUNK = 200;
const MAX_LISTED_ERRORS = 5000;
const MAX_PREVIEW = 200;

type Deps = Pick<ModuleContext, 'mailer' | 'logger' | 'config'>;

export interface ImportOptions {
  dryRun: boolean;
  invite: boolean;
  jobId: string;
}

interface Run {
  ctx: Deps;
  actor: AuthUser;
  opts: ImportOptions;
  report: ImportReportDto;
  errors: ImportRowError[];
}

export async function runImport(ctx: Deps, actor: AuthUser, bytes: Buffer, opts: ImportOptions): Promise<ImportReportDto> {
  const table = parseRegistryCsv(bytes);
  const errors: ImportRowError[] = [...table.broken];
  const report: ImportReportDto = {
    total: table.rows.length + table.broken.length, created: 0, updated: 0, unchanged: 0, invited: 0, errors: [], errorsNotShown: 0, errorRows: 0,
    unknownColumns: table.unknownColumns, encoding: table.encoding, delimiter: table.delimiter, preview: [],
  };
  await ImportJob.updateOne({ _id: opts.jobId }, { $set: { total: report.total } });
  const run: Run = { ctx, actor, opts, report, errors };
  const rows = validRows(table.rows, errors);
  for (let i = 0; i < rows.length; i += CHUNK) {
    await importChunk(run, rows.slice(i, i + CHUNK));
    await ImportJob.updateOne({ _id: opts.jobId }, { $set: { processed: Math.min(report.total, Math.round(((i + CHUNK) / rows.length) * report.total)) } });
  }
  errors.sort((a, b) => a.row - b.row);
  report.errors = errors.slice(0, MAX_LISTED_ERRORS);
  report.errorsNotShown = Math.max(0, errors.length - MAX_LISTED_ERRORS);
  report.errorRows = new Set(errors.map((e) => e.row)).size;
  if (!opts.dryRun) {
    await audit({ action: 'registry.import', actorId: actor.id, actorRole: actor.role, details: { jobId: opts.jobId, total: report.total, created: report.created, updated: report.updated, errors: errors.length, invited: report.invited } });
  }
  return report;
}

/** Parses every row; an INN seen twice in the file is an error on the later row. */
function validRows(rows: ReturnType<typeof parseRegistryCsv>['rows'], errors: ImportRowError[]): ParsedRow[] {
  const seen = new Set<string>();
  const valid: ParsedRow[] = [];
  for (const raw of rows) {
    const parsed = parseRow(raw, errors);
    if (!parsed) continue;
    if (seen.has(parsed.inn)) {
      errors.push({ row: parsed.row, field: 'inn', message: 'Этот ИНН уже встречался выше в файле' });
      continue;
    }
    seen.add(parsed.inn);
    valid.push(parsed);
  }
  return valid;
}

async function importChunk(run: Run, rows: ParsedRow[]): Promise<void> {
  const { report, opts } = run;
  const existing = new Map((await Member.find({ inn: { $in: rows.map((r) => r.inn) } }).lean<MemberFields[]>()).map((m) => [m.inn, m]));
  const toCreate: ParsedRow[] = [];
  const toUpdate: ChangeSet[] = [];
  for (const row of rows) {
    const current = existing.get(row.inn);
    if (!current) {
      toCreate.push(row);
      preview(report, { row: row.row, inn: row.inn, action: 'create' });
      continue;
    }
    const cs = computeChangeSet(current, row.changes, false);
    if (!cs.diff.length) {
      report.unchanged++;
      continue;
    }
    toUpdate.push(cs);
    preview(report, { row: row.row, inn: row.inn, action: 'update', fields: cs.diff.map((d) => d.field) });
  }
  report.updated += toUpdate.length;
  if (opts.dryRun) {
    report.created += toCreate.length;
    return;
  }
  await writeChangeSets(toUpdate, { id: run.actor.id, role: run.actor.role }, 'import');
  const created = await createMembers(run, toCreate);
  if (opts.invite) await inviteUsers(run, rows, [...existing.values(), ...created]);
}

function preview(report: ImportReportDto, item: ImportReportDto['preview'][number]): void {
  if (report.preview.length < MAX_PREVIEW) report.preview.push(item);
}

/** The document a row creates: its values over the defaults, with the search words insertMany will not compute. */
function newMemberDoc(row: ParsedRow, sroId: string, now: Date) {
  const values: Record<string, unknown> = { sroId };
  for (const c of [...row.defaults, ...row.changes]) values[c.field] = c.field === 'regDate' ? new Date(`${String(c.newValue)}T00:00:00Z`) : c.newValue;
  const searchText = memberSearchText(values);
  // `lean` insertMany skips mongoose's defaults and timestamps: set what the registry relies on.
  return { ...values, searchText, searchTerms: searchTerms(searchText), searchVersion: MEMBER_SEARCH_VERSION, createdAt: now, updatedAt: now };
}

/**
 * insertMany, unordered: a row whose INN appeared in the registry meanwhile (another import, a staff member)
 * fails alone and is reported; the others are created. A creation is not a change of an entry, so it gets no
 * `member_history` record: the import's audit record (with its job) and the entry's createdAt tell its origin.
 */
async function createMembers(run: Run, rows: ParsedRow[]): Promise<MemberFields[]> {
  if (!rows.length) return [];
  const sroId = requireSroId('registry import');
  const now = new Date();
  try {
    const inserted = (await Member.insertMany(rows.map((r) => newMemberDoc(r, sroId, now)), { ordered: false, lean: true })) as unknown as MemberFields[];
    run.report.created += inserted.length;
    return inserted;
  } catch (err) {
    const failed = new Set(((err as { writeErrors?: { index: number }[] }).writeErrors ?? []).map((e) => e.index));
    if (!failed.size) throw err;
    failed.forEach((i) => run.errors.push({ row: rows[i].row, field: 'inn', message: 'Член СРО с таким ИНН уже есть в реестре' }));
    const inserted = await Member.find({ inn: { $in: rows.filter((_, i) => !failed.has(i)).map((r) => r.inn) } }).lean<MemberFields[]>();
    run.report.created += inserted.length;
    return inserted;
  }
}

/** Invites the authorised person of each member of the chunk that has an e-mail and no user yet. */
async function inviteUsers(run: Run, rows: ParsedRow[], members: MemberFields[]): Promise<void> {
  const byInn = new Map(members.map((m) => [m.inn, m]));
  for (const row of rows) {
    const member = byInn.get(row.inn);
    if (!member || !row.email || member.primaryUserId) continue;
    try {
      await assertEmailFree(row.email);
      await inviteUser(run.ctx, { email: row.email, role: 'member', memberId: String(member._id), actorId: run.actor.id });
      run.report.invited++;
    } catch (err) {
      run.errors.push({ row: row.row, field: 'email', message: `Приглашение не отправлено: ${(err as Error).message}` });
    }
  }
}
