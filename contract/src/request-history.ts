import { z } from 'zod';
import { ImportMode } from './imports';
import { RequestListQuery, WhistleKind } from './requests';

/** The fields a past request (a 12345 export row, an old 台账 line) can fill; description and time are required. */
export const HistoryField = z.enum([
  'description',
  'createdAt',
  'address',
  'category',
  'nature',
  'sourceRef',
  'closedAt',
  'resolved',
  'satisfaction',
  'lng',
  'lat',
  'reporterName',
]);
export type HistoryField = z.infer<typeof HistoryField>;

/** Which column of the user's file feeds which field (column header → field); unmapped columns are ignored. */
export const HistoryMapping = z.partialRecord(HistoryField, z.string().min(1).max(100));
export type HistoryMapping = z.infer<typeof HistoryMapping>;

/** What the file looks like, before anything is imported: headers, a few rows and the mapping we would use. */
export const HistoryPreview = z.object({
  fileName: z.string(),
  encoding: z.enum(['xlsx', 'utf-8', 'gb18030']),
  headers: z.array(z.string()),
  rows: z.number(),
  sample: z.array(z.record(z.string(), z.string())),
  mapping: HistoryMapping,
  missing: z.array(HistoryField),
});
export type HistoryPreview = z.infer<typeof HistoryPreview>;

/** Multipart fields sent with the file: mode, the community or street it belongs to, and the mapping as JSON. */
export const HistoryImportFields = z.object({
  mode: ImportMode.default('dry_run'),
  rootId: z.coerce.number().int().positive().optional(),
  mapping: z.string().max(4000).optional(),
});

/** How well the category suggester does on this street's own held-out history. */
const Evaluation = z.object({
  train: z.number(),
  test: z.number(),
  top1: z.number().nullable(),
  top3: z.number().nullable(),
  macroF1: z.number().nullable(),
  perCategory: z.array(
    z.object({
      label: z.string(),
      name: z.string(),
      nameEn: z.string(),
      support: z.number(),
      precision: z.number(),
      recall: z.number(),
      f1: z.number(),
    }),
  ),
});
export const SuggesterAccuracy = Evaluation.extend({
  keywordsOnly: Evaluation.omit({ perCategory: true }),
  evaluatedAt: z.string(),
});
export type SuggesterAccuracy = z.infer<typeof SuggesterAccuracy>;

/** 批量派单: the same whistle to many requests; each one succeeds or fails on its own. */
export const BulkDispatchBody = z.object({
  items: z
    .array(z.object({ id: z.number().int().positive(), version: z.number().int() }))
    .min(1)
    .max(100),
  kind: WhistleKind,
  orgId: z.number().int().positive(),
  note: z.string().trim().max(1000).optional(),
});
export const BulkResult = z.object({
  ok: z.array(z.number()),
  failed: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      message: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
    }),
  ),
});
export type BulkResult = z.infer<typeof BulkResult>;

/** The workbench's filters, for the Excel export of exactly what the screen shows (up to 50,000 rows). */
export const RequestExportQuery = RequestListQuery.omit({ page: true, pageSize: true });
