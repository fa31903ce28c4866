import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { AnnualReportDto, AnnualReportOverviewDto, ReportFileDto, ReportSectionDto, ReportSectionStatus, SaveReportSectionInput } from '@sro/shared';
import { errors } from '../core/errors';
import type { DomainEvents } from '../core/domain-events';
import type { AuthUser } from '../auth/tokens';
import type { RequestMeta } from '../auth/request-meta';
import { audit } from '../audit/audit.service';
import { Member } from '../members/member.model';
import { FileRecord, type FileFields } from '../files/file.model';
import { assertOwnFiles, presentFile } from '../files/files.service';
import { bindSignature, isSignatureFile } from '../signatures/file-signatures';
import { prepareSignature, presentPep, recordSignature } from '../signatures/pep';
import { Thread, Message, createThread, sendMessage, changeStatus, type ThreadFields, type MessageFields } from '../threads';
import { annualReportDueDay, annualReportSections, type ReportSectionSetting } from './annual-report.settings';
import { ReportSection, type ReportSectionFields } from './report-section.model';

// The annual activity report (seed 004, API.md "Annual activity report"). A section is saved as a draft the SRO
// never sees, then sent: the first sending opens an `annual_report` thread (registered and numbered like any
// request, in the member's outgoing journal), a later one — after the SRO's remarks — is a new message in it.

const heldKey = (year: number, key: string) => `report:${year}:${key}`;

/** The member's side and the thread's together, in the seed's words: черновик → отправлен → зарегистрирован … */
function statusOf(doc: ReportSectionFields | undefined, thread: ThreadFields | undefined, viewer: 'member' | 'staff'): ReportSectionStatus {
  if (!doc) return 'not_started';
  if (doc.status === 'draft' && (viewer === 'member' || !thread)) return viewer === 'member' ? 'draft' : 'not_started';
  if (!thread) return 'submitted';
  if (thread.status === 'waiting_member' || thread.status === 'rejected') return 'remarks';
  if (thread.status === 'resolved' || thread.status === 'closed') return 'accepted';
  return thread.regNumber ? 'registered' : 'submitted';
}

async function lastRemark(thread: ThreadFields): Promise<string | undefined> {
  const m = await Message.findOne({ threadId: thread._id, internal: false, kind: 'text', authorRole: { $in: ['expert', 'admin'] } }, { body: 1 }).sort({ seq: -1 }).lean<Pick<MessageFields, 'body'>>();
  return m?.body;
}

function presentFiles(doc: ReportSectionFields | undefined, files: Map<string, FileFields>): ReportFileDto[] {
  return (doc?.files ?? []).flatMap((f) => {
    const file = files.get(String(f.fileId));
    if (!file) return [];
    const sig = f.signatureFileId ? files.get(String(f.signatureFileId)) : undefined;
    return [{ fileId: String(file._id), name: file.name, size: file.size, sha256: file.sha256, ...(sig ? { signatureFileId: String(sig._id), signature: presentFile(sig).signature } : {}) }];
  });
}

async function presentSection(setting: ReportSectionSetting, doc: ReportSectionFields | undefined, thread: ThreadFields | undefined, files: Map<string, FileFields>): Promise<ReportSectionDto> {
  const template = setting.templateFileId ? files.get(setting.templateFileId) : undefined;
  const status = statusOf(doc, thread, 'member');
  return {
    key: setting.key,
    title: setting.title,
    ...(template ? { template: { fileId: String(template._id), name: template.name } } : {}),
    status,
    files: presentFiles(doc, files),
    text: doc?.text ?? '',
    threadId: thread ? String(thread._id) : undefined,
    regNumber: thread?.regNumber,
    regDate: thread?.regDate?.toISOString(),
    submittedAt: doc?.submittedAt?.toISOString(),
    savedAt: doc?.savedAt?.toISOString(),
    signature: thread?.signature,
    remark: status === 'remarks' && thread ? await lastRemark(thread) : undefined,
  };
}

async function filesById(ids: (Types.ObjectId | string | undefined)[]): Promise<Map<string, FileFields>> {
  const list = ids.filter((id): id is Types.ObjectId | string => !!id);
  if (!list.length) return new Map();
  const files = await FileRecord.find({ _id: { $in: list } }).lean<FileFields[]>();
  return new Map(files.map((f) => [String(f._id), f]));
}

function requireMemberUser(user: AuthUser): Types.ObjectId {
  if (!user.memberId) throw errors.forbidden('Отчёт сдаёт член СРО');
  return new Types.ObjectId(user.memberId);
}

export async function annualReportOf(user: AuthUser, year: number): Promise<AnnualReportDto> {
  const memberId = requireMemberUser(user);
  const [settings, docs, dueDay] = await Promise.all([annualReportSections(), ReportSection.find({ memberId, year }).lean<ReportSectionFields[]>(), annualReportDueDay()]);
  const byKey = new Map(docs.map((d) => [d.key, d]));
  const threads = await Thread.find({ _id: { $in: docs.map((d) => d.threadId).filter(Boolean) } }).lean<ThreadFields[]>();
  const threadById = new Map(threads.map((t) => [String(t._id), t]));
  const files = await filesById([...settings.map((s) => s.templateFileId), ...docs.flatMap((d) => d.files.flatMap((f) => [f.fileId, f.signatureFileId]))]);
  const sections = await Promise.all(settings.map((s) => {
    const doc = byKey.get(s.key);
    return presentSection(s, doc, doc?.threadId ? threadById.get(String(doc.threadId)) : undefined, files);
  }));
  // The report for year N is due in year N + 1.
  return { year, dueDate: `${year + 1}-${dueDay}`, sections };
}

/** Each file the member's own (or already in this section's thread); a signature slot holds a signature file. */
async function checkSectionFiles(user: AuthUser, files: SaveReportSectionInput['files'], threadId?: Types.ObjectId): Promise<string[]> {
  const ids = files.flatMap((f) => [f.fileId, f.signatureFileId].filter((id): id is string => !!id));
  if (new Set(ids).size !== ids.length) throw errors.validation({ files: 'Один и тот же файл указан дважды' });
  await assertOwnFiles(user, ids, threadId);
  const records = await filesById(ids);
  for (const f of files) {
    if (f.signatureFileId && !isSignatureFile(records.get(f.signatureFileId)!)) throw errors.validation({ files: `«${records.get(f.signatureFileId)!.name}» — не файл подписи (.sig, .p7s)` });
    if (isSignatureFile(records.get(f.fileId)!)) throw errors.validation({ files: `«${records.get(f.fileId)!.name}» — файл подписи: положите его в поле подписи рядом с документом` });
  }
  // Each signature is checked against its document: the page shows whose it is and whether it matches.
  for (const f of files) if (f.signatureFileId) await bindSignature(records.get(f.signatureFileId)!, records.get(f.fileId)!);
  return ids;
}

async function sendSection(events: DomainEvents, user: AuthUser, year: number, setting: ReportSectionSetting, input: SaveReportSectionInput, fileIds: string[], existing: ReportSectionFields | null, meta: RequestMeta): Promise<Types.ObjectId> {
  const text = input.text?.trim() ?? '';
  if (!fileIds.length && !text) throw errors.validation({ files: 'Приложите файл отчёта или напишите текст раздела' });
  const form = { year, sectionKey: setting.key, sectionTitle: setting.title, files: input.files };
  const thread = existing?.threadId ? await Thread.findById(existing.threadId).lean<ThreadFields>() : null;
  if (!thread) {
    const created = await createThread(events, user, {
      kind: 'annual_report', subject: `Отчёт о деятельности за ${year} год: ${setting.title}`, form, body: text, attachments: fileIds, confirm: input.confirm, clientMsgId: `annual-${year}-${setting.key}-${randomUUID()}`,
    }, meta);
    return created._id;
  }
  if (['resolved', 'closed'].includes(thread.status)) throw errors.conflict('Раздел уже принят СРО: для изменений напишите в его обращение');
  const signing = await prepareSignature(user, input.confirm, meta);
  await sendMessage(events, user, { threadId: String(thread._id), body: text || `Раздел «${setting.title}» отправлен повторно`, attachments: fileIds, clientMsgId: randomUUID() });
  const files = await filesById(fileIds);
  const signature = presentPep(await recordSignature(user, signing, { threadId: thread._id, memberId: thread.memberId, subject: 'report_section' }, {
    kind: 'annual_report', form, text, files: fileIds.map((id) => ({ name: files.get(id)!.name, sha256: files.get(id)!.sha256 })),
  }));
  await Thread.updateOne({ _id: thread._id }, { $set: { form, signature } });
  return thread._id;
}

/** PUT /api/reports/annual/:year/sections/:key — save (a draft) or send the section. */
export async function saveSection(events: DomainEvents, user: AuthUser, year: number, key: string, input: SaveReportSectionInput, meta: RequestMeta): Promise<ReportSectionDto> {
  const memberId = requireMemberUser(user);
  const setting = (await annualReportSections()).find((s) => s.key === key);
  if (!setting) throw errors.notFound('Такого раздела в отчёте нет');
  const existing = await ReportSection.findOne({ memberId, year, key }).lean<ReportSectionFields>();
  const fileIds = await checkSectionFiles(user, input.files, existing?.threadId ?? undefined);
  // Files in a saved draft are kept (never swept as abandoned uploads) until it is sent.
  await FileRecord.updateMany({ _id: { $in: fileIds }, threadId: null }, { $set: { heldBy: heldKey(year, key) } });
  const now = new Date();
  const set: Partial<ReportSectionFields> = { text: input.text ?? '', files: input.files.map((f) => ({ fileId: new Types.ObjectId(f.fileId), signatureFileId: f.signatureFileId ? new Types.ObjectId(f.signatureFileId) : undefined })), savedAt: now, status: 'draft' };
  if (input.send) {
    set.threadId = await sendSection(events, user, year, setting, input, fileIds, existing, meta);
    set.status = 'sent';
    set.submittedAt = now;
  }
  await ReportSection.updateOne({ memberId, year, key }, { $set: set }, { upsert: true });
  await audit({ action: input.send ? 'report.section.sent' : 'report.section.saved', actorId: user.id, actorRole: user.role, entity: 'member', entityId: String(memberId), details: { year, key, files: fileIds.length } });
  return (await annualReportOf(user, year)).sections.find((s) => s.key === key)!;
}

/** Staff: a row per member (by _id, cursor paged), a status per section; drafts show as "not started". */
export async function annualReportOverview(year: number, cursor: string | undefined, limit: number): Promise<AnnualReportOverviewDto> {
  if (cursor && !Types.ObjectId.isValid(cursor)) throw errors.validation({ cursor: 'Некорректный курсор: начните список сначала' });
  const settings = await annualReportSections();
  const members = await Member.find({ status: { $ne: 'excluded' }, ...(cursor ? { _id: { $gt: new Types.ObjectId(cursor) } } : {}) }, { name: 1, shortName: 1, inn: 1 }).sort({ _id: 1 }).limit(limit + 1).lean<{ _id: Types.ObjectId; name: string; shortName?: string; inn: string }[]>();
  const page = members.slice(0, limit);
  const docs = await ReportSection.find({ year, memberId: { $in: page.map((m) => m._id) } }).lean<ReportSectionFields[]>();
  const threads = await Thread.find({ _id: { $in: docs.map((d) => d.threadId).filter(Boolean) } }, { status: 1, regNumber: 1 }).lean<ThreadFields[]>();
  const threadById = new Map(threads.map((t) => [String(t._id), t]));
  const items = page.map((m) => {
    const mine = docs.filter((d) => String(d.memberId) === String(m._id));
    const sections: Record<string, ReportSectionStatus> = {};
    const threadIds: Record<string, string> = {};
    for (const s of settings) {
      const doc = mine.find((d) => d.key === s.key);
      const thread = doc?.threadId ? threadById.get(String(doc.threadId)) : undefined;
      sections[s.key] = statusOf(doc, thread, 'staff');
      if (thread) threadIds[s.key] = String(thread._id);
    }
    return { memberId: String(m._id), memberName: m.shortName || m.name, inn: m.inn, sections, threadIds };
  });
  return { year, sections: settings.map((s) => ({ key: s.key, title: s.title })), items, nextCursor: members.length > limit ? String(page.at(-1)!._id) : null };
}

/** Staff send a section back with a remark: the member reads it on the report page and in the thread. */
export async function sendRemark(events: DomainEvents, staff: AuthUser, year: number, memberId: string, key: string, text: string): Promise<void> {
  if (!Types.ObjectId.isValid(memberId)) throw errors.notFound('Член СРО не найден');
  const doc = await ReportSection.findOne({ memberId: new Types.ObjectId(memberId), year, key }).lean<ReportSectionFields>();
  let thread = doc?.threadId ? await Thread.findById(doc.threadId).lean<ThreadFields>() : null;
  if (!thread) throw errors.notFound('Этот раздел ещё не отправлен в СРО');
  await sendMessage(events, staff, { threadId: String(thread._id), body: text, clientMsgId: randomUUID() });
  thread = (await Thread.findById(thread._id).lean<ThreadFields>())!;
  if (thread.status === 'submitted') thread = await changeStatus(events, staff, thread, 'in_progress');
  if (['registered', 'in_progress'].includes(thread.status)) await changeStatus(events, staff, thread, 'waiting_member');
}
