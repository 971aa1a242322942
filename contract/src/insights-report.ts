import { z } from 'zod';

/** GET /api/insights/monthly-report: a community's 月报 as an Excel workbook or a printable A4 page. */
export const MonthlyReportQuery = z.object({
  communityId: z.coerce.number().int().positive(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
  format: z.enum(['xlsx', 'html']).default('xlsx'),
});
export type MonthlyReportQuery = z.infer<typeof MonthlyReportQuery>;
