import { Schema, model, type Types } from 'mongoose';
import { INSPECTION_STATUSES, INSPECTION_TYPES } from '@sro/shared';
import { tenancyPlugin } from '../core/tenancy';

/** A control inspection of a member (ГрК ст. 55.13): planned or not, its result, violations with deadlines. */
const inspectionSchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    type: { type: String, enum: INSPECTION_TYPES, required: true },
    status: { type: String, enum: INSPECTION_STATUSES, default: 'planned' },
    startDate: { type: Date, required: true },
    endDate: { type: Date },
    subject: { type: String },
    violations: { type: [{ _id: false, description: String, deadline: Date, resolvedAt: Date }], default: [] },
    recommendations: { type: String },
    result: { type: String },
  },
  { timestamps: true },
);
inspectionSchema.plugin(tenancyPlugin);
inspectionSchema.index({ sroId: 1, memberId: 1, startDate: -1 });
// The plan of a year in date order, paged by (startDate, _id): the index gives the order, no in-memory sort.
inspectionSchema.index({ sroId: 1, startDate: 1, _id: 1 });

export interface InspectionFields {
  _id: Types.ObjectId; memberId: Types.ObjectId; type: (typeof INSPECTION_TYPES)[number]; status: (typeof INSPECTION_STATUSES)[number];
  startDate: Date; endDate?: Date; subject?: string; violations: { description: string; deadline?: Date; resolvedAt?: Date }[]; recommendations?: string; result?: string;
}

export const Inspection = model('Inspection', inspectionSchema, 'inspections');
