import { Schema, model } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/**
 * How far a user has read a thread: the last seq, and how many member-visible messages that covers.
 * Unread = thread.lastSeq − seq for staff, thread.publicCount − publicCount for members (DESIGN.md §9).
 */
const readPositionSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    threadId: { type: Schema.Types.ObjectId, ref: 'Thread', required: true },
    seq: { type: Number, default: 0 },
    publicCount: { type: Number, default: 0 },
  },
  { versionKey: false },
);
readPositionSchema.plugin(tenancyPlugin);
readPositionSchema.index({ sroId: 1, userId: 1, threadId: 1 }, { unique: true });

export const ReadPosition = model('ReadPosition', readPositionSchema, 'read_positions');
