import { Schema, model, type Types } from 'mongoose';
import { PAYMENT_TYPES, type PaymentType } from '@sro/shared';
import { tenancyPlugin } from '../core/tenancy';

/** What a member owes: a charge with its due date (entry fee, membership fee for a period, КФ contributions). */
const chargeSchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    type: { type: String, enum: PAYMENT_TYPES, required: true },
    amount: { type: Number, required: true },
    dueDate: { type: Date, required: true },
    purpose: { type: String },
  },
  { timestamps: true },
);
chargeSchema.plugin(tenancyPlugin);
chargeSchema.index({ sroId: 1, memberId: 1, dueDate: 1 });

/** What a member paid. Only confirmed payments (seen on the SRO's account) reduce the debt. */
const paymentSchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    type: { type: String, enum: PAYMENT_TYPES, required: true },
    amount: { type: Number, required: true },
    paidAt: { type: Date, required: true },
    confirmed: { type: Boolean, default: false },
    purpose: { type: String },
    docNumber: { type: String },
    /** A bank statement document's identity (date, number, payer, amount): importing it twice records it once. */
    bankKey: { type: String },
  },
  { timestamps: true },
);
paymentSchema.plugin(tenancyPlugin);
paymentSchema.index({ sroId: 1, memberId: 1, paidAt: -1, _id: -1 });
paymentSchema.index({ sroId: 1, bankKey: 1 }, { unique: true, partialFilterExpression: { bankKey: { $type: 'string' } } });

export interface ChargeFields { _id: Types.ObjectId; memberId: Types.ObjectId; type: PaymentType; amount: number; dueDate: Date; purpose?: string }
export interface PaymentFields { _id: Types.ObjectId; memberId: Types.ObjectId; type: PaymentType; amount: number; paidAt: Date; confirmed: boolean; purpose?: string; docNumber?: string }

export const Charge = model('Charge', chargeSchema, 'charges');
export const Payment = model('Payment', paymentSchema, 'payments');
