import {
  CalendarChangeList,
  type CalendarDay,
  CalendarDayBody,
  CalendarDayParams,
  CalendarDayResult,
  CalendarImportResult,
  CalendarYear,
  CalendarYearParams,
  type DayKind,
  type ImportRowError,
  SlaPolicy,
  SlaPolicyBody,
  SlaPolicyList,
  SlaPolicyParams,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { listReferenceAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx } from '../../platform/db/tx';
import { readSheet, sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { forbidden, invalid } from '../../platform/http/errors';
import { looksLikeXlsx, readUpload } from '../../platform/imports/jobs';
import {
  assertMayEdit,
  clearCalendarDay,
  listCalendarYear,
  listPolicies,
  mayEditCalendar,
  replaceCalendarYear,
  setCalendarDay,
  updatePolicy,
} from './calendar.service';
import { invalidateSla } from './sla';

const tags = ['calendar'];
const MAX_FILE = 2 * 1024 * 1024;

/** Street admins and secretaries see the calendar and the deadlines; only platform admins change them. */
function assertMayView(actor: Actor) {
  if (!can(actor, 'calendar.view')) throw forbidden();
}

const KIND_ZH: Record<DayKind, string> = { holiday: '放假', workday: '调休上班' };
const WEEKDAY_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const COLUMNS = [
  { header: '日期', key: 'date', width: 12 },
  { header: '星期', key: 'weekday', width: 8 },
  { header: '类型', key: 'kind', width: 10 },
  { header: '名称', key: 'name', width: 16 },
];

/** 2026-01-01, 2026/1/1, 2026.1.1, 2026年1月1日 (and an Excel date cell) → '2026-01-01', or null. */
export function parseSheetDate(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return CalendarDayParams.shape.date.safeParse(iso).success ? iso : null;
}

/** 放假/休/节假日 → holiday; 上班/班/调休上班/补班 → workday (the words of the State Council's notice). */
export function parseSheetKind(text: string): DayKind | null {
  const t = text.trim().toLowerCase();
  if (['holiday', '放假', '休', '休息', '节假日', '假日', '法定节假日'].includes(t)) return 'holiday';
  if (['workday', '上班', '班', '调休上班', '补班', '调休', '工作日'].includes(t)) return 'workday';
  return null;
}

/** The holiday calendar and deadline policy table (reference tables), and their change log. */
export async function calendarRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/calendar/:year', {
    schema: {
      tags,
      summary: '某年的节假日与调休上班日 / Holidays and make-up workdays of a year',
      params: CalendarYearParams,
      response: { 200: CalendarYear },
    },
    handler: async (req) => {
      assertMayView(req.actor);
      return {
        year: req.params.year,
        canEdit: mayEditCalendar(req.actor),
        days: await listCalendarYear(pool, req.params.year),
      };
    },
  });

  r.put('/api/calendar/days/:date', {
    schema: {
      tags,
      summary: '设为节假日或调休上班日 / Mark a day a holiday or a make-up workday',
      params: CalendarDayParams,
      body: CalendarDayBody,
      response: { 200: CalendarDayResult },
    },
    handler: async (req) => {
      const day = await inTx(pool, (tx) => setCalendarDay(tx, req.actor, req.params.date, req.body));
      // new deadlines count on the edited calendar at once
      invalidateSla();
      return { date: req.params.date, day };
    },
  });

  r.delete('/api/calendar/days/:date', {
    schema: {
      tags,
      summary: '恢复为普通日 / Make a day an ordinary day again',
      params: CalendarDayParams,
      response: { 200: CalendarDayResult },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => clearCalendarDay(tx, req.actor, req.params.date));
      invalidateSla();
      return { date: req.params.date, day: null };
    },
  });

  r.get('/api/calendar/changes', {
    schema: {
      tags,
      summary: '工作日历与时限的修改记录 / Changes to the calendar and deadlines',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(30) }),
      response: { 200: CalendarChangeList },
    },
    handler: async (req) => {
      assertMayView(req.actor);
      return { items: await listReferenceAudit(pool, ['holiday', 'sla_policy'], req.query.limit) };
    },
  });

  r.get('/api/calendar/:year/export.xlsx', {
    schema: {
      tags,
      summary: '导出某年工作日历（Excel）/ Export a year of the calendar',
      params: CalendarYearParams,
    },
    handler: async (req, reply) => {
      assertMayView(req.actor);
      const days = await listCalendarYear(pool, req.params.year);
      const rows = days.map((d) => ({
        date: d.date,
        weekday: WEEKDAY_ZH[new Date(`${d.date}T00:00:00Z`).getUTCDay()],
        kind: KIND_ZH[d.kind],
        name: d.name,
      }));
      return sendXlsx(
        reply,
        `工作日历-${req.params.year}.xlsx`,
        await workbookBuffer(`${req.params.year}`, COLUMNS, rows),
      );
    },
  });

  r.post('/api/calendar/:year/import', {
    schema: {
      tags,
      summary:
        'Excel 导入某年工作日历（表单字段 file, mode=dry_run|commit；列：日期、类型、名称）/ Import a year from Excel',
      consumes: ['multipart/form-data'],
      params: CalendarYearParams,
      response: { 200: CalendarImportResult },
    },
    handler: async (req) => {
      assertMayEdit(req.actor);
      const year = req.params.year;
      const upload = await readUpload(req, MAX_FILE);
      const mode = z.enum(['dry_run', 'commit']).safeParse(upload.fields.mode ?? 'dry_run');
      if (!mode.success) throw invalid('MODE_INVALID', '导入方式无效', 'Invalid import mode');
      if (!looksLikeXlsx(upload.buffer))
        throw invalid('FILE_NOT_XLSX', '请上传 .xlsx 格式的 Excel 文件', 'Upload an .xlsx Excel file');
      const sheet = await readSheet(upload.buffer).catch(() => {
        throw invalid('FILE_UNREADABLE', '无法读取该 Excel 文件', 'The Excel file cannot be read');
      });
      const missing = ['日期', '类型', '名称'].filter((h) => !sheet.headers.includes(h));
      if (missing.length)
        throw invalid(
          'COLUMNS_MISSING',
          `缺少必填列：${missing.join('、')}`,
          `Missing columns: ${missing.join(', ')}`,
          { missing },
        );
      const errors: ImportRowError[] = [];
      const days = new Map<string, CalendarDay>();
      for (const { row, values } of sheet.rows) {
        const date = parseSheetDate(values.日期 ?? '');
        const kind = parseSheetKind(values.类型 ?? '');
        const name = (values.名称 ?? '').trim();
        const fail = (field: string, code: string, zh: string, en: string) =>
          errors.push({ row, field, code, message: { 'zh-CN': zh, 'en-US': en }, values });
        if (!date)
          fail('日期', 'DATE_INVALID', '日期无法识别（例：2026-10-01）', 'Unreadable date (e.g. 2026-10-01)');
        else if (!date.startsWith(`${year}-`))
          fail('日期', 'DATE_OUTSIDE_YEAR', `日期不在 ${year} 年`, `The date is not in ${year}`);
        else if (days.has(date)) fail('日期', 'DATE_DUPLICATE', `日期 ${date} 重复`, `${date} appears twice`);
        else if (!kind)
          fail(
            '类型',
            'KIND_INVALID',
            '类型应为“放假”或“调休上班”',
            'Kind must be 放假 (holiday) or 调休上班 (workday)',
          );
        else if (!name || name.length > 30)
          fail('名称', 'NAME_INVALID', '名称应为 1–30 个字', 'The name must be 1–30 characters');
        else if (kind === 'workday' && ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()))
          fail(
            '类型',
            'WORKDAY_NOT_WEEKEND',
            `${date} 不是周末，不能设为调休上班`,
            `${date} is not a weekend day`,
          );
        else days.set(date, { date, kind, name });
      }
      const commit = mode.data === 'commit' && errors.length === 0;
      const counts = await inTx(pool, (tx) =>
        replaceCalendarYear(tx, req.actor, year, [...days.values()], commit),
      );
      if (commit) invalidateSla();
      return { year, committed: commit, ...counts, errors };
    },
  });

  r.get('/api/sla-policies', {
    schema: {
      tags,
      summary: '时限规则（类别 × 紧急程度）/ Deadline policy table',
      response: { 200: SlaPolicyList },
    },
    handler: async (req) => {
      assertMayView(req.actor);
      return { canEdit: mayEditCalendar(req.actor), items: await listPolicies(pool) };
    },
  });

  r.put('/api/sla-policies/:slaClass/:urgency', {
    schema: {
      tags,
      summary: '修改一条时限规则 / Edit one deadline policy',
      params: SlaPolicyParams,
      body: SlaPolicyBody,
      response: { 200: SlaPolicy },
    },
    handler: async (req) => {
      const policy = await inTx(pool, (tx) => updatePolicy(tx, req.actor, req.params, req.body));
      invalidateSla();
      return policy;
    },
  });
}
