import { Schema, model, type Types } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

// One section of one member's annual report for one year: the member's working copy (files with their
// signatures, a text) and, once sent, the `annual_report` thread it lives in. `status` is the member's side:
// "draft" while a copy is saved and not sent (the SRO sees nothing of it), "sent" after a sending.

const reportSectionSchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    year: { type: Number, required: true },
    key: { type: String, required: true },
    status: { type: String, enum: ['draft', 'sent'], required: true },
    text: { type: String, default: '' },
    files: { type: [{ _id: false, fileId: Schema.Types.ObjectId, signatureFileId: Schema.Types.ObjectId }], default: [] },
    threadId: { type: Schema.Types.ObjectId, ref: 'Thread', default: null },
    savedAt: { type: Date },
    submittedAt: { type: Date },
  },
  { timestamps: true },
);
reportSectionSchema.plugin(tenancyPlugin);
reportSectionSchema.index({ sroId: 1, memberId: 1, year: 1, key: 1 }, { unique: true });
reportSectionSchema.index({ sroId: 1, year: 1, memberId: 1 });

export interface ReportSectionFields {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  year: number;
  key: string;
  status: 'draft' | 'sent';
  text: string;
  files: { fileId: Types.ObjectId; signatureFileId?: Types.ObjectId }[];
  threadId?: Types.ObjectId | null;
  savedAt?: Date;
  submittedAt?: Date;
}

export const ReportSection = model('ReportSection', reportSectionSchema, 'report_sections');
