import { Schema, model } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/**
 * One row per reminder ever sent: the unique key (what, whom, for which date) is claimed before sending, so a
 * reminder goes out exactly once whichever process or run gets there first.
 */
const reminderClaimSchema = new Schema({ key: { type: String, required: true }, sentAt: { type: Date, default: () => new Date() } });
reminderClaimSchema.plugin(tenancyPlugin);
reminderClaimSchema.index({ sroId: 1, key: 1 }, { unique: true });

export const ReminderClaim = model('ReminderClaim', reminderClaimSchema, 'reminder_claims');

/** Of these keys, the ones never sent: one query, so an hourly run over every member does not try each again. */
export async function unsentKeys(keys: string[]): Promise<Set<string>> {
  const sent = new Set((await ReminderClaim.find({ key: { $in: keys } }, { key: 1 }).lean<{ key: string }[]>()).map((c) => c.key));
  return new Set(keys.filter((k) => !sent.has(k)));
}

/** True when this caller won the key (and must send); false when it was sent before. */
export async function claimReminder(key: string): Promise<boolean> {
  try {
    await ReminderClaim.create({ key });
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}
