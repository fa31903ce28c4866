import { Schema, model, type Types } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/** In-app notices per user: the bell in the top bar. */
const notificationSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String },
    link: { type: String },
    threadId: { type: Schema.Types.ObjectId, ref: 'Thread' },
    read: { type: Boolean, default: false },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
notificationSchema.plugin(tenancyPlugin);
notificationSchema.index({ sroId: 1, userId: 1, createdAt: -1, _id: -1 });
notificationSchema.index({ sroId: 1, userId: 1, read: 1 });

export interface NotificationFields {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  kind: string;
  title: string;
  body?: string;
  link?: string;
  threadId?: Types.ObjectId;
  read: boolean;
  createdAt: Date;
}

export const Notification = model('Notification', notificationSchema, 'notifications');
