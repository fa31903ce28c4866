import { OPEN_STATUSES, REGISTRY_FIELD_LABELS_RU, registryChangeFormSchema, type RegistryChangeDiffDto, type RegistryChangeForm, type ThreadDto } from '@sro/shared';
import { errors } from '../core/errors';
import type { ModuleContext } from '../core/module';
import type { AuthUser } from '../auth/tokens';
import { loadThreadFor, changeStatus, resolveAlongLifecycle, appendMessage, presentThread, type ThreadFields } from '../threads';
import { displayName } from '../users/display-name';
import { applyRegistryChanges, computeChangeSet, loadMemberForChange, type FieldDiff } from './registry.service';
import { MemberHistory } from './member-history.model';

// "Сообщить об изменениях" → a `registry_change` thread (created by the threads service from the shared form
// schema); staff apply it to the registry in one action, or reject it with a reason. The thread's status and
// messages go through the threads engineer's exported services, so the member sees the result live.



async function loadChangeThread(user: AuthUser, threadId: string): Promise<ThreadFields> {
  const thread = await loadThreadFor(user, threadId);
  if (thread.kind !== 'registry_change') throw errors.validation({ threadId: 'Это не сообщение об изменении сведений' });
  return thread;
}

/** The stored form, validated again: a report that no longer passes the registry's rules is not applied. */
function reportedForm(thread: ThreadFields): RegistryChangeForm {
  const parsed = registryChangeFormSchema.safeParse(thread.form ?? {});
  if (!parsed.success) throw errors.validation({ form: 'Сведения в обращении не проходят проверку реестра: попросите члена СРО подать их заново' });
  return parsed.data;
}

/** Old → new for each reported field: from history once applied, else against the registry as it is now. */
export async function changeDiff(user: AuthUser, threadId: string): Promise<RegistryChangeDiffDto> {
  const thread = await loadChangeThread(user, threadId);
  const form = reportedForm(thread);
  const applied = await MemberHistory.findOne({ threadId: thread._id }).lean();
  const member = await loadMemberForChange(String(thread.memberId));
  const pending = computeChangeSet(member, form.changes, false).diff;
  const recorded = new Map((applied?.changes ?? []).map((c) => [String(c.path), c]));
  const changes = form.changes.map((c) => {
    const from = recorded.get(c.field) ?? pending.find((d) => d.field === c.field);
    return { field: c.field, old: from?.old ?? null, new: from?.new ?? c.newValue, comment: c.comment, same: !from };
  });
  const status = thread.status === 'rejected' ? 'rejected' : applied || thread.status === 'resolved' ? 'applied' : 'pending';
  return { threadId, status, changes, documents: form.documents };
}

export async function applyChange(ctx: ModuleContext, user: AuthUser, threadId: string): Promise<{ thread: ThreadDto; changed: FieldDiff[] }> {
  const thread = await loadChangeThread(user, threadId);
  if (!OPEN_STATUSES.includes(thread.status)) throw errors.invalidTransition('Изменения по этому обращению уже рассмотрены');
  const form = reportedForm(thread);
  const actor = { id: user.id, name: await displayName(user.id), role: user.role };
  const { diff } = await applyRegistryChanges(String(thread.memberId), form.changes, actor, 'member_report', threadId);
  // The line names the fields; the values go as facts, which the page shows as the card shows them.
  const body = diff.length ? `Изменения внесены в реестр: ${diff.map((d) => REGISTRY_FIELD_LABELS_RU[d.field]).join(', ')}` : 'Сведения в реестре уже совпадают с сообщёнными: подтверждены без изменений';
  const registryChanges = diff.map((d) => ({ field: d.field, old: d.old ?? null, new: d.new ?? null }));
  const { message, thread: latest } = await appendMessage(thread._id, { kind: 'system', body, author: user, registryChanges });
  ctx.events.emit('message.created', { thread: latest, message, actor: user });
  const resolved = await resolveAlongLifecycle(ctx.events, user, latest);
  return { thread: presentThread(resolved, user), changed: diff };
}

export async function rejectChange(ctx: ModuleContext, user: AuthUser, threadId: string, reason: string): Promise<{ thread: ThreadDto }> {
  const thread = await loadChangeThread(user, threadId);
  if (!OPEN_STATUSES.includes(thread.status)) throw errors.invalidTransition('Изменения по этому обращению уже рассмотрены');
  const { message, thread: latest } = await appendMessage(thread._id, { kind: 'text', body: `Изменения не внесены: ${reason}`, author: user });
  ctx.events.emit('message.created', { thread: latest, message, actor: user });
  const rejected = await changeStatus(ctx.events, user, latest, 'rejected');
  return { thread: presentThread(rejected, user) };
}
