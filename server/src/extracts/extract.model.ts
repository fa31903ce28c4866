import { Schema, model, type Types } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

// An issued registry extract: what the public verification page (GET /api/verify/:code) answers from. Holds the
// hash of the PDF exactly as signed and the open registry data printed in it — never the closed part.

const extractSchema = new Schema(
  {
    code: { type: String, required: true },
    number: { type: String, required: true },
    threadId: { type: Schema.Types.ObjectId, ref: 'Thread', required: true },
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    fileId: { type: Schema.Types.ObjectId, ref: 'FileRecord', required: true },
    signatureFileId: { type: Schema.Types.ObjectId, ref: 'FileRecord', required: true },
    sha256: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    validUntil: { type: Date, required: true },
    member: { name: String, inn: String, regNumber: String },
    signer: { type: String },
    testSignature: { type: Boolean, default: false },
    issuedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    delivery: { type: String, enum: ['electronic', 'paper_pickup'], default: 'electronic' },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
extractSchema.plugin(tenancyPlugin);
extractSchema.index({ sroId: 1, code: 1 }, { unique: true });
extractSchema.index({ sroId: 1, sha256: 1 });
extractSchema.index({ sroId: 1, threadId: 1 });

export interface ExtractFields {
  _id: Types.ObjectId;
  code: string;
  number: string;
  threadId: Types.ObjectId;
  memberId: Types.ObjectId;
  fileId: Types.ObjectId;
  signatureFileId: Types.ObjectId;
  sha256: string;
  issuedAt: Date;
  validUntil: Date;
  member: { name: string; inn: string; regNumber?: string };
  signer?: string;
  testSignature: boolean;
  issuedBy?: Types.ObjectId | null;
  delivery: 'electronic' | 'paper_pickup';
}

export const Extract = model('Extract', extractSchema, 'extracts');
