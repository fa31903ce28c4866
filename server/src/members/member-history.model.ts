import { Schema, model } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/** Every change of a member's registry data: who, when, from what source, old → new per field. */
const memberHistorySchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    at: { type: Date, default: () => new Date() },
    actorId: { type: Schema.Types.ObjectId, ref: 'User' },
    actorName: { type: String },
    source: { type: String, enum: ['staff', 'member_report', 'import'], required: true },
    threadId: { type: Schema.Types.ObjectId, ref: 'Thread' },
    changes: [{ _id: false, field: String, old: Schema.Types.Mixed, new: Schema.Types.Mixed }],
  },
  { versionKey: false },
);
memberHistorySchema.plugin(tenancyPlugin);
memberHistorySchema.index({ sroId: 1, memberId: 1, at: -1 });

export const MemberHistory = model('MemberHistory', memberHistorySchema, 'member_history');
