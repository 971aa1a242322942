import { z } from 'zod';

/** One row the import could not take, with the row's original values so nothing is lost. */
export const ImportRowError = z.object({
  row: z.number(),
  field: z.string().nullable(),
  code: z.string(),
  message: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
  values: z.record(z.string(), z.unknown()),
});
export type ImportRowError = z.infer<typeof ImportRowError>;

/**
 * dry_run: check every row, change nothing. all_or_nothing: commit only if every row is valid.
 * valid_rows: commit the valid rows and report the rest (the user chooses this explicitly).
 */
export const ImportMode = z.enum(['dry_run', 'all_or_nothing', 'valid_rows']);
export type ImportMode = z.infer<typeof ImportMode>;

export const ImportJob = z.object({
  id: z.number(),
  kind: z.string(),
  fileName: z.string(),
  mode: ImportMode,
  status: z.enum(['running', 'done', 'failed']),
  total: z.number(),
  processed: z.number(),
  okCount: z.number(),
  errorCount: z.number(),
  committed: z.boolean(),
  errors: z.array(ImportRowError),
  summary: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;
