import { Schema, model } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/** A year of the production calendar as the SRO's admin set it (the decree's transfers); replaces the default. */
const productionYearSchema = new Schema(
  {
    year: { type: Number, required: true },
    daysOff: { type: [String], default: [] },
    workingDays: { type: [String], default: [] },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);
productionYearSchema.plugin(tenancyPlugin);
productionYearSchema.index({ sroId: 1, year: 1 }, { unique: true });

export interface ProductionYearFields { year: number; daysOff: string[]; workingDays: string[]; updatedAt?: Date }
export const ProductionYearRecord = model('ProductionYear', productionYearSchema, 'production_years');
