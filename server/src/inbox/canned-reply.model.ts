import { Schema, model, type Types } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/** Staff-managed reply templates with {{placeholders}} (shared/src/schemas/inbox.ts renderTemplate). */
const cannedReplySchema = new Schema(
  {
    title: { type: String, required: true },
    body: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);
cannedReplySchema.plugin(tenancyPlugin);
cannedReplySchema.index({ sroId: 1, title: 1 });

export interface CannedReplyFields {
  _id: Types.ObjectId;
  title: string;
  body: string;
}

export const CannedReply = model('CannedReply', cannedReplySchema, 'canned_replies');
