import { Schema, model, type Types } from 'mongoose';
import { ROLES, USER_STATUSES, type Role, type UserStatus } from '@sro/shared';
import { tenancyPlugin } from '../core/tenancy';
import { forgetMemberUsers } from './member-users.cache';

const userSchema = new Schema(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String },
    role: { type: String, enum: ROLES, required: true },
    memberId: { type: Schema.Types.ObjectId, ref: 'Member' },
    status: { type: String, enum: USER_STATUSES, default: 'invited' },
    /** scrypt: "scrypt$N$r$p$salt$hash" (auth/password.ts). Absent until the invitation is accepted. */
    passwordHash: { type: String },
    locale: { type: String, enum: ['ru', 'en'], default: 'ru' },
    notificationSettings: { type: Schema.Types.Mixed, default: {} },
    /** The last e-mail telling the owner that someone is guessing the password (at most one an hour). */
    attackNoticeAt: { type: Date },
    /** Reset e-mails sent in the current hour-long window (auth/credentials.service throttles them). */
    resetWindow: { since: { type: Date }, count: { type: Number } },
    signatureAgreementAt: { type: Date },
  },
  { timestamps: true },
);
userSchema.plugin(tenancyPlugin);
userSchema.index({ sroId: 1, email: 1 }, { unique: true });
userSchema.index({ sroId: 1, memberId: 1 });
// Member users are remembered briefly for badges (users/member-users): a change here must be seen at once.
const USER_WRITES = ['save', 'insertMany', 'updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const;
for (const op of USER_WRITES) userSchema.post(op as 'save', () => forgetMemberUsers());

export interface UserFields {
  _id: Types.ObjectId;
  sroId: string;
  email: string;
  name?: string;
  role: Role;
  memberId?: Types.ObjectId;
  status: UserStatus;
  passwordHash?: string;
  locale: 'ru' | 'en';
  notificationSettings: Record<string, unknown>;
  attackNoticeAt?: Date;
  resetWindow?: { since?: Date; count?: number };
  signatureAgreementAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const User = model('User', userSchema, 'users');
