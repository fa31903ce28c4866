import { Schema, model } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/** Append-only: who did what, when, from where. Never updated or deleted by the portal. */
const auditSchema = new Schema(
  {
    at: { type: Date, default: () => new Date() },
    actorId: { type: Schema.Types.ObjectId, ref: 'User' },
    actorRole: { type: String },
    /** e.g. auth.login, auth.login_failed, thread.status, thread.assign, registry.update */
    action: { type: String, required: true },
    entity: { type: String },
    entityId: { type: String },
    ip: { type: String },
    details: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);
auditSchema.plugin(tenancyPlugin);
auditSchema.index({ sroId: 1, at: -1 });
auditSchema.index({ sroId: 1, entity: 1, entityId: 1, at: -1 });

export const Audit = model('Audit', auditSchema, 'audit');
