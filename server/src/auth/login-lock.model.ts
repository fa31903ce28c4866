import { Schema, model } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/**
 * Wrong passwords counted per (login, source address) pair. `key` is the account (`user:<id>`) when the login
 * names one, else the normalised login text (`login:<sha256>`): unknown logins count and lock exactly like known
 * ones, so neither the status nor the timing says whether an account exists. Documents expire with their lock.
 */
const loginLockSchema = new Schema(
  {
    key: { type: String, required: true },
    ip: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User' },
    failures: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: false },
);
loginLockSchema.plugin(tenancyPlugin);
loginLockSchema.index({ sroId: 1, key: 1, ip: 1 }, { unique: true });
loginLockSchema.index({ sroId: 1, userId: 1 });
loginLockSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const LoginLock = model('LoginLock', loginLockSchema, 'login_locks');
