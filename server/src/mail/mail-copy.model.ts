import { Schema, model } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/** A copy of every e-mail sent to a member's user: the member's "Messages" section (seed 001). */
const mailCopySchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User' },
    to: { type: String, required: true },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    /** The HTML part as sent (already escaped by the templates). */
    html: { type: String },
    sentAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);
mailCopySchema.plugin(tenancyPlugin);
mailCopySchema.index({ sroId: 1, memberId: 1, sentAt: -1, _id: -1 });

export const MailCopy = model('MailCopy', mailCopySchema, 'mail_copies');
