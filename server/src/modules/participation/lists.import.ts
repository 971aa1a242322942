import {
  ImportJob,
  ImportMode,
  ListClaimBody,
  ListItemBody,
  ListItemsQuery,
  RosterPreview,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import type { Queryable } from '../../platform/db/tx';
import { sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { invalid } from '../../platform/http/errors';
import { createImportJob, findImportJob, readUpload } from '../../platform/imports/jobs';
import {
  type Columns,
  guessMapping,
  missingFields,
  parseMapping,
  picker,
  type RowError,
  type RowValues,
  rowError,
  runRoster,
} from '../../platform/imports/roster';
import { readTableFile } from '../../platform/imports/table-file';
import { claimItems, PUBLISHER_ZH, publishItem } from './lists.routes';
import { type Community, staffCommunity } from './participation.common';

const tags = ['participation'];
const MAX_FILE = 10 * 1024 * 1024;

/**
 * Header aliases of the 三张清单 (the first one is the template's and the export's column): the names the lists
 * communities already keep in Excel use (需求清单/资源清单/沉睡资源台账).
 */
export const LIST_COLUMNS: Columns = {
  kind: ['类别', '清单类别', '清单', '类型', 'kind'],
  publisherKind: ['发布方类型', '主体类型', '发布主体类型', 'publisher_kind'],
  publisherName: ['发布方', '发布单位', '提供方', '提供单位', '需求方', '提出单位', '主体名称', 'publisher'],
  title: ['名称', '事项', '事项名称', '需求名称', '资源名称', '资产名称', '标题', 'title'],
  description: ['说明', '内容', '具体内容', '描述', '详细说明', '情况说明', 'description'],
  owner: ['权属单位', '产权单位', '权属', '管理单位', 'owner'],
  idleYears: ['闲置年限', '闲置年数', '闲置时间', '闲置年份', 'idle_years'],
  convertibleUse: ['可转化用途', '拟改造用途', '改造方向', '可用于', 'convertible_use'],
  expectedFunding: ['预计撬动资金', '预计资金', '撬动资金', '资金来源', 'expected_funding'],
};
const TEMPLATE = Object.values(LIST_COLUMNS).map((a) => a[0]!);

/** The 项目清单's columns: a project pairs items already on the lists (by name), as claiming one by hand does. */
export const PROJECT_COLUMNS: Columns = {
  title: ['项目名称', '项目', 'title'],
  need: ['需求', '对应需求', '需求名称', 'need'],
  resource: ['资源', '对应资源', '资源名称', '沉睡资源', 'resource'],
  ownerName: ['承接方', '负责人', '承接单位', '牵头单位', '责任单位', 'owner'],
  budgetYuan: ['预算（元）', '预算(元)', '预算', '预算金额', 'budget'],
  agreement: ['协议要点', '共建协议', '协议内容', 'agreement'],
};
const PROJECT_TEMPLATE = Object.values(PROJECT_COLUMNS).map((a) => a[0]!);

type ListKind = 'need' | 'resource' | 'dormant';
const KIND: Record<string, ListKind> = {
  需求: 'need',
  需求清单: 'need',
  居民需求: 'need',
  资源: 'resource',
  资源清单: 'resource',
  沉睡资源: 'dormant',
  沉睡资产: 'dormant',
  沉睡清单: 'dormant',
  闲置资源: 'dormant',
  闲置资产: 'dormant',
  need: 'need',
  resource: 'resource',
  dormant: 'dormant',
};
const PUBLISHER: Record<string, ItemBody['publisherKind']> = {
  ...Object.fromEntries(Object.entries(PUBLISHER_ZH).map(([k, v]) => [v, k])),
  社区居委会: 'community',
  居委会: 'community',
  单位: 'unit',
  共建单位: 'unit',
  物业公司: 'property',
  物业服务企业: 'property',
  社会组织: 'social_org',
  社工机构: 'social_org',
  community: 'community',
  unit: 'unit',
  property: 'property',
  social_org: 'social_org',
} as Record<string, ItemBody['publisherKind']>;

type ItemBody = z.output<typeof ListItemBody>;
interface GoodItem {
  row: number;
  body: ItemBody;
}

/** 3、3年、3.0 (Excel numbers), 三年 is not read: staff write digits. */
const years = (raw: string) => {
  const m = raw.replace(/\s/g, '').match(/^(\d+)(?:\.0+)?(年|年以上|余年|多年)?$/);
  return m ? Number(m[1]) : null;
};

const FIELD_OF_PATH: Record<string, string> = { dormant: 'kind' };

/** Same zod schema as the form: the first issue, on the field (column) it is about. */
function checkBody(input: Record<string, unknown>): ItemBody {
  const parsed = ListItemBody.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  const f = FIELD_OF_PATH[field] ?? field;
  const column = LIST_COLUMNS[f]?.[0] ?? f;
  const limits: Record<string, [string, string]> = {
    title: ['名称须2–80字', 'The name needs 2–80 characters'],
    publisherName: ['发布方不超过50字', 'The publisher has up to 50 characters'],
    description: ['说明不超过500字', 'The description has up to 500 characters'],
    owner: ['权属单位不超过50字', 'The owner has up to 50 characters'],
    idleYears: ['闲置年限应为0–200的整数', 'Years idle must be a whole number 0–200'],
    convertibleUse: ['可转化用途不超过100字', 'The convertible use has up to 100 characters'],
    expectedFunding: ['预计撬动资金不超过100字', 'The expected funding has up to 100 characters'],
  };
  const [zh, en] = limits[f] ?? [`「${column}」填写有误`, `"${column}" is invalid`];
  throw rowError(f || null, 'ROW_INVALID', zh, en);
}

/**
 * One row → the body the 发布 form sends (checked by the same schema, published by the same use case). A row
 * without 类别 goes to the list the import was opened on; without 发布方, the community publishes it.
 */
export function listRowChecker(c: Community, list: ListKind, pick: (v: RowValues, f: string) => string) {
  const seen = new Map<string, number>();
  return (v: RowValues, row: number): GoodItem => {
    const rawKind = pick(v, 'kind');
    const kind = rawKind ? KIND[rawKind.toLowerCase()] : list;
    if (!kind)
      throw rowError(
        'kind',
        'KIND_INVALID',
        '类别应为 需求、资源 或 沉睡资源',
        'The list must be 需求, 资源 or 沉睡资源',
      );
    const rawPublisherKind = pick(v, 'publisherKind');
    const publisherName = pick(v, 'publisherName');
    // a named publisher without a type is a 驻区单位 (the usual case); nobody named: the community itself
    const publisherKind = rawPublisherKind
      ? PUBLISHER[rawPublisherKind.toLowerCase()]
      : publisherName
        ? 'unit'
        : 'community';
    if (!publisherKind)
      throw rowError(
        'publisherKind',
        'PUBLISHER_KIND_INVALID',
        '发布方类型应为 社区、驻区单位、物业 或 社会组织',
        'The publisher type must be 社区, 驻区单位, 物业 or 社会组织',
      );
    const dormant = kind === 'dormant';
    const rawYears = pick(v, 'idleYears');
    const idleYears = rawYears ? years(rawYears) : undefined;
    if (idleYears === null)
      throw rowError(
        'idleYears',
        'IDLE_YEARS_INVALID',
        '闲置年限应为整数年（如 3 或 3年）',
        'Years idle must be a whole number (e.g. 3)',
      );
    const opt = (f: string) => pick(v, f) || undefined;
    const dormantFields = [opt('owner'), rawYears, opt('convertibleUse'), opt('expectedFunding')];
    if (!dormant && dormantFields.some(Boolean) && kind === 'need')
      throw rowError(
        'kind',
        'DORMANT_RESOURCE',
        '填写了权属、闲置年限等沉睡资源信息，类别应为 沉睡资源',
        'Owner, years idle… describe a dormant asset: set the list to 沉睡资源',
      );
    const body = checkBody({
      communityId: c.id,
      kind: kind === 'need' ? 'need' : 'resource',
      publisherKind,
      publisherName: publisherName || (publisherKind === 'community' ? c.name : ''),
      title: pick(v, 'title'),
      description: pick(v, 'description'),
      dormant,
      owner: opt('owner'),
      idleYears,
      convertibleUse: opt('convertibleUse'),
      expectedFunding: opt('expectedFunding'),
    });
    const key = `${body.kind}/${body.title}`;
    const first = seen.get(key);
    if (first && first !== row)
      throw rowError('title', 'ITEM_DUPLICATE_IN_FILE', `与第${first}行重复`, `Same item as row ${first}`);
    seen.set(key, row);
    return { row, body };
  };
}

/** Items the community's lists already hold (same list, same name): not published twice. */
async function listConflicts(db: Queryable, c: Community, good: GoodItem[]) {
  const { rows } = await db.query(
    `select kind, title from list_items where tenant_id = $1 and community_id = $2 and title = any($3::text[])`,
    [c.tenantId, c.id, good.map((g) => g.body.title)],
  );
  const taken = new Set(rows.map((r) => `${r.kind}/${r.title}`));
  const out = new Map<number, RowError>();
  for (const g of good)
    if (taken.has(`${g.body.kind}/${g.body.title}`))
      out.set(
        g.row,
        rowError('title', 'ITEM_EXISTS', '清单中已有同名条目', 'The list already has an item of that name'),
      );
  return out;
}

type ClaimBody = z.output<typeof ListClaimBody>;
interface GoodProject {
  row: number;
  ids: number[];
  body: ClaimBody;
}

/** Open items of the community by list and name, for project rows to name. */
async function openItems(db: Queryable, c: Community) {
  const { rows } = await db.query(
    `select id, kind, title, status from list_items where tenant_id = $1 and community_id = $2`,
    [c.tenantId, c.id],
  );
  return new Map(rows.map((r) => [`${r.kind}/${r.title}`, { id: Number(r.id), open: r.status === 'open' }]));
}

/** One project row → the items it claims and the body of the 认领 form (same schema, same use case). */
export function projectRowChecker(
  items: Map<string, { id: number; open: boolean }>,
  pick: (v: RowValues, f: string) => string,
) {
  const taken = new Map<number, number>();
  return (v: RowValues, row: number): GoodProject => {
    const ids: number[] = [];
    for (const kind of ['need', 'resource'] as const) {
      const name = pick(v, kind);
      if (!name) continue;
      const item = items.get(`${kind}/${name}`);
      const label = kind === 'need' ? ['需求', 'need'] : ['资源', 'resource'];
      if (!item)
        throw rowError(
          kind,
          'ITEM_UNKNOWN',
          `${label[0]}清单中没有「${name}」`,
          `No ${label[1]} called "${name}" on the lists`,
        );
      if (!item.open)
        throw rowError(kind, 'ITEM_TAKEN', `「${name}」已被认领`, `"${name}" has already been claimed`);
      const first = taken.get(item.id);
      if (first && first !== row)
        throw rowError(
          kind,
          'ITEM_DUPLICATE_IN_FILE',
          `「${name}」已在第${first}行认领`,
          `"${name}" is claimed in row ${first}`,
        );
      taken.set(item.id, row);
      ids.push(item.id);
    }
    if (!ids.length)
      throw rowError(
        'need',
        'CLAIM_ITEM_REQUIRED',
        '请填写项目对应的需求或资源（清单中已有的名称）',
        'Name the need or resource (already on the lists) the project takes on',
      );
    const rawBudget = pick(v, 'budgetYuan').replace(/[,，\s元]/g, '');
    const budget = rawBudget ? Number(rawBudget) : 0;
    if (!Number.isFinite(budget))
      throw rowError(
        'budgetYuan',
        'BUDGET_INVALID',
        '预算应为金额（元）',
        'The budget must be an amount in yuan',
      );
    const parsed = ListClaimBody.safeParse({
      ownerName: pick(v, 'ownerName'),
      title: pick(v, 'title') || undefined,
      budgetYuan: budget,
      agreement: pick(v, 'agreement'),
    });
    if (!parsed.success) {
      const f = String(parsed.error.issues[0]!.path[0] ?? '');
      const msg: Record<string, [string, string]> = {
        ownerName: ['承接方必填（不超过50字）', 'Who takes it on is required (up to 50 characters)'],
        title: ['项目名称须2–80字', 'The project name needs 2–80 characters'],
        budgetYuan: ['预算应在0–1亿元之间', 'The budget must be 0–100,000,000 yuan'],
        agreement: ['协议要点不超过2000字', 'The agreement gist has up to 2,000 characters'],
      };
      const [zh, en] = msg[f] ?? ['填写有误', 'Invalid value'];
      throw rowError(f || null, 'ROW_INVALID', zh, en);
    }
    return { row, ids, body: parsed.data };
  };
}

const ImportQuery = z.object({ communityId: ListItemsQuery.shape.communityId });
const PreviewQuery = ImportQuery.extend({ list: z.enum(['items', 'projects']).default('items') });

/** 三张清单 import: template, preview (列对应), and the job (dry run, all or nothing, valid rows). */
export async function listImportRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/lists/import-template.xlsx', {
    schema: { tags, summary: '三张清单导入模板 / Template of the lists import' },
    handler: async (_req, reply) => {
      const rows: Record<string, string>[] = [
        {
          类别: '需求',
          发布方类型: '社区',
          发布方: '',
          名称: '老旧小区加装晾衣架',
          说明: '示例行，导入前请删除；发布方留空即为本社区',
        },
        {
          类别: '资源',
          发布方类型: '驻区单位',
          发布方: '区人民医院',
          名称: '每月义诊一次',
          说明: '可进社区开展慢病筛查',
        },
        {
          类别: '沉睡资源',
          发布方类型: '驻区单位',
          发布方: '区人防办',
          名称: '3号楼防空洞',
          说明: '约300平方米，通风良好',
          权属单位: '区人防办',
          闲置年限: '8',
          可转化用途: '社区活动室、共享仓库',
          预计撬动资金: '街道微实事资金5万元',
        },
      ];
      return sendXlsx(
        reply,
        '三张清单导入模板.xlsx',
        await workbookBuffer(
          '三张清单',
          TEMPLATE.map((h) => ({ header: h, key: h, width: ['说明', '可转化用途'].includes(h) ? 28 : 14 })),
          rows,
        ),
      );
    },
  });

  r.get('/api/lists/projects/import-template.xlsx', {
    schema: { tags, summary: '项目清单导入模板 / Template of the projects import' },
    handler: async (_req, reply) =>
      sendXlsx(
        reply,
        '项目清单导入模板.xlsx',
        await workbookBuffer(
          '项目清单',
          PROJECT_TEMPLATE.map((h) => ({ header: h, key: h, width: h === '协议要点' ? 30 : 16 })),
          [
            {
              项目名称: '防空洞改社区书吧',
              需求: '',
              资源: '3号楼防空洞',
              承接方: '区人防办',
              '预算（元）': '50000',
              协议要点: '示例行，导入前请删除；需求、资源填写清单中已有的名称，至少填一项',
            },
          ],
        ),
      ),
  });

  r.post('/api/lists/imports/preview', {
    schema: {
      tags,
      summary:
        '预览清单文件（表单字段 file）：表头、样例与建议的列对应 / Preview a lists file and the guessed mapping',
      querystring: PreviewQuery,
      consumes: ['multipart/form-data'],
      response: { 200: RosterPreview },
    },
    handler: async (req) => {
      await staffCommunity(pool, req.actor, req.query.communityId, 'participation.manage');
      const upload = await readUpload(req, MAX_FILE);
      const sheet = await readTableFile(upload.buffer);
      const projects = req.query.list === 'projects';
      const mapping = guessMapping(projects ? PROJECT_COLUMNS : LIST_COLUMNS, sheet.headers);
      return {
        fileName: upload.fileName,
        encoding: sheet.encoding,
        headers: sheet.headers,
        rows: sheet.rows.length,
        sample: sheet.rows.slice(0, 5).map((x) => x.values),
        mapping,
        missing: projects ? (mapping.ownerName ? [] : ['ownerName']) : mapping.title ? [] : ['title'],
      };
    },
  });

  r.post('/api/lists/imports', {
    schema: {
      tags,
      summary:
        '导入三张清单（表单字段 file, mode, list=need|resource|dormant|projects, mapping）/ Import the lists',
      querystring: ImportQuery,
      consumes: ['multipart/form-data'],
      response: { 202: ImportJob },
    },
    handler: async (req, reply) => {
      // the community (and the right to publish in it) before anything of the upload is read
      const c = await staffCommunity(pool, req.actor, req.query.communityId, 'participation.manage');
      const upload = await readUpload(req, MAX_FILE);
      const mode = ImportMode.safeParse(upload.fields.mode ?? 'dry_run');
      if (!mode.success) throw invalid('MODE_INVALID', '导入方式无效', 'Invalid import mode');
      const rawList = upload.fields.list ?? 'need';
      const projects = rawList === 'projects' || rawList === '项目清单';
      const list = projects ? 'need' : KIND[rawList];
      if (!list) throw invalid('LIST_INVALID', '清单类别无效', 'Invalid list');
      const columns = projects ? PROJECT_COLUMNS : LIST_COLUMNS;
      const sheet = await readTableFile(upload.buffer);
      const mapping = parseMapping(upload.fields.mapping, columns, sheet.headers);
      const missing = missingFields(columns, [projects ? 'ownerName' : 'title'], sheet.headers, mapping);
      if (missing.length)
        throw invalid(
          'COLUMNS_MISSING',
          `缺少必填列：${missing.join('、')}`,
          `Missing columns: ${missing.join(', ')}`,
          { missing },
        );
      const kind = projects ? 'list_projects' : 'lists';
      const id = await createImportJob(pool, {
        tenantId: c.tenantId,
        kind,
        fileName: upload.fileName,
        mode: mode.data,
        total: sheet.rows.length,
        userId: req.actor.userId,
      });
      const userId = req.actor.userId;
      const job = { tenantId: c.tenantId, id, mode: mode.data, kind };
      const pick = picker(columns, mapping);
      if (projects) {
        const check = projectRowChecker(await openItems(pool, c), pick);
        setImmediate(
          () =>
            void runRoster<GoodProject>(pool, req.actor, job, sheet.rows, {
              shown: (v) => v,
              check,
              // each row through the same use case as 认领 (an item claimed meanwhile fails the whole job: 409)
              write: async (tx, good) => {
                for (const g of good) await claimItems(tx, userId, c, g.ids, g.body);
              },
            }),
        );
      } else {
        const check = listRowChecker(c, list, pick);
        setImmediate(
          () =>
            void runRoster<GoodItem>(pool, req.actor, job, sheet.rows, {
              shown: (v) => v,
              check,
              conflicts: (db, good) => listConflicts(db, c, good),
              // each row through the same use case as the 发布 form (its audit event included)
              write: async (tx, good) => {
                for (const g of good) await publishItem(tx, userId, c, g.body);
              },
            }),
        );
      }
      const started = await findImportJob(pool, id, [c.tenantId], req.actor.userId, true);
      const { tenantId: _t, ...out } = started!;
      return reply.code(202).send(out);
    },
  });
}
