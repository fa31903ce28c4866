import { isDeepStrictEqual } from 'node:util';
import { REGISTRY_FIELDS, type HistoryEntryDto, type RegistryChange, type RegistryField, type RegistryGroup } from '@sro/shared';
import { errors } from '../core/errors';
import { requireSroId } from '../core/tenancy';
import { audit } from '../audit/audit.service';
import { Audit } from '../audit/audit.model';
import type { AuthUser } from '../auth/tokens';
import { Member, type MemberFields } from './member.model';
import { MemberHistory, type HistorySource } from './member-history.model';
import { MEMBER_SEARCH_VERSION, memberSearchText, searchTerms } from './member.search';

// The one way registry data changes — a staff edit, an applied member report, or an import — so every change
// is validated the same (shared REGISTRY_FIELDS), lands in `member_history` (old → new) and in the audit log.

export interface Actor {
  id?: string;
  name?: string;
  role?: string;
}

export interface FieldDiff {
  field: RegistryField;
  old: unknown;
  new: unknown;
}

/** What one member's changes come to: the $set to write and the diff to record. */
export interface ChangeSet {
  member: MemberFields;
  set: Record<string, unknown>;
  diff: FieldDiff[];
}

export const getPath = (doc: object, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), doc);

/** Comparable form of a stored or submitted value: dates by their day, empty as undefined, plain JSON. */
export function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  return JSON.parse(JSON.stringify(value));
}

/** The value as stored: the registry date is a Date, everything else as validated. */
const storedValue = (field: RegistryField, value: unknown) => (field === 'regDate' ? new Date(`${String(value)}T00:00:00Z`) : value);

/**
 * Pure: compares validated changes with the member and returns what to write. `confirm` also stamps the groups
 * of unchanged fields as confirmed — staff looked at them and the registry agrees (not for imports, which must
 * leave an unchanged member untouched).
 */
export function computeChangeSet(member: MemberFields, changes: RegistryChange[], confirm: boolean, now = new Date()): ChangeSet {
  const set: Record<string, unknown> = {};
  const diff: FieldDiff[] = [];
  const groups = new Set<RegistryGroup>();
  for (const change of changes) {
    const old = comparable(getPath(member, change.field));
    const next = comparable(change.newValue);
    if (confirm) groups.add(REGISTRY_FIELDS[change.field].group);
    if (isDeepStrictEqual(old, next)) continue;
    set[change.field] = storedValue(change.field, change.newValue);
    groups.add(REGISTRY_FIELDS[change.field].group);
    diff.push({ field: change.field, old: old ?? null, new: next ?? null });
  }
  for (const group of groups) set[`confirmedAt.${group}`] = now;
  if (diff.some((d) => ['name', 'shortName', 'inn', 'ogrn', 'regNumber'].includes(d.field))) {
    const merged = { ...member, ...set } as MemberFields;
    set.searchText = memberSearchText(merged);
    set.searchTerms = searchTerms(set.searchText as string);
    set.searchVersion = MEMBER_SEARCH_VERSION;
  }
  return { member, set, diff };
}

const historyDoc = (cs: ChangeSet, actor: Actor | null, source: HistorySource, threadId?: string) => ({
  sroId: requireSroId('member history'),
  memberId: cs.member._id,
  at: new Date(),
  actorId: actor?.id,
  actorName: actor?.name,
  source,
  threadId,
  changes: cs.diff.map((d) => ({ path: d.field, old: d.old, new: d.new })),
});

const auditDoc = (cs: ChangeSet, actor: Actor | null, source: HistorySource, threadId?: string) => ({
  action: 'registry.update',
  actorId: actor?.id,
  actorRole: actor?.role,
  entity: 'member',
  entityId: String(cs.member._id),
  details: { source, fields: cs.diff.map((d) => d.field), threadId },
});

/** Loads a member with its closed part: changes compare against every field. */
export async function loadMemberForChange(memberId: string): Promise<MemberFields> {
  const member = await Member.findById(memberId).select('+closed').lean<MemberFields>();
  if (!member) throw errors.notFound('Член СРО не найден');
  return member;
}

/**
 * Applies validated changes to one member. The write is conditional on `updatedAt`, so two staff editing at
 * once never overwrite each other with stale "old" values: the loser recomputes against the fresh entry.
 */
export async function applyRegistryChanges(memberId: string, changes: RegistryChange[], actor: Actor | null, source: HistorySource, threadId?: string): Promise<ChangeSet> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const member = await loadMemberForChange(memberId);
    const cs = computeChangeSet(member, changes, source !== 'import');
    if (!Object.keys(cs.set).length) return cs;
    const newInn = cs.set.inn as string | undefined;
    if (newInn && (await Member.exists({ inn: newInn, _id: { $ne: member._id } }))) throw errors.conflict('Член СРО с таким ИНН уже есть в реестре');
    const written = await Member.updateOne({ _id: member._id, updatedAt: member.updatedAt }, { $set: cs.set });
    if (!written.matchedCount) continue;
    if (cs.diff.length) {
      await MemberHistory.create(historyDoc(cs, actor, source, threadId));
      await audit(auditDoc(cs, actor, source, threadId));
    }
    return { ...cs, member: await loadMemberForChange(memberId) };
  }
  throw errors.conflict('Сведения о члене СРО только что изменились: обновите страницу и повторите');
}

/**
 * Writes many members' change sets at once (import): one bulkWrite, one insertMany of history and one of
 * audit records instead of four round trips per member. bulkWrite bypasses query middleware, so every
 * filter names the SRO itself.
 */
export async function writeChangeSets(sets: ChangeSet[], actor: Actor | null, source: HistorySource): Promise<void> {
  const changed = sets.filter((cs) => cs.diff.length);
  if (!changed.length) return;
  const sroId = requireSroId('registry bulk write');
  await Member.bulkWrite(changed.map((cs) => ({ updateOne: { filter: { _id: cs.member._id, sroId }, update: { $set: cs.set } } })), { ordered: false });
  await MemberHistory.insertMany(changed.map((cs) => historyDoc(cs, actor, source)), { ordered: false });
  await Audit.insertMany(changed.map((cs) => ({ ...auditDoc(cs, actor, source), sroId, at: new Date() })), { ordered: false });
}

export async function memberHistory(memberId: string, viewer: AuthUser): Promise<HistoryEntryDto[]> {
  const entries = await MemberHistory.find({ memberId }).sort({ at: -1, _id: -1 }).limit(200).lean();
  return entries.map((e) => ({
    at: e.at.toISOString(),
    // A member sees "the SRO" made an edit, not which employee.
    actorName: viewer.role === 'member' && e.source !== 'member_report' ? 'СРО' : (e.actorName ?? undefined),
    source: e.source as HistoryEntryDto['source'],
    threadId: e.threadId ? String(e.threadId) : undefined,
    changes: (e.changes ?? []).map((c) => ({ field: String(c.path ?? (c as { field?: string }).field), old: c.old, new: c.new })),
  }));
}
