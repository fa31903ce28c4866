import { Schema, model, type Types } from 'mongoose';
import { THREAD_KINDS, THREAD_STATUSES, type AssignmentFact, type MessageKind, type StatusFact, type ThreadKind, type ThreadStatus } from '@sro/shared';
import { tenancyPlugin } from '../core/tenancy';

const lastMessageSchema = new Schema(
  { body: String, authorName: String, createdAt: Date, kind: String, status: { type: { _id: false, from: String, to: String, reason: String } }, assignment: { type: { _id: false, to: String } } },
  { _id: false },
);

const threadSchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    memberName: { type: String },
    kind: { type: String, enum: THREAD_KINDS, required: true },
    direction: { type: String, enum: ['incoming', 'outgoing'], required: true },
    status: { type: String, enum: THREAD_STATUSES, required: true },
    subject: { type: String, required: true },
    form: { type: Schema.Types.Mixed, default: {} },
    regNumber: { type: String },
    regDate: { type: Date },
    assigneeId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    assigneeName: { type: String },
    dueAt: { type: Date, default: null },
    /** Set once the "about to go overdue" reminder went out. */
    dueSoonNotifiedAt: { type: Date, default: null },
    linkedThreadIds: { type: [Schema.Types.ObjectId], default: [] },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    /** The creating client's id for this request: a retried POST /api/threads returns the first thread. */
    clientMsgId: { type: String },
    /** Sequence of the last message (all messages, internal notes included: staff unread). */
    lastSeq: { type: Number, default: 0 },
    /** Number of messages a member can see (members' unread). */
    publicCount: { type: Number, default: 0 },
    /** `authorId:clientMsgId` of the latest sends, so a send can skip the lookup (threads/message.append). */
    recentSends: { type: [String], default: undefined, select: false },
    lastMessage: { type: lastMessageSchema },
    lastPublicMessage: { type: lastMessageSchema },
    /** Normalised words of subject, number, member name and INN, first message: prefix search without $text. */
    searchTerms: { type: [String], default: [] },
    /** Which version of the search keys searchTerms holds (members/search-reindex.migration). */
    searchVersion: { type: Number },
    /** The member's ПЭП of the submission (the latest; every one is kept in `signatures`). */
    signature: { type: Schema.Types.Mixed, default: undefined },
  },
  { timestamps: true },
);
threadSchema.plugin(tenancyPlugin);
threadSchema.index({ sroId: 1, memberId: 1, updatedAt: -1, _id: -1 });
threadSchema.index({ sroId: 1, updatedAt: -1, _id: -1 });
threadSchema.index({ sroId: 1, status: 1, updatedAt: -1, _id: -1 });
threadSchema.index({ sroId: 1, assigneeId: 1, updatedAt: -1, _id: -1 });
threadSchema.index({ sroId: 1, searchTerms: 1 });
threadSchema.index({ sroId: 1, dueAt: 1 });
threadSchema.index(
  { sroId: 1, createdBy: 1, clientMsgId: 1 },
  { unique: true, partialFilterExpression: { clientMsgId: { $type: 'string' } } },
);

export interface LastMessage {
  body: string;
  authorName?: string;
  createdAt: Date;
  kind: MessageKind;
  status?: StatusFact;
  assignment?: AssignmentFact;
}

export interface ThreadFields {
  _id: Types.ObjectId;
  sroId: string;
  memberId: Types.ObjectId;
  memberName?: string;
  kind: ThreadKind;
  direction: 'incoming' | 'outgoing';
  status: ThreadStatus;
  subject: string;
  form: Record<string, unknown>;
  regNumber?: string;
  regDate?: Date;
  assigneeId?: Types.ObjectId | null;
  assigneeName?: string;
  dueAt?: Date | null;
  linkedThreadIds: Types.ObjectId[];
  createdBy?: Types.ObjectId;
  clientMsgId?: string;
  lastSeq: number;
  publicCount: number;
  lastMessage?: LastMessage;
  lastPublicMessage?: LastMessage;
  searchTerms: string[];
  signature?: import('@sro/shared').PepSignatureDto;
  createdAt: Date;
  updatedAt: Date;
}

export const Thread = model('Thread', threadSchema, 'threads');

/** A projection for reads straight to the driver (which ignore `select: false`): recentSends is the append path's own. */
export const WITHOUT_RECENT_SENDS = { recentSends: 0 } as const;
