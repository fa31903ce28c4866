import { Schema, model } from 'mongoose';
import { tenancyPlugin } from '../core/tenancy';

/** Gapless per-year registration numbers: one atomic $inc per number, in the SRO's own sequence. */
const counterSchema = new Schema({ key: { type: String, required: true }, value: { type: Number, default: 0 } }, { versionKey: false });
counterSchema.plugin(tenancyPlugin);
counterSchema.index({ sroId: 1, key: 1 }, { unique: true });

export const Counter = model('Counter', counterSchema, 'counters');

export async function nextNumber(key: string): Promise<number> {
  const doc = await Counter.findOneAndUpdate({ key }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
  return doc!.value;
}

/** "ВХ-2026-000123" for incoming (members' requests), "ИСХ-2026-000045" for the SRO's outgoing letters. */
export async function nextRegNumber(direction: 'incoming' | 'outgoing', at = new Date()): Promise<string> {
  const year = at.getUTCFullYear();
  const prefix = direction === 'incoming' ? 'ВХ' : 'ИСХ';
  const n = await nextNumber(`${direction}-${year}`);
  return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
}
