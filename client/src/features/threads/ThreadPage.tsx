import type { MessageDto, ThreadDto } from '@sro/shared/schemas/threads';
import { FINISHED_STATUSES, allowedTransitions } from '@sro/shared/schemas/lifecycle';
import type { ThreadStatus } from '@sro/shared/enums';
import { api, ApiError } from '../../api/client';
import { me, isStaff } from '../../stores/session';
import { kindName, t, formatDate, formatDateTime, formatSize, type MessageKey } from '../../i18n';
import { useEffect, useState } from 'preact/hooks';
import { Button, ErrorNote, Field, Loading, StatusPill } from '../../components/ui';
import { useConversation, type PendingMessage } from './useConversation';
import { Composer } from './Composer';
import { messageLine } from './messageLine';
import { MemberAside } from '../inbox/MemberAside';
import { RegistryChangePanel } from '../registry/RegistryChangePanel';
import type { PepConfirm } from '@sro/shared/schemas/signatures';
import { SignDialog } from '../signatures/SignDialog';
import { FileSignatureNote, PepLine } from '../signatures/SignatureNotes';
import { dt } from '../../i18n/documents';
import { formatKopecks } from '@sro/shared/money';
import { ChangeLine } from '../registry/ChangeLine';
import { putThread, threadsById } from '../../stores/threads';

/** A request as a chat: header with number, status, expert and due date; messages; status lines; reply. */
export function ThreadPage({ id, aside, memberAside }: { id: string; aside?: preact.ComponentChildren; memberAside?: boolean }) {
  const conversation = useConversation(id);
  const { thread, messages, pending, error, typing } = conversation;
  const staff = isStaff.value;
  // Rejecting asks for the reason first: the member sees it in the status line.
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  // Sending a draft signs it (ПЭП): the dialog asks for the password or a code.
  const [signing, setSigning] = useState(false);
  const [issuing, setIssuing] = useState(false);
  // A report section goes back to the member with a remark (the report page shows it beside the section).
  const [remarking, setRemarking] = useState(false);
  const [remark, setRemark] = useState('');
  if (!thread) return error ? <ErrorNote message={error} /> : <Loading />;

  async function move(status: ThreadStatus, why?: string) {
    try {
      conversation.setThread(await api.patch<ThreadDto>(`/api/threads/${id}`, { status, ...(why ? { reason: why } : {}) }));
      setRejecting(false);
      setReason('');
    } catch (err) {
      conversation.setError((err as ApiError).message);
    }
  }
  async function sendSigned(confirm: PepConfirm) {
    conversation.setThread(await api.patch<ThreadDto>(`/api/threads/${id}`, { status: 'submitted', confirm }));
    setSigning(false);
  }
  async function issueExtract() {
    setIssuing(true);
    try {
      await api.post(`/api/threads/${id}/extract`);
      conversation.setThread(await api.get<ThreadDto>(`/api/threads/${id}`));
    } catch (err) {
      conversation.setError((err as ApiError).message);
    } finally {
      setIssuing(false);
    }
  }
  async function sendRemark() {
    const form = thread!.form as { year?: number; sectionKey?: string };
    try {
      await api.post(`/api/admin/reports/annual/${form.year}/members/${thread!.memberId}/sections/${form.sectionKey}/remarks`, { text: remark.trim() });
      setRemarking(false);
      setRemark('');
      conversation.setThread(await api.get<ThreadDto>(`/api/threads/${id}`));
    } catch (err) {
      conversation.setError((err as ApiError).message);
    }
  }
  async function applyOdo() {
    try {
      conversation.setThread((await api.post<{ thread: ThreadDto }>(`/api/odo-control/${id}/apply`)).thread);
    } catch (err) {
      conversation.setError((err as ApiError).message);
    }
  }
  async function assignToMe() {
    try {
      // Compare-and-set: if a colleague took it a moment ago, the server says so instead of overwriting.
      conversation.setThread(await api.patch<ThreadDto>(`/api/threads/${id}`, { assigneeId: me.value!.user.id, expectedAssigneeId: thread!.assigneeId ?? null }));
    } catch (err) {
      conversation.setError((err as ApiError).message);
    }
  }
  const transitions = allowedTransitions(thread.status, me.value!.user.role, thread.kind);
  const closed = thread.status === 'closed';

  return (
    <section class="thread" aria-labelledby="thread-title">
      <header class="thread__head">
        <p class="muted">{kindName(thread.kind)}{staff && thread.memberName ? ` · ${thread.memberName}` : ''}</p>
        <h1 id="thread-title">{thread.subject}</h1>
        <dl class="facts">
          <div><dt>{t('journal.status')}</dt><dd><StatusPill status={thread.status} staff={staff} /></dd></div>
          <div><dt>{t('thread.number')}</dt><dd>{thread.regNumber ?? t('journal.notRegistered')}</dd></div>
          {thread.regDate && <div><dt>{t('thread.regDate')}</dt><dd>{formatDate(thread.regDate)}</dd></div>}
          <div><dt>{t('thread.created')}</dt><dd>{formatDateTime(thread.createdAt)}</dd></div>
          <div><dt>{staff ? t('thread.assignee') : t('thread.expert')}</dt><dd>{thread.assigneeName ?? (staff ? t('thread.unassigned') : t('thread.noExpert'))}</dd></div>
          {thread.dueAt && <div><dt>{t('thread.due')}</dt><dd>{formatDate(thread.dueAt)}</dd></div>}
        </dl>
        {thread.signature && <PepLine signature={thread.signature} threadId={thread.id} staff={staff} />}
        {thread.kind === 'registry_change' ? <RegistryChangePanel thread={thread} staff={staff} onChanged={conversation.setThread} /> : <FormSummary thread={thread} />}
        {thread.linkedThreadIds.length > 0 && (
          <p>{t('thread.linked')}: {thread.linkedThreadIds.map((linked) => <LinkedThread key={linked} id={linked} staff={staff} />)}</p>
        )}
        <div class="actions">
          {staff && thread.kind === 'registry_extract' && !FINISHED_STATUSES.includes(thread.status) && (
            <Button type="button" busy={issuing} onClick={() => void issueExtract()}>{issuing ? dt('extract.issuing') : dt('extract.issue')}</Button>
          )}
          {staff && thread.kind === 'annual_report' && (thread.form as { sectionKey?: string }).sectionKey && ['submitted', 'registered', 'in_progress'].includes(thread.status) && (
            <Button type="button" variant="secondary" onClick={() => setRemarking(true)}>{dt('report.sendRemark')}</Button>
          )}
          {staff && thread.kind === 'odo_control' && !FINISHED_STATUSES.includes(thread.status) && (
            <Button type="button" onClick={() => void applyOdo()}>{dt('odo.apply')}</Button>
          )}
          {staff && thread.assigneeId !== me.value?.user.id && <Button variant="secondary" type="button" onClick={() => void assignToMe()}>{t('thread.assignMe')}</Button>}
          {transitions.map((status) => (
            <Button key={status} variant={status === 'rejected' || status === 'closed' ? 'ghost' : 'secondary'} type="button" onClick={() => (staff && status === 'rejected' ? setRejecting(true) : !staff && status === 'submitted' ? setSigning(true) : void move(status))}>
              {!staff && status === 'closed' ? t('action.withdraw') : t(`action.${status}` as MessageKey)}
            </Button>
          ))}
        </div>
        {rejecting && (
          <form class="reject-form" onSubmit={(e) => { e.preventDefault(); void move('rejected', reason.trim()); }}>
            <Field label={t('thread.rejectReason')} hint={t('thread.rejectHint')}>
              {(fid, d) => <textarea id={fid} aria-describedby={d} rows={3} required minLength={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
            </Field>
            <div class="actions">
              <Button type="submit" variant="danger" disabled={reason.trim().length < 3}>{t('action.rejected')}</Button>
              <Button type="button" variant="ghost" onClick={() => setRejecting(false)}>{t('common.cancel')}</Button>
            </div>
          </form>
        )}
        {aside}
        {signing && <SignDialog onClose={() => setSigning(false)} onSign={sendSigned} />}
        {remarking && (
          <form class="reject-form" onSubmit={(e) => { e.preventDefault(); void sendRemark(); }}>
            <Field label={dt('report.remarkPrompt')}>
              {(fid, d) => <textarea id={fid} aria-describedby={d} rows={3} value={remark} onInput={(e) => setRemark(e.currentTarget.value)} />}
            </Field>
            <div class="actions">
              <Button type="submit" disabled={remark.trim().length < 3}>{dt('report.sendRemark')}</Button>
              <Button type="button" variant="ghost" onClick={() => setRemarking(false)}>{t('common.cancel')}</Button>
            </div>
          </form>
        )}
      </header>
      <ErrorNote message={error} />
      <ol class="messages" aria-live="polite">
        {messages.length === 0 && pending.length === 0 && <li class="muted">{t('thread.noMessages')}</li>}
        {messages.map((m) => <MessageItem key={m.id} message={m} staff={staff} />)}
        {pending.map((p) => <PendingItem key={p.clientMsgId} message={p} />)}
      </ol>
      {typing && <p class="typing" role="status">{t('thread.typing', { name: typing })}</p>}
      {closed && !staff ? <p class="note">{t('thread.closedNote')}</p> : <Composer staff={staff} onSend={conversation.send} onTyping={conversation.notifyTyping}
        templateVars={{ memberName: thread.memberName, regNumber: thread.regNumber, subject: thread.subject, expertName: me.value?.user.name }} />}
      {memberAside && <MemberAside memberId={thread.memberId} currentId={thread.id} />}
    </section>
  );
}

function FormSummary({ thread }: { thread: ThreadDto }) {
  const form = thread.form as Record<string, unknown>;
  const rows: [string, string][] = [];
  if (form.copies) rows.push([t('form.copies'), String(form.copies)]);
  if (form.delivery) rows.push([t('form.delivery'), t(`form.delivery.${form.delivery}` as MessageKey)]);
  if (form.docType) rows.push([t('form.docType'), t(`form.docType.${form.docType}` as MessageKey)]);
  const period = form.period as { from: string; to: string } | undefined;
  if (period) rows.push([t('form.periodFrom'), `${formatDate(period.from)} — ${formatDate(period.to)}`]);
  if (form.topic) rows.push([t('form.topic'), String(form.topic)]);
  if (thread.kind === 'odo_control' && form.report) {
    rows.push([dt('odo.report'), dt(`odo.report.${form.report as 'new_contract' | 'completion'}`)]);
    if (form.number) rows.push([dt('odo.number'), String(form.number)]);
    if (form.customer) rows.push([dt('odo.customer'), String(form.customer)]);
    if (typeof form.price === 'number') rows.push([dt('odo.price'), formatKopecks(form.price)]);
    if (form.signedAt) rows.push([dt('odo.signedAt'), formatDate(String(form.signedAt))]);
    if (form.outcome) rows.push([dt('odo.outcome'), dt(`odo.outcome.${form.outcome as 'completed'}`)]);
    if (typeof form.completedAmount === 'number') rows.push([dt('odo.completedAmount'), formatKopecks(form.completedAmount)]);
  }
  if (!rows.length) return null;
  return (
    <dl class="facts facts--form" aria-label={t('thread.form')}>
      {rows.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
    </dl>
  );
}

/** A linked document by its number and title, as people refer to it («№ ВХ-2026-000012 «Выписка…»»). */
function LinkedThread({ id, staff }: { id: string; staff: boolean }) {
  // From the one store when this tab already has it; otherwise loaded once into the store.
  const linked = threadsById.value[id];
  useEffect(() => void (linked ? undefined : api.get<ThreadDto>(`/api/threads/${id}`).then(putThread, () => undefined)), [id]);
  const words = linked ? `${linked.regNumber ? `№ ${linked.regNumber} ` : ''}«${linked.subject}»` : t('common.loading');
  return <a class="linked" href={`${staff ? '/inbox' : '/threads'}/${id}`}>↗ {words}</a>;
}

function MessageItem({ message, staff }: { message: MessageDto; staff: boolean }) {
  if (message.kind === 'status_change' || message.kind === 'system') {
    // «Ответственный: Олег Экспертов» by Олег Экспертов himself names him once.
    const byline = message.assignment?.to && message.assignment.to === message.authorName ? '' : `${message.authorName} · `;
    return (
      <li class="msg msg--system">
        <span>{message.registryChanges?.length ? t('thread.registryApplied') : messageLine(message, staff)}</span> <span class="muted">· {byline}{formatDateTime(message.createdAt)}</span>
        {message.registryChanges?.length ? (
          <ul class="msg__changes">
            {message.registryChanges.map((c) => <ChangeLine key={c.field} change={c} />)}
          </ul>
        ) : null}
      </li>
    );
  }
  const mine = message.authorId === me.value?.user.id;
  const internal = message.kind === 'internal_note';
  return (
    <li class={`msg${mine ? ' msg--mine' : ''}${internal ? ' msg--internal' : ''}`}>
      <p class="msg__meta"><strong>{message.authorName}</strong> <time>{formatDateTime(message.createdAt)}</time>{internal && <span class="pill pill--internal">{t('thread.internalBadge')}</span>}</p>
      {message.body && <p class="msg__body">{message.body}</p>}
      {message.attachments.length > 0 && (
        <ul class="attachments">
          {message.attachments.map((a) => (
            <li key={a.id}>
              <a href={`/api/files/${a.id}`} download>{a.signature ? '🔏' : '📄'} {a.name}</a> <span class="muted">{formatSize(a.size)} · {a.mime.split('/').pop()}</span>
              {a.signature && <FileSignatureNote signature={a.signature} />}
            </li>
          ))}
        </ul>
      )}
      {mine && <p class="msg__state muted">✓ {t('thread.sent')}</p>}
    </li>
  );
}

function PendingItem({ message }: { message: PendingMessage }) {
  return (
    <li class="msg msg--mine msg--pending">
      <p class="msg__body">{message.body}</p>
      <p class="msg__state muted">{message.state === 'sending' ? t('thread.sending') : t('thread.failed')}</p>
    </li>
  );
}
