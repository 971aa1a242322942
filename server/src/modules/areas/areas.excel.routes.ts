import { ExportQuery, ImportJob, ImportMode } from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, scopesWith, tenantFilter } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import type { AppContext } from '../../platform/context';
import { readSheet, sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { forbidden, invalid, notFound } from '../../platform/http/errors';
import { createImportJob, findImportJob, looksLikeXlsx, readUpload } from '../../platform/imports/jobs';
import { parseFeatures, runGeoJsonImport } from './areas.geojson-import';
import { missingColumns, runAreaImport } from './areas.import';
import { findArea, listSubtree } from './areas.queries';
import { viewRoots } from './areas.routes';
import { KIND_ZH } from './codes';

const tags = ['areas'];
const MAX_FILE = 10 * 1024 * 1024;
const COLUMNS = [
  { header: '类型', key: 'kind', width: 8 },
  { header: '名称', key: 'name', width: 22 },
  { header: '编码', key: 'code', width: 20 },
  { header: '上级编码', key: 'parentCode', width: 20 },
  { header: '户数', key: 'households', width: 8 },
  { header: '人口', key: 'population', width: 8 },
  { header: '楼栋数', key: 'buildings', width: 8 },
  { header: '地址', key: 'address', width: 24 },
  { header: '备注', key: 'note', width: 24 },
];

/** The node an import or export works under: the one named, or the actor's first scope with the right. */
async function importRoot(ctx: AppContext, actor: Actor, rootId: string | undefined) {
  if (rootId) {
    const id = Number(rootId);
    if (!Number.isInteger(id) || id <= 0)
      throw invalid('ROOT_INVALID', '导入位置无效', 'Invalid import root');
    const area = await findArea(ctx.pool, id, tenantFilter(actor));
    if (!area) throw notFound('Area', '区域');
    return area;
  }
  const scope = scopesWith(actor, 'area.import')[0] ?? viewRoots(actor)[0];
  if (!scope) throw forbidden();
  return (await findArea(ctx.pool, scope.areaId, [scope.tenantId]))!;
}

/**
 * Example rows that would import cleanly for this user: a new grid under their first community (next free
 * sequence number), a compound in it and a building in the compound.
 */
async function templateRows(ctx: AppContext, actor: Actor) {
  const scope = scopesWith(actor, 'area.import')[0] ?? viewRoots(actor)[0];
  const { rows } = await ctx.pool.query(
    `select c.code, (select coalesce(max(right(g.code, 3)::int), 0) + 1 from areas g
                      where g.tenant_id = c.tenant_id and g.parent_id = c.id and g.code ~ '^\\d{15}$') as next
       from areas c
      where c.kind = 'community' and c.code ~ '^\\d{12}$' and ($1::bigint is null or (c.tenant_id = $1 and c.path <@ $2::ltree))
      order by c.path limit 1`,
    [scope?.tenantId ?? null, scope?.path ?? null],
  );
  const community = rows[0]?.code ?? '990101001001';
  const grid = `${community}${String(rows[0]?.next ?? 7).padStart(3, '0')}`;
  return [
    {
      kind: '网格',
      name: `第${Number(grid.slice(-3))}网格`,
      code: grid,
      parentCode: community,
      households: 420,
    },
    {
      kind: '小区',
      name: '示例小区',
      code: `${grid}-01`,
      parentCode: grid,
      households: 300,
      address: '长江二路 1 号',
    },
    { kind: '楼栋', name: '1栋', code: `${grid}-01-01`, parentCode: `${grid}-01`, households: 60 },
  ];
}

/** Excel template, export, and the Excel/GeoJSON imports with progress and per-row reports. */
export async function areaExcelRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/areas/import-template.xlsx', {
    schema: { tags, summary: '区域导入模板 / Area import template' },
    handler: async (req, reply) => {
      const example = await templateRows(ctx, req.actor);
      return sendXlsx(reply, '区域导入模板.xlsx', await workbookBuffer('区域', COLUMNS, example));
    },
  });

  r.get('/api/areas/export.xlsx', {
    schema: { tags, summary: '导出区域树 Excel / Export the tree to Excel', querystring: ExportQuery },
    handler: async (req, reply) => {
      const root = await importRoot(ctx, req.actor, req.query.rootId ? String(req.query.rootId) : undefined);
      if (!can(req.actor, 'area.view', root)) throw notFound('Area', '区域');
      const rows = await listSubtree(
        ctx.pool,
        root.tenantId,
        root.path,
        req.query.includeArchived === 'true',
      );
      const codeById = new Map(rows.map((a) => [a.id, a.code]));
      const out = rows.map((a) => ({
        kind: KIND_ZH[a.kind],
        name: a.name,
        code: a.code ?? '',
        parentCode: a.parentId ? (codeById.get(a.parentId) ?? '') : '',
        ...a.properties,
        leadWorker: a.lead?.name ?? '',
        status: a.archivedAt ? '已归档' : '正常',
      }));
      const cols = [
        ...COLUMNS,
        { header: '网格员', key: 'leadWorker', width: 10 },
        { header: '状态', key: 'status', width: 8 },
      ];
      return sendXlsx(reply, `区域树-${root.name}.xlsx`, await workbookBuffer('区域', cols, out));
    },
  });

  r.post('/api/areas/imports', {
    schema: {
      tags,
      summary: 'Excel 导入区域（表单字段 file, mode, rootId）/ Import areas from Excel',
      consumes: ['multipart/form-data'],
      response: { 202: ImportJob },
    },
    handler: async (req, reply) => {
      const upload = await readUpload(req, MAX_FILE);
      const mode = ImportMode.safeParse(upload.fields.mode ?? 'dry_run');
      if (!mode.success) throw invalid('MODE_INVALID', '导入方式无效', 'Invalid import mode');
      const root = await importRoot(ctx, req.actor, upload.fields.rootId);
      if (!can(req.actor, 'area.import', root)) throw forbidden();
      if (!looksLikeXlsx(upload.buffer))
        throw invalid('FILE_NOT_XLSX', '请上传 .xlsx 格式的 Excel 文件', 'Upload an .xlsx Excel file');
      const sheet = await readSheet(upload.buffer).catch(() => {
        throw invalid('FILE_UNREADABLE', '无法读取该 Excel 文件', 'The Excel file cannot be read');
      });
      const missing = missingColumns(sheet.headers);
      if (missing.length)
        throw invalid(
          'COLUMNS_MISSING',
          `缺少必填列：${missing.join('、')}`,
          `Missing columns: ${missing.join(', ')}`,
          { missing },
        );
      const id = await createImportJob(ctx.pool, {
        tenantId: root.tenantId,
        kind: 'areas',
        fileName: upload.fileName,
        mode: mode.data,
        total: sheet.rows.length,
        userId: req.actor.userId,
      });
      setImmediate(
        () =>
          void runAreaImport(
            ctx.pool,
            req.actor,
            { tenantId: root.tenantId, id, mode: mode.data },
            sheet.rows,
          ),
      );
      return reply
        .code(202)
        .send((await findImportJob(ctx.pool, id, [root.tenantId], req.actor.userId, true))!);
    },
  });

  r.post('/api/areas/geojson-imports', {
    schema: {
      tags,
      summary: 'GeoJSON 导入网格边界（表单字段 file, mode, crs）/ Import grid outlines',
      consumes: ['multipart/form-data'],
      response: { 202: ImportJob },
    },
    handler: async (req, reply) => {
      const upload = await readUpload(req, MAX_FILE);
      const mode = ImportMode.safeParse(upload.fields.mode ?? 'dry_run');
      const crs = z.enum(['wgs84', 'gcj02']).safeParse(upload.fields.crs ?? 'wgs84');
      if (!mode.success || !crs.success)
        throw invalid('MODE_INVALID', '导入方式或坐标系无效', 'Invalid import mode or coordinate system');
      const root = await importRoot(ctx, req.actor, upload.fields.rootId);
      if (!can(req.actor, 'area.import', root)) throw forbidden();
      const features = parseFeatures(upload.buffer.toString('utf8'));
      if (!features)
        throw invalid(
          'FILE_NOT_GEOJSON',
          '请上传 GeoJSON（FeatureCollection）文件',
          'Upload a GeoJSON FeatureCollection',
        );
      const id = await createImportJob(ctx.pool, {
        tenantId: root.tenantId,
        kind: 'grid_outlines',
        fileName: upload.fileName,
        mode: mode.data,
        total: features.length,
        userId: req.actor.userId,
      });
      setImmediate(
        () =>
          void runGeoJsonImport(
            ctx.pool,
            req.actor,
            { tenantId: root.tenantId, id, mode: mode.data, crs: crs.data },
            features,
          ),
      );
      return reply
        .code(202)
        .send((await findImportJob(ctx.pool, id, [root.tenantId], req.actor.userId, true))!);
    },
  });
}
