import {
  BulkDispatchBody,
  BulkResult,
  HistoryImportFields,
  HistoryMapping,
  HistoryPreview,
  ImportJob,
  RequestExportQuery,
  SuggesterAccuracy,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, scopesWith, tenantFilter } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import type { AppContext } from '../../platform/context';
import { inTx } from '../../platform/db/tx';
import { sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { AppError, forbidden, invalid, notFound } from '../../platform/http/errors';
import { createImportJob, findImportJob, readUpload } from '../../platform/imports/jobs';
import { findArea } from '../areas';
import {
  guessMapping,
  HISTORY_ALIASES,
  missingFields,
  readHistoryFile,
  runHistoryImport,
} from './requests.import';
import { listFilter } from './requests.list';
import { presentSummary } from './requests.presenter';
import { REQUEST_SELECT, type RequestRow } from './requests.queries';
import { actOnRequest } from './requests.service';
import { currentWarning, loadSla } from './sla';
import { loadCategories, suggesterAccuracy } from './suggest';

const tags = ['requests'];
const MAX_FILE = 20 * 1024 * 1024;
const EXPORT_LIMIT = 50_000;

const STATUS_ZH: Record<string, string> = {
  received: '已受理',
  dispatched: '已派单',
  accepted: '已接单',
  in_progress: '处置中',
  handled: '已办结',
  verified: '已核查',
  closed: '已结案',
  returned: '已退单',
  reopened: '重办中',
};
const CHANNEL_ZH: Record<string, string> = {
  h5: '居民随手拍',
  qr: '扫码上报',
  visit: '入户走访',
  hotline_12345: '12345 转办',
  chamber: '商会转递',
  mailbox: '服务信箱',
  wechat_group: '微信群',
  patrol: '巡查发现',
  rider: '骑手随手拍',
  open311: 'Open311',
  import: '历史导入',
};
const NATURE_ZH: Record<string, string> = {
  consult: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
};
const WARNING_ZH: Record<string, string> = { yellow: '黄灯', red: '红灯', breached: '已超期' };
const SATISFACTION_ZH: Record<string, string> = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
};

/** Beijing wall-clock time, as staff read it in a spreadsheet. */
const cst = (iso: string | null) =>
  iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '';

/** The street, community or grid a history import belongs to: the one named, else the actor's first. */
async function historyRoot(ctx: AppContext, actor: Actor, rootId: number | undefined) {
  const scope = scopesWith(actor, 'request.triage')[0];
  const id = rootId ?? scope?.areaId;
  if (!id) throw forbidden();
  const area = await findArea(ctx.pool, id, tenantFilter(actor));
  if (!area) throw notFound('Area', '区域');
  if (!can(actor, 'request.triage', area)) throw forbidden();
  if (!['street', 'community', 'grid'].includes(area.kind))
    throw invalid('ROOT_INVALID', '请选择街道、社区或网格', 'Choose a street, community or grid');
  return area;
}

/** History import (12345 exports, old 台账), the suggester's accuracy, the workbench's Excel export and bulk dispatch. */
export async function requestHistoryRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/requests/history/template.xlsx', {
    schema: { tags, summary: '历史诉求导入模板 / History import template' },
    handler: async (req, reply) => {
      if (!can(req.actor, 'request.triage')) throw forbidden();
      const headers = Object.entries(HISTORY_ALIASES).map(([key, aliases]) => ({
        header: aliases[0]!,
        key,
        width: key === 'description' ? 40 : 16,
      }));
      const example = [
        {
          sourceRef: 'GD2025060300123',
          createdAt: '2025-06-03 09:14',
          description: '市民来电反映：龙腾花园3栋电梯停运两天，老人上下楼困难，请尽快维修。',
          address: '龙腾花园3栋',
          category: '电梯故障',
          nature: '求助',
          closedAt: '2025-06-04 17:30',
          resolved: '已解决',
          satisfaction: '满意',
        },
      ];
      return sendXlsx(reply, '历史诉求导入模板.xlsx', await workbookBuffer('历史诉求', headers, example));
    },
  });

  r.post('/api/requests/history/preview', {
    schema: {
      tags,
      summary: '预览历史诉求文件（表单字段 file）：表头、样例与建议的列对应 / Preview a history file',
      consumes: ['multipart/form-data'],
      response: { 200: HistoryPreview },
    },
    handler: async (req) => {
      if (!can(req.actor, 'request.triage')) throw forbidden();
      const upload = await readUpload(req, MAX_FILE);
      const sheet = await readHistoryFile(upload.buffer);
      const mapping = guessMapping(sheet.headers);
      return {
        fileName: upload.fileName,
        encoding: sheet.encoding,
        headers: sheet.headers,
        rows: sheet.rows.length,
        sample: sheet.rows.slice(0, 5).map((x) => x.values),
        mapping,
        missing: missingFields(mapping),
      };
    },
  });

  r.post('/api/requests/history/imports', {
    schema: {
      tags,
      summary:
        '导入历史诉求（表单字段 file, mode, rootId, mapping）：试运行、全部或无、仅有效行 / Import past requests',
      consumes: ['multipart/form-data'],
      response: { 202: ImportJob },
    },
    handler: async (req, reply) => {
      const upload = await readUpload(req, MAX_FILE);
      const fields = HistoryImportFields.safeParse(upload.fields);
      if (!fields.success)
        throw invalid('FIELDS_INVALID', '导入方式或位置无效', 'Invalid import mode or place');
      const root = await historyRoot(ctx, req.actor, fields.data.rootId);
      const sheet = await readHistoryFile(upload.buffer);
      let mapping = guessMapping(sheet.headers);
      if (fields.data.mapping) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(fields.data.mapping);
        } catch {
          parsed = null;
        }
        const given = HistoryMapping.safeParse(parsed);
        if (!given.success)
          throw invalid('MAPPING_INVALID', '列对应关系格式有误', 'The column mapping is malformed');
        mapping = given.data;
      }
      const unknown = Object.values(mapping).filter((h) => !sheet.headers.includes(h!));
      if (unknown.length)
        throw invalid(
          'MAPPING_UNKNOWN_COLUMN',
          `文件中没有这些列：${unknown.join('、')}`,
          `The file has no columns named: ${unknown.join(', ')}`,
          { unknown },
        );
      const missing = missingFields(mapping);
      if (missing.length)
        throw invalid(
          'COLUMNS_MISSING',
          `请指定必填列：${missing.map((f) => HISTORY_ALIASES[f][0]).join('、')}`,
          `Map the required columns: ${missing.join(', ')}`,
          { missing },
        );
      if (sheet.rows.length === 0)
        throw invalid('FILE_EMPTY', '文件中没有数据行', 'The file has no data rows');
      const id = await createImportJob(pool, {
        tenantId: root.tenantId,
        kind: 'request_history',
        fileName: upload.fileName,
        mode: fields.data.mode,
        total: sheet.rows.length,
        userId: req.actor.userId,
      });
      setImmediate(
        () =>
          void runHistoryImport(
            pool,
            req.actor,
            { tenantId: root.tenantId, id, mode: fields.data.mode },
            root,
            mapping,
            sheet.rows,
          ),
      );
      return reply.code(202).send((await findImportJob(pool, id, [root.tenantId], req.actor.userId, true))!);
    },
  });

  r.get('/api/requests/suggester', {
    schema: {
      tags,
      summary:
        '分类建议的准确率（本街道历史的留出五分之一）/ Category suggester accuracy on held-out history',
      querystring: z.object({ areaId: z.coerce.number().int().positive().optional() }),
      response: { 200: SuggesterAccuracy },
    },
    handler: async (req) => {
      const root = await historyRoot(ctx, req.actor, req.query.areaId);
      const [result, categories] = await Promise.all([
        suggesterAccuracy(pool, root.tenantId),
        loadCategories(pool),
      ]);
      const names = new Map(categories.map((c) => [c.code, c]));
      return {
        ...result,
        perCategory: result.perCategory.map((c) => ({
          ...c,
          name: names.get(c.label)?.name_zh ?? c.label,
          nameEn: names.get(c.label)?.name_en ?? c.label,
        })),
      };
    },
  });

  r.get('/api/requests/export.xlsx', {
    schema: {
      tags,
      summary: '按当前队列与筛选导出 Excel（至多 5 万条）/ Export the workbench view to Excel',
      querystring: RequestExportQuery,
    },
    handler: async (req, reply) => {
      const scopes = scopesWith(req.actor, 'request.view');
      if (!scopes.length && !req.actor.isPlatformAdmin) throw forbidden();
      const { filter, values } = await listFilter(pool, req.actor, req.query);
      const n = values.length;
      const { rows } = await pool.query(
        `${REQUEST_SELECT} where (r.tenant_id, r.id) in (
           select r.tenant_id, r.id ${filter} order by r.created_at desc, r.id limit $${n + 1})
         order by r.created_at desc, r.id`,
        [...values, EXPORT_LIMIT],
      );
      const sla = await loadSla(pool);
      const out = rows.map((row: RequestRow) => {
        const s = presentSummary({ ...row, warning: currentWarning(sla, row) }, { showReporter: true });
        return {
          publicNo: s.publicNo,
          status: STATUS_ZH[s.status],
          channel: CHANNEL_ZH[s.channel] ?? s.channel,
          nature: NATURE_ZH[s.nature],
          category: s.categoryName,
          description: s.description,
          address: s.address ?? '',
          community: s.communityName ?? '',
          grid: s.gridName ?? '',
          holder: s.holder ?? '',
          reporter: s.reporterName ?? '',
          createdAt: cst(s.createdAt),
          responseDueAt: cst(s.responseDueAt),
          resolveDueAt: cst(s.resolveDueAt),
          warning: s.warning ? WARNING_ZH[s.warning] : '',
          satisfaction: s.satisfaction ? SATISFACTION_ZH[s.satisfaction] : '',
          sourceRef: s.sourceRef ?? '',
        };
      });
      const columns = [
        { header: '编号', key: 'publicNo', width: 20 },
        { header: '状态', key: 'status', width: 9 },
        { header: '渠道', key: 'channel', width: 12 },
        { header: '性质', key: 'nature', width: 7 },
        { header: '分类', key: 'category', width: 12 },
        { header: '诉求内容', key: 'description', width: 48 },
        { header: '地址', key: 'address', width: 20 },
        { header: '社区', key: 'community', width: 10 },
        { header: '网格', key: 'grid', width: 9 },
        { header: '当前处理', key: 'holder', width: 14 },
        { header: '反映人', key: 'reporter', width: 9 },
        { header: '受理时间', key: 'createdAt', width: 17 },
        { header: '响应时限', key: 'responseDueAt', width: 17 },
        { header: '办结时限', key: 'resolveDueAt', width: 17 },
        { header: '预警', key: 'warning', width: 7 },
        { header: '满意度', key: 'satisfaction', width: 9 },
        { header: '外部编号', key: 'sourceRef', width: 18 },
      ];
      const day = cst(new Date().toISOString()).slice(0, 10);
      return sendXlsx(reply, `诉求台账-${day}.xlsx`, await workbookBuffer('诉求', columns, out));
    },
  });

  r.post('/api/requests/bulk-dispatch', {
    schema: {
      tags,
      summary: '批量派单（每条单独成败）/ Dispatch many requests to one responder',
      body: BulkDispatchBody,
      response: { 200: BulkResult },
    },
    handler: async (req) => {
      if (!can(req.actor, 'request.triage')) throw forbidden();
      const result: z.infer<typeof BulkResult> = { ok: [], failed: [] };
      // one transaction per request: a request that moved meanwhile (409) or is out of reach fails alone
      for (const item of req.body.items) {
        try {
          await inTx(pool, (tx) =>
            actOnRequest(tx, req.actor, item.id, {
              action: 'dispatch',
              version: item.version,
              kind: req.body.kind,
              orgId: req.body.orgId,
              assistOrgIds: [],
              note: req.body.note,
            }),
          );
          result.ok.push(item.id);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          result.failed.push({ id: item.id, code: err.code, message: { 'zh-CN': err.zh, 'en-US': err.en } });
        }
      }
      return result;
    },
  });
}
