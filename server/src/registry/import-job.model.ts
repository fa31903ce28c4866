import { Schema, model } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/** A registry import run: progress while it works, the report when done. */
const importJobSchema = new Schema(
  {
    status: { type: String, enum: ['running', 'done', 'failed'], default: 'running' },
    dryRun: { type: Boolean, required: true },
    fileName: { type: String },
    total: { type: Number, default: 0 },
    processed: { type: Number, default: 0 },
    report: { type: Schema.Types.Mixed },
    error: { type: String },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);
importJobSchema.plugin(tenancyPlugin);

export const ImportJob = model('ImportJob', importJobSchema, 'import_jobs');
