import { z } from 'zod';
import { objectIdSchema } from './common';
import { pepConfirmSchema, type FileSignatureDto, type PepSignatureDto } from './signatures';

// The annual activity report (API.md "Annual activity report", seed 004) and the files library.

export const reportSectionKeySchema = z.string().trim().regex(/^[a-z0-9_-]{1,40}$/, 'Ключ раздела — латиница, цифры, _ и -, до 40 символов');

export const annualSectionsSchema = z.object({
  sections: z
    .array(z.object({ key: reportSectionKeySchema, title: z.string().trim().min(2, 'Название раздела — не короче 2 символов').max(300), templateFileId: objectIdSchema.optional() }))
    .min(1, 'Нужен хотя бы один раздел')
    .max(50, 'Не больше 50 разделов')
    .refine((s) => new Set(s.map((x) => x.key)).size === s.length, 'Ключи разделов повторяются'),
  /** The due day of the report, MM-DD (1 March by default). */
  dueDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Срок — в формате ММ-ДД').optional(),
});
export type AnnualSectionsInput = z.infer<typeof annualSectionsSchema>;

export const saveReportSectionSchema = z.object({
  text: z.string().max(20_000, 'Текст слишком длинный').optional(),
  files: z.array(z.object({ fileId: objectIdSchema, signatureFileId: objectIdSchema.optional() })).max(20, 'Не больше 20 документов в разделе').default([]),
  send: z.boolean().optional(),
  /** The ПЭП of a sending: the password again or the e-mailed code. */
  confirm: pepConfirmSchema.optional(),
});
export type SaveReportSectionInput = z.infer<typeof saveReportSectionSchema>;

/**
 * not_started → draft (saved, the SRO sees nothing) → submitted (sent: an `annual_report` thread) → registered
 * (incoming number given) → remarks (the SRO asks for corrections) → submitted again … → accepted.
 */
export const REPORT_SECTION_STATUSES = ['not_started', 'draft', 'submitted', 'registered', 'remarks', 'accepted'] as const;
export type ReportSectionStatus = (typeof REPORT_SECTION_STATUSES)[number];

/** A report's document: the stored file by `fileId` (API.md), with the file of its signature if any. */
export interface ReportFileDto extends Pick<import('./files').FileDto, 'name' | 'size' | 'sha256'> {
  fileId: string;
  signatureFileId?: string;
  signature?: FileSignatureDto;
}

export interface ReportSectionDto {
  key: string;
  title: string;
  template?: { fileId: string; name: string };
  status: ReportSectionStatus;
  files: ReportFileDto[];
  text: string;
  threadId?: string;
  regNumber?: string;
  regDate?: string;
  submittedAt?: string;
  savedAt?: string;
  signature?: PepSignatureDto;
  /** The SRO's last remark, when it sent the section back. */
  remark?: string;
}

export interface AnnualReportDto {
  year: number;
  dueDate: string;
  sections: ReportSectionDto[];
}

/** Staff: who has sent what — a row per member, a status per section. */
export interface AnnualReportOverviewDto {
  year: number;
  sections: { key: string; title: string }[];
  items: { memberId: string; memberName: string; inn: string; sections: Record<string, ReportSectionStatus>; threadIds: Record<string, string> }[];
  nextCursor: string | null;
}

export const reportRemarkSchema = z.object({ text: z.string().trim().min(3, 'Замечание — не короче 3 символов').max(5000) });

// ── Files library ───────────────────────────────────────────────────────────────────────────────────────
/** The sections the UI offers (and names); an SRO may file documents under a section of its own as well. */
export const LIBRARY_CATEGORIES = ['templates', 'documents', 'forms', 'instructions', 'other'] as const;
export type LibraryCategory = string;

export const libraryCategorySchema = z.string().trim().min(1, 'Укажите раздел').max(100, 'Раздел — не длиннее 100 символов');

export const libraryUploadFieldsSchema = z.object({
  title: z.string().trim().min(2, 'Название — не короче 2 символов').max(300),
  category: libraryCategorySchema.default('documents'),
});

export interface LibraryItemDto {
  id: string;
  title: string;
  category: LibraryCategory;
  fileId: string;
  name: string;
  size: number;
  mime: string;
  createdAt: string;
}
