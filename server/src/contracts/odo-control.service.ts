import { OPEN_STATUSES, formatKopecks, odoControlFormSchema, type ContractDto, type ThreadDto } from '@sro/shared';
import { errors } from '../core/errors';
import { fromDay } from '../core/dates';
import type { ModuleContext } from '../core/module';
import type { AuthUser } from '../auth/tokens';
import { audit } from '../audit/audit.service';
import { loadThreadFor, appendMessage, resolveAlongLifecycle, presentThread } from '../threads';
import { Contract, type ContractFields } from './contract.model';
import { presentContract } from './contract.presenter';

// An `odo_control` request applied in one action (as registry changes are): a new contract joins the member's
// КФ ОДО obligations, a completion or termination updates the contract of that number. The thread is resolved
// with a system line saying what changed.


export async function applyOdoControl(ctx: ModuleContext, user: AuthUser, threadId: string): Promise<{ thread: ThreadDto; contract: ContractDto }> {
  const thread = await loadThreadFor(user, threadId);
  if (thread.kind !== 'odo_control') throw errors.validation({ kind: 'Применить можно сообщение о договоре (контроль ОДО)' });
  if (!OPEN_STATUSES.includes(thread.status)) throw errors.invalidTransition('Сообщение уже рассмотрено');
  const form = odoControlFormSchema.parse(thread.form ?? {});
  let contract: ContractFields;
  let line: string;
  if (form.report === 'new_contract') {
    contract = (await Contract.create({
      memberId: thread.memberId, number: form.number, customer: form.customer, subject: form.subject, price: form.price, signedAt: fromDay(form.signedAt!),
      status: 'active', completedAmount: form.completedAmount ?? 0,
    })).toObject() as unknown as ContractFields;
    line = `Договор № ${contract.number} (${contract.customer}, ${formatKopecks(contract.price)}) внесён в договоры, учитываемые в обязательствах по КФ ОДО`;
  } else if (form.report === 'completion') {
    const existing = await Contract.findOne({ memberId: thread.memberId, number: form.number }).sort({ signedAt: -1 }).lean<ContractFields>();
    if (!existing) throw errors.validation({ 'form.number': `Договора № ${form.number} нет среди договоров члена СРО: внесите его сначала` });
    const status = form.outcome === 'terminated' ? 'terminated' : form.outcome === 'in_progress' ? 'active' : 'completed';
    const completedAmount = form.completedAmount ?? (status === 'completed' ? existing.price : existing.completedAmount);
    if (completedAmount > existing.price) throw errors.validation({ 'form.completedAmount': 'Исполнено не может быть больше цены договора' });
    contract = (await Contract.findOneAndUpdate({ _id: existing._id }, { $set: { status, completedAmount } }, { returnDocument: 'after' }).lean<ContractFields>())!;
    line = `Договор № ${contract.number}: ${status === 'completed' ? 'исполнен' : status === 'terminated' ? 'расторгнут' : 'исполняется'}, исполнено на ${formatKopecks(completedAmount)}`;
  } else {
    throw errors.validation({ 'form.report': 'В сообщении не указано, о чём оно: ответьте члену СРО в переписке' });
  }
  await audit({ action: 'contract.applied', actorId: user.id, actorRole: user.role, entity: 'member', entityId: String(thread.memberId), details: { threadId, report: form.report, number: contract.number } });
  const { message, thread: latest } = await appendMessage(thread._id, { kind: 'system', body: line, author: user });
  ctx.events.emit('message.created', { thread: latest, message, actor: user });
  const resolved = await resolveAlongLifecycle(ctx.events, user, latest);
  return { thread: presentThread(resolved, user), contract: presentContract(contract) };
}
