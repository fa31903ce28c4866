import { Schema, model, type Types } from 'mongoose';
import { TASK_STATUSES, type TaskStatus } from '@sro/shared';
import { tenancyPlugin } from '../core/tenancy';

// A task staff set to a member (СЕРВИС → Задачи, seeds 001/003): what to do, by when, maybe a document to
// return. Its history is kept in the task itself: who did what, with comments and files.

const eventSchema = new Schema(
  {
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, ref: 'User' },
    actorName: { type: String, required: true },
    action: { type: String, required: true },
    comment: { type: String },
    files: { type: [{ _id: false, id: String, name: String, size: Number }], default: undefined },
  },
  { _id: false },
);

const taskSchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', required: true },
    memberName: { type: String },
    title: { type: String, required: true },
    description: { type: String },
    dueDate: { type: Date, default: null },
    documentRequired: { type: Boolean, default: false },
    status: { type: String, enum: TASK_STATUSES, default: 'open' },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    history: { type: [eventSchema], default: [] },
  },
  { timestamps: true },
);
taskSchema.plugin(tenancyPlugin);
taskSchema.index({ sroId: 1, memberId: 1, status: 1, dueDate: 1 });
taskSchema.index({ sroId: 1, status: 1, dueDate: 1, _id: 1 });

export interface TaskFields {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  memberName?: string;
  title: string;
  description?: string;
  dueDate?: Date | null;
  documentRequired: boolean;
  status: TaskStatus;
  createdBy?: Types.ObjectId;
  history: { at: Date; actorId?: Types.ObjectId; actorName: string; action: string; comment?: string; files?: { id: string; name: string; size: number }[] }[];
  createdAt: Date;
}

export const Task = model('Task', taskSchema, 'tasks');
