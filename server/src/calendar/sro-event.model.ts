import { Schema, model, type Types } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/** An SRO event staff publish (a general meeting, a seminar): in every member's calendar. */
const sroEventSchema = new Schema(
  {
    title: { type: String, required: true },
    date: { type: Date, required: true },
    time: { type: String },
    place: { type: String },
    description: { type: String },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);
sroEventSchema.plugin(tenancyPlugin);
sroEventSchema.index({ sroId: 1, date: 1 });

export interface SroEventFields { _id: Types.ObjectId; title: string; date: Date; time?: string; place?: string; description?: string }
export const SroEvent = model('SroEvent', sroEventSchema, 'sro_events');

/** The secret of a user's iCal feed (read-only dates and titles). Rotating it makes the old URL 404. */
const feedSchema = new Schema({ userId: { type: Schema.Types.ObjectId, ref: 'User', required: true }, token: { type: String, required: true } }, { timestamps: true });
feedSchema.plugin(tenancyPlugin);
feedSchema.index({ sroId: 1, userId: 1 }, { unique: true });
feedSchema.index({ token: 1 }, { unique: true });
export const CalendarFeed = model('CalendarFeed', feedSchema, 'calendar_feeds');
