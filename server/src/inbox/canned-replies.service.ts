import type { CannedReplyDto, CannedReplyInput } from '@sro/shared';
import { errors } from '../core/errors';
import { CannedReply, type CannedReplyFields } from './canned-reply.model';

// Canned replies: the staff's shared templates ({{memberName}}, {{regNumber}} … filled in the composer).

const present = (c: CannedReplyFields): CannedReplyDto => ({ id: String(c._id), title: c.title, body: c.body });
const notFound = () => errors.notFound('Шаблон не найден');

export async function listCannedReplies(): Promise<CannedReplyDto[]> {
  return (await CannedReply.find().sort({ title: 1 }).lean<CannedReplyFields[]>()).map(present);
}

export async function createCannedReply(input: CannedReplyInput, authorId: string): Promise<CannedReplyDto> {
  return present((await CannedReply.create({ ...input, createdBy: authorId })).toObject() as unknown as CannedReplyFields);
}

export async function updateCannedReply(id: string, input: CannedReplyInput): Promise<CannedReplyDto> {
  const updated = await CannedReply.findOneAndUpdate({ _id: id }, { $set: input }, { returnDocument: 'after' }).lean<CannedReplyFields>();
  if (!updated) throw notFound();
  return present(updated);
}

export async function deleteCannedReply(id: string): Promise<void> {
  if (!(await CannedReply.findOneAndDelete({ _id: id }))) throw notFound();
}
