import type { AnnualSectionsInput } from '@sro/shared';
import { requireSroId } from '../core/tenancy';
import { Sro } from '../sros/sro.model';
import { clearSroCache } from '../sros/sro.service';

// The annual activity report's sections, configured per SRO (title and a template from the files library), and
// its due day. Without a configuration, the sections an SRO of builders asks for under its control rules.

export interface ReportSectionSetting { key: string; title: string; templateFileId?: string }

export const DEFAULT_SECTIONS: ReportSectionSetting[] = [
  { key: 'general', title: 'Общие сведения о члене СРО' },
  { key: 'contracts', title: 'Сведения о договорах строительного подряда и объёме работ' },
  { key: 'staff', title: 'Сведения о специалистах и кадровом составе' },
  { key: 'property', title: 'Имущество и материально-техническая база' },
  { key: 'quality', title: 'Система контроля качества и охрана труда' },
  { key: 'incidents', title: 'Аварии, несчастные случаи, судебные споры' },
];
export const DEFAULT_DUE_DAY = '03-01';

interface StoredSettings { annualReportSections?: ReportSectionSetting[]; annualReportDue?: string }

async function stored(): Promise<StoredSettings> {
  const sro = await Sro.findById(requireSroId('report settings'), { settings: 1 }).lean<{ settings?: StoredSettings }>();
  return sro?.settings ?? {};
}

export const annualReportSections = async (): Promise<ReportSectionSetting[]> => (await stored()).annualReportSections ?? DEFAULT_SECTIONS;
export const annualReportDueDay = async (): Promise<string> => (await stored()).annualReportDue ?? DEFAULT_DUE_DAY;

export async function saveAnnualReportSettings(input: AnnualSectionsInput): Promise<void> {
  await Sro.updateOne({ _id: requireSroId('report settings') }, { $set: { 'settings.annualReportSections': input.sections, ...(input.dueDay ? { 'settings.annualReportDue': input.dueDay } : {}) } });
  clearSroCache();
}
