import type { ProductionYearDto } from '@sro/shared';
import { defaultProductionYear, WorkCalendar } from './production-calendar';
import { ProductionYearRecord, type ProductionYearFields } from './production-year.model';

// The SRO's working days. Read from the database at each registration (a few small documents, and every
// process sees an admin's change at once — no cache to invalidate across processes).

export async function workCalendar(): Promise<WorkCalendar> {
  const stored = await ProductionYearRecord.find({}, { year: 1, daysOff: 1, workingDays: 1 }).lean<ProductionYearFields[]>();
  return new WorkCalendar(stored);
}

export async function productionYear(year: number): Promise<ProductionYearDto> {
  const base = defaultProductionYear(year);
  const stored = await ProductionYearRecord.findOne({ year }).lean<ProductionYearFields>();
  if (!stored) return { ...base, custom: false };
  return { year, daysOff: stored.daysOff, workingDays: stored.workingDays, holidays: base.holidays, custom: true, updatedAt: stored.updatedAt?.toISOString() };
}

export async function saveProductionYear(year: number, lists: { daysOff: string[]; workingDays: string[] }, userId: string): Promise<ProductionYearDto> {
  const daysOff = [...new Set(lists.daysOff)].sort();
  const workingDays = [...new Set(lists.workingDays)].sort();
  await ProductionYearRecord.updateOne({ year }, { $set: { daysOff, workingDays, updatedBy: userId } }, { upsert: true });
  return productionYear(year);
}

export async function resetProductionYear(year: number): Promise<ProductionYearDto> {
  await ProductionYearRecord.deleteOne({ year });
  return productionYear(year);
}
