import { Schema, model, type Types } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/** A letter held back for a user who chose the daily digest; `sentAt` set when the digest carried it. */
const digestEntrySchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    memberId: { type: Schema.Types.ObjectId, ref: 'Member' },
    subject: { type: String, required: true },
    paragraphs: { type: [String], default: [] },
    url: { type: String, required: true },
    sentAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
digestEntrySchema.plugin(tenancyPlugin);
digestEntrySchema.index({ sroId: 1, sentAt: 1, userId: 1, createdAt: 1 });

export interface DigestEntryFields { _id: Types.ObjectId; userId: Types.ObjectId; memberId?: Types.ObjectId; subject: string; paragraphs: string[]; url: string; createdAt: Date; sentAt?: Date }
export const DigestEntry = model('DigestEntry', digestEntrySchema, 'digest_entries');
