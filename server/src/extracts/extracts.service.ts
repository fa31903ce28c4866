import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { ExtractVerificationDto, IssuedExtractDto } from '@sro/shared';
import { errors } from '../core/errors';
import { now } from '../core/clock';
import { addMonth, formatDateRu } from '../core/dates';
import type { ModuleContext } from '../core/module';
import type { AuthUser } from '../auth/tokens';
import { audit } from '../audit/audit.service';
import { nextNumber } from '../counters/counter.model';
import { Member, type MemberFields } from '../members/member.model';
import { OPEN_PROJECTION, presentPublicCard } from '../members/member.presenter';
import { Contract, type ContractFields } from '../contracts/contract.model';
import { odoSummary } from '../contracts/odo';
import { odoLimitsOfSro } from '../sros/finance-settings';
import { currentSro } from '../sros/current-sro';
import { Thread, appendMessage, resolveAlongLifecycle, type ThreadFields } from '../threads';
import { presentFile, storeGeneratedFile } from '../files/files.service';
import { signDetached } from '../signatures/cms';
import { sroSigningKey } from '../signatures/sro-key';
import { renderExtractPdf } from './extract-pdf';
import { Extract, type ExtractFields } from './extract.model';

// Issuing a signed registry extract from a `registry_extract` request (API.md "Registry extract, signed"), and
// the public check of one. `actor` null: the SRO issued it by itself (instant electronic extracts).

const verifyUrlOf = (ctx: ModuleContext, code: string) => `${ctx.config.appUrl}/verify/${code}`;

async function odoObligations(member: MemberFields): Promise<number | null> {
  if (!member.responsibility?.levelOdo) return null;
  const contracts = await Contract.find({ memberId: member._id, status: 'active' }, { status: 1, price: 1, completedAmount: 1 }).lean<ContractFields[]>();
  return odoSummary(member.responsibility.levelOdo, contracts, await odoLimitsOfSro()).obligations;
}

function applicantOf(thread: ThreadFields, member: MemberFields): string {
  return `${member.name}, ИНН ${member.inn} (обращение ${thread.regNumber ?? 'б/н'})`;
}

export async function issueExtract(ctx: ModuleContext, actor: AuthUser | null, threadId: Types.ObjectId | string): Promise<IssuedExtractDto> {
  const thread = await Thread.findById(threadId).lean<ThreadFields>();
  if (!thread) throw errors.notFound('Обращение не найдено');
  if (thread.kind !== 'registry_extract') throw errors.validation({ kind: 'Выписку выдают по запросу выписки из реестра' });
  if (['draft', 'rejected', 'closed'].includes(thread.status)) throw errors.invalidTransition('Выписку нельзя выдать по черновику, отклонённому или закрытому запросу');
  const member = await Member.findById(thread.memberId, OPEN_PROJECTION).lean<MemberFields>();
  if (!member) throw errors.notFound('Член СРО не найден');
  const sro = await currentSro();
  const key = await sroSigningKey({ dataDir: ctx.config.dataDir, p12Path: ctx.config.extractSigningP12, p12Password: ctx.config.extractSigningP12Password, sroName: sro.name });

  const issuedAt = now();
  const validUntil = addMonth(issuedAt);
  const number = `${issuedAt.getUTCFullYear()}-${String(await nextNumber(`extract:${issuedAt.getUTCFullYear()}`)).padStart(5, '0')}`;
  const code = randomBytes(12).toString('base64url');
  const verifyUrl = verifyUrlOf(ctx, code);
  const pdf = await renderExtractPdf({
    number, issuedAt, validUntil, sro: { name: sro.name }, member: presentPublicCard(member), odoObligations: await odoObligations(member),
    applicant: applicantOf(thread, member), verifyUrl, testSignature: key.test,
  });
  const signature = await signDetached(key, pdf, issuedAt);

  const delivery = (thread.form as { delivery?: 'electronic' | 'paper_pickup' }).delivery ?? 'electronic';
  // A paper extract is printed by staff: its files stay with them until the member picks the paper up.
  const internal = delivery === 'paper_pickup';
  const ownerId = actor?.id ?? thread.createdBy!;
  const baseName = `Выписка_${number}`;
  const pdfFile = await storeGeneratedFile({ ownerId, name: `${baseName}.pdf`, mime: 'application/pdf', content: pdf, threadId: thread._id, memberId: thread.memberId, internal });
  const sigFile = await storeGeneratedFile({ ownerId, name: `${baseName}.pdf.p7s`, mime: 'application/pkcs7-signature', content: signature, threadId: thread._id, memberId: thread.memberId, internal });
  await Extract.create({
    code, number, threadId: thread._id, memberId: member._id, fileId: pdfFile._id, signatureFileId: sigFile._id, sha256: pdfFile.sha256, issuedAt, validUntil,
    member: { name: member.name, inn: member.inn, regNumber: member.regNumber }, signer: key.subject, testSignature: key.test, issuedBy: actor?.id ?? null, delivery,
  });

  const body = internal
    ? `Выписка № ${number} от ${formatDateRu(issuedAt)} готова: её можно получить в офисе СРО. Проверить подлинность: ${verifyUrl}`
    : `Выписка № ${number} от ${formatDateRu(issuedAt)}, подписанная электронной подписью СРО, действительна до ${formatDateRu(validUntil)}. Проверить подлинность: ${verifyUrl}`;
  const attachments = [pdfFile, sigFile].map(presentFile);
  if (internal) {
    const note = await appendMessage(thread._id, { kind: 'internal_note', body: `Выписка № ${number} для печати`, author: actor, internal: true, attachments });
    ctx.events.emit('message.created', { thread: note.thread, message: note.message, actor });
  }
  const { message, thread: latest } = await appendMessage(thread._id, { kind: 'text', body, author: actor, attachments: internal ? [] : attachments });
  ctx.events.emit('message.created', { thread: latest, message, actor });
  await resolveAlongLifecycle(ctx.events, actor, latest);
  await audit({ action: 'extract.issued', actorId: actor?.id, actorRole: actor?.role ?? 'system', entity: 'thread', entityId: String(thread._id), details: { number, sha256: pdfFile.sha256, delivery } });
  return { file: { id: String(pdfFile._id), name: pdfFile.name, mime: pdfFile.mime, sha256: pdfFile.sha256, size: pdfFile.size }, signatureFileId: String(sigFile._id), verifyUrl, validUntil: validUntil.toISOString(), number, code };
}

/** Issues the extract by itself when the SRO switched instant electronic extracts on. */
export async function issueInstantly(ctx: ModuleContext, thread: ThreadFields): Promise<void> {
  if (thread.kind !== 'registry_extract' || thread.status !== 'submitted') return;
  if ((thread.form as { delivery?: string }).delivery !== 'electronic') return;
  const sro = await currentSro();
  if (!sro.settings?.instantExtracts) return;
  if (await Extract.exists({ threadId: thread._id })) return;
  await issueExtract(ctx, null, thread._id);
}

function verification(extract: ExtractFields, sha256?: string): ExtractVerificationDto {
  const expired = now() > extract.validUntil;
  const modified = sha256 !== undefined && sha256 !== extract.sha256;
  const status = modified ? 'modified' : expired ? 'expired' : 'valid';
  return {
    valid: status === 'valid',
    status,
    number: extract.number,
    sha256: extract.sha256,
    ...(sha256 !== undefined ? { checkedSha256: sha256 } : {}),
    issuedAt: extract.issuedAt.toISOString(),
    validUntil: extract.validUntil.toISOString(),
    member: { name: extract.member.name, inn: extract.member.inn, regNumber: extract.member.regNumber },
    signer: extract.signer,
    testSignature: extract.testSignature,
  };
}

/** GET /api/verify/:code — and with the bytes of a PDF, whether that PDF is the one issued. */
export async function verifyExtract(code: string, pdf?: Buffer): Promise<ExtractVerificationDto> {
  const extract = await Extract.findOne({ code }).lean<ExtractFields>();
  if (!extract) throw errors.notFound('Выписка с таким кодом не выдавалась: проверьте адрес из QR-кода');
  return verification(extract, pdf ? createHash('sha256').update(pdf).digest('hex') : undefined);
}

/** POST /api/verify — an uploaded PDF found by its hash (no code needed). */
export async function verifyExtractFile(pdf: Buffer): Promise<ExtractVerificationDto> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const extract = await Extract.findOne({ sha256 }).lean<ExtractFields>();
  if (!extract) throw errors.notFound('Такой выписки СРО не выдавала, или файл изменён после выдачи');
  return verification(extract, sha256);
}

