import { Schema, model, type Types } from 'mongoose';
import { CONTRACT_STATUSES } from '@sro/shared';
import { tenancyPlugin } from '../core/tenancy';

/** A contract concluded by competitive procedure, counted in the member's ОДО obligations (ГрК ст. 55.8 ч. 3). */
const contractSchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    number: { type: String, required: true },
    customer: { type: String, required: true },
    subject: { type: String },
    price: { type: Number, required: true },
    signedAt: { type: Date, required: true },
    status: { type: String, enum: CONTRACT_STATUSES, default: 'active' },
    completedAmount: { type: Number, default: 0 },
  },
  { timestamps: true },
);
contractSchema.plugin(tenancyPlugin);
contractSchema.index({ sroId: 1, memberId: 1, signedAt: -1 });

export interface ContractFields {
  _id: Types.ObjectId; memberId: Types.ObjectId; number: string; customer: string; subject?: string; price: number; signedAt: Date;
  status: (typeof CONTRACT_STATUSES)[number]; completedAmount: number;
}

export const Contract = model('Contract', contractSchema, 'contracts');
