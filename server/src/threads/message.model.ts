import { Schema, model, type Types } from 'mongoose';
import { MESSAGE_KINDS, type AssignmentFact, type AttachmentDto, type RegistryChangeFact, type MessageKind, type StatusFact } from '@sro/shared';
import { tenancyPlugin } from '../core/tenancy';

const messageSchema = new Schema(
  {
    threadId: { type: Schema.Types.ObjectId, ref: 'Thread', required: true },
    /** Position among all messages (staff's numbering). Null only while a send is being stored (message.service). */
    seq: { type: Number, default: null },
    /** Position among member-visible messages: what a member sees as `seq`, so notes leave no gaps to count. */
    publicSeq: { type: Number },
    authorId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    authorName: { type: String },
    authorRole: { type: String },
    kind: { type: String, enum: MESSAGE_KINDS, required: true },
    body: { type: String, default: '' },
    attachments: { type: [{ _id: false, id: String, name: String, size: Number, mime: String, sha256: String, signature: Schema.Types.Mixed }], default: [] },
    /** Internal notes never reach members: over HTTP, sockets, unread counts or e-mail. */
    internal: { type: Boolean, default: false },
    clientMsgId: { type: String },
    status: { type: { _id: false, from: String, to: String, reason: String } },
    assignment: { type: { _id: false, to: String } },
    registryChanges: { type: [Schema.Types.Mixed], default: undefined },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
messageSchema.plugin(tenancyPlugin);
messageSchema.index({ sroId: 1, threadId: 1, seq: 1 }, { unique: true, partialFilterExpression: { seq: { $type: 'number' } } });
messageSchema.index({ sroId: 1, threadId: 1, publicSeq: 1 }, { partialFilterExpression: { publicSeq: { $type: 'number' } } });
// Idempotent sends: one message per (author, client id) in a thread, however often it is repeated.
messageSchema.index(
  { sroId: 1, threadId: 1, authorId: 1, clientMsgId: 1 },
  { unique: true, partialFilterExpression: { clientMsgId: { $type: 'string' } } },
);

export interface MessageFields {
  _id: Types.ObjectId;
  sroId: string;
  threadId: Types.ObjectId;
  seq: number;
  publicSeq?: number;
  authorId: Types.ObjectId | null;
  authorName?: string;
  authorRole?: string;
  kind: MessageKind;
  body: string;
  attachments: AttachmentDto[];
  internal: boolean;
  clientMsgId?: string;
  status?: StatusFact;
  assignment?: AssignmentFact;
  registryChanges?: RegistryChangeFact[];
  createdAt: Date;
}

export const Message = model('Message', messageSchema, 'messages');
