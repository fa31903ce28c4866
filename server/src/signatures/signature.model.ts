import { Schema, model, type Types } from 'mongoose';
import { PEP_METHODS, type PepMethod } from '@sro/shared';
import { tenancyPlugin } from '../core/tenancy';

// A simple electronic signature (ПЭП, 63-ФЗ ст. 9) of one submission: who signed which sha256, when, from where,
// and exactly what the hash covers — the signature sheet staff download is printed from this record.

const signatureSchema = new Schema(
  {
    kind: { type: String, enum: ['pep'], default: 'pep' },
    threadId: { type: Schema.Types.ObjectId, ref: 'Thread', required: true },
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    signerId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    signerName: { type: String, required: true },
    method: { type: String, enum: PEP_METHODS, required: true },
    sha256: { type: String, required: true },
    signedAt: { type: Date, required: true },
    ip: { type: String },
    userAgent: { type: String },
    agreementAcceptedAt: { type: Date, default: null },
    /** What was signed, as hashed (pepDigestInput). */
    content: { type: Schema.Types.Mixed, required: true },
    /** What the submission was: a request leaving its draft, or a report section sent. */
    subject: { type: String, enum: ['thread', 'report_section'], default: 'thread' },
  },
  { timestamps: false },
);
signatureSchema.plugin(tenancyPlugin);
signatureSchema.index({ sroId: 1, threadId: 1, signedAt: -1 });

export interface SignatureFields {
  _id: Types.ObjectId;
  kind: 'pep';
  threadId: Types.ObjectId;
  memberId: Types.ObjectId;
  signerId: Types.ObjectId;
  signerName: string;
  method: PepMethod;
  sha256: string;
  signedAt: Date;
  ip?: string;
  userAgent?: string;
  agreementAcceptedAt?: Date | null;
  content: { kind: string; form: Record<string, unknown>; text: string; files: { name: string; sha256: string }[] };
  subject: 'thread' | 'report_section';
}

export const Signature = model('Signature', signatureSchema, 'signatures');
