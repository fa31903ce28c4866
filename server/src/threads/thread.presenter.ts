import type { MessageDto, ThreadDto } from '@sro/shared';
import type { AuthUser } from '../auth/tokens';
import type { LastMessage, ThreadFields } from './thread.model';
import type { MessageFields } from './message.model';

// One presenter per payload (STYLE.md 8): the same objects go over REST and the socket.

const isMember = (viewer: Pick<AuthUser, 'role'>) => viewer.role === 'member';

/** The structured facts of a status or assignment line, only when present (mongoose may hand back nulls). */
function facts(m: Pick<MessageFields, 'status' | 'assignment' | 'registryChanges'>): Pick<MessageDto, 'status' | 'assignment' | 'registryChanges'> {
  return {
    ...(m.status?.to ? { status: { from: m.status.from ?? null, to: m.status.to, ...(m.status.reason ? { reason: m.status.reason } : {}) } } : {}),
    ...(m.assignment ? { assignment: { to: m.assignment.to ?? null } } : {}),
    ...(m.registryChanges?.length ? { registryChanges: m.registryChanges } : {}),
  };
}

function presentLast(last?: LastMessage) {
  return last ? { body: last.body.slice(0, 200), authorName: last.authorName, createdAt: last.createdAt.toISOString(), kind: last.kind, ...facts(last) } : undefined;
}

export function presentThread(thread: ThreadFields, viewer: Pick<AuthUser, 'role'>, unread?: number): ThreadDto {
  return {
    id: String(thread._id),
    kind: thread.kind,
    status: thread.status,
    direction: thread.direction,
    memberId: String(thread.memberId),
    memberName: thread.memberName,
    subject: thread.subject,
    form: thread.form ?? {},
    regNumber: thread.regNumber,
    regDate: thread.regDate?.toISOString(),
    assigneeId: thread.assigneeId ? String(thread.assigneeId) : null,
    assigneeName: thread.assigneeName,
    dueAt: thread.dueAt ? thread.dueAt.toISOString() : null,
    linkedThreadIds: (thread.linkedThreadIds ?? []).map(String),
    createdAt: thread.createdAt.toISOString(),
    updatedAt: thread.updatedAt.toISOString(),
    // Members see the count of what they can see (internal notes leave no trace); staff the full sequence.
    lastSeq: isMember(viewer) ? thread.publicCount : thread.lastSeq,
    lastMessage: presentLast(isMember(viewer) ? thread.lastPublicMessage : thread.lastMessage),
    unread,
    ...(thread.signature ? { signature: thread.signature } : {}),
  };
}

/** `seq` is in the viewer's numbering: a member's messages count 1, 2, 3 … whatever notes staff wrote between. */
export function presentMessage(message: MessageFields, viewer: Pick<AuthUser, 'role'>): MessageDto {
  return {
    id: String(message._id),
    threadId: String(message.threadId),
    seq: isMember(viewer) ? (message.publicSeq ?? 0) : message.seq,
    authorId: message.authorId ? String(message.authorId) : null,
    authorName: message.authorName,
    authorRole: message.authorRole as MessageDto['authorRole'],
    kind: message.kind,
    body: message.body,
    attachments: message.attachments ?? [],
    createdAt: message.createdAt.toISOString(),
    clientMsgId: message.clientMsgId,
    ...facts(message),
  };
}
