import { isDeepStrictEqual } from 'node:util';
import { REGISTRY_FIELDS, type HistoryEntryDto, type RegistryChange } from '@sro/shared';
import { errors } from '../core/errors';
import { audit } from '../audit/audit.service';
import type { AuthUser } from '../auth/tokens';
import { Member, type MemberFields } from './member.model';
import { MemberHistory } from './member-history.model';
import { memberSearchText, searchTerms } from './member.search';

// The one way registry data changes — staff edit, an applied member report, or import — so every change
// is validated the same, lands in history (old → new) and in the audit log.

type Source = 'staff' | 'member_report' | 'import';

const getPath = (doc: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), doc);

/** Dates compare by their day; everything else by value. */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value === null ? undefined : JSON.parse(JSON.stringify(value ?? null)) ?? undefined;
}

export interface ApplyResult {
  member: MemberFields;
  diff: { field: string; old: unknown; new: unknown }[];
}

export async function applyRegistryChanges(memberId: string, changes: RegistryChange[], actor: { id?: string; name?: string; role?: string } | null, source: Source, threadId?: string): Promise<ApplyResult> {
  const member = await Member.findById(memberId).lean<MemberFields & Record<string, unknown>>();
  if (!member) throw errors.notFound('Член СРО не найден');
  const set: Record<string, unknown> = {};
  const diff: ApplyResult['diff'] = [];
  for (const change of changes) {
    const old = normalise(getPath(member, change.field));
    const next = normalise(change.newValue);
    if (isDeepStrictEqual(old, next)) continue;
    set[change.field] = change.field === 'regDate' ? new Date(String(change.newValue)) : change.newValue;
    set[`confirmedAt.${REGISTRY_FIELDS[change.field].group}`] = new Date();
    diff.push({ field: change.field, old: old ?? null, new: next ?? null });
  }
  if (!diff.length) return { member, diff };
  if (set.inn && (await Member.exists({ inn: set.inn, _id: { $ne: member._id } }))) throw errors.conflict('Член СРО с таким ИНН уже есть в реестре');
  const merged = { ...member, ...set } as MemberFields;
  set.searchText = memberSearchText(merged);
  set.searchTerms = searchTerms(set.searchText as string);
  const updated = await Member.findOneAndUpdate({ _id: member._id }, { $set: set }, { returnDocument: 'after' }).lean<MemberFields>();
  await MemberHistory.create({ memberId: member._id, actorId: actor?.id, actorName: actor?.name, source, threadId, changes: diff });
  await audit({ action: 'registry.update', actorId: actor?.id, actorRole: actor?.role, entity: 'member', entityId: memberId, details: { source, fields: diff.map((d) => d.field), threadId } });
  return { member: updated!, diff };
}

export async function memberHistory(memberId: string, viewer: AuthUser): Promise<HistoryEntryDto[]> {
  const entries = await MemberHistory.find({ memberId }).sort({ at: -1 }).limit(200).lean();
  return entries.map((e) => ({
    at: e.at.toISOString(),
    actorName: viewer.role === 'member' && e.source === 'staff' ? 'СРО' : (e.actorName ?? undefined),
    source: e.source as HistoryEntryDto['source'],
    threadId: e.threadId ? String(e.threadId) : undefined,
    changes: (e.changes ?? []).map((c) => ({ field: String(c.field), old: c.old, new: c.new })),
  }));
}
