import { Schema, model } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

export const HISTORY_SOURCES = ['staff', 'member_report', 'import'] as const;
export type HistorySource = (typeof HISTORY_SOURCES)[number];

/**
 * `member_history`: every change of a member's registry data — who, when, from what source (a staff edit,
 * an applied member report with its thread, an import), and old → new per registry path. Append-only.
 */
const memberHistorySchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    at: { type: Date, default: () => new Date() },
    actorId: { type: Schema.Types.ObjectId, ref: 'User' },
    actorName: { type: String },
    source: { type: String, enum: HISTORY_SOURCES, required: true },
    threadId: { type: Schema.Types.ObjectId, ref: 'Thread' },
    changes: [{ _id: false, path: String, old: Schema.Types.Mixed, new: Schema.Types.Mixed }],
  },
  { versionKey: false },
);
memberHistorySchema.plugin(tenancyPlugin);
memberHistorySchema.index({ sroId: 1, memberId: 1, at: -1 });

export const MemberHistory = model('MemberHistory', memberHistorySchema, 'member_history');
