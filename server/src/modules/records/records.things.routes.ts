import {
  AuditList,
  IdParams,
  ImportJob,
  Thing,
  ThingBody,
  ThingClasses,
  ThingExportQuery,
  ThingList,
  ThingListQuery,
  ThingPatch,
  ThingState,
  VersionBody,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopesWith, tenantsOf } from '../../platform/access/policy';
import { listAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { invalid } from '../../platform/http/errors';
import { findImportJob } from '../../platform/imports/jobs';
import {
  checkThingCode,
  resolveClass,
  resolveSubclass,
  subclassName,
  THING_CLASSES,
  thingClass,
} from './records.codes';
import { firstSend, idempotencyKey } from './records.idempotency';
import { exportIds, needView, openImport, pageOfIds } from './records.listing';
import {
  areaIndex,
  buildingIndex,
  type Columns,
  missingFields,
  picker,
  rowError,
  runRoster,
} from './records.roster';
import { ensureAddress } from './records.service';
import {
  archiveThing,
  bumpThingSequence,
  createThing,
  districtOf,
  nextThingCode,
  presentThing,
  THING_SELECT,
  type ThingRow,
  thingFilter,
  thingFor,
  updateThing,
} from './records.things';

const tags = ['records'];
const ArchiveBody = VersionBody.extend({ archived: z.boolean().default(true) });

export const THING_STATE_ZH: Record<ThingState, string> = {
  intact: '完好',
  damaged: '破损',
  lost: '丢失',
  occupied: '占用',
  removed: '废弃',
};
const STATE_ALIASES: Record<string, ThingState> = {
  ...Object.fromEntries(Object.entries(THING_STATE_ZH).map(([k, v]) => [v, k as ThingState])),
  正常: 'intact',
  损坏: 'damaged',
  缺失: 'lost',
  被占用: 'occupied',
  报废: 'removed',
  ...Object.fromEntries(ThingState.options.map((k) => [k, k])),
};

export const THING_COLUMNS: Columns = {
  code: ['部件编码', '编码', '部件标识码', 'code'],
  classCode: ['大类代码', '大类', 'class'],
  subclassCode: ['小类代码', '小类', 'subclass'],
  name: ['部件名称', '名称', 'name'],
  state: ['状态', '部件状态', 'state'],
  area: ['所属网格', '网格', '所属区域', 'area'],
  compound: ['小区', 'compound'],
  building: ['楼栋', 'building'],
  lng: ['经度', 'lng', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
  note: ['备注', 'note'],
};
const TEMPLATE = Object.values(THING_COLUMNS).map((a) => a[0]!);
const EXPORT_COLUMNS = [
  { header: '部件编码', key: 'code', width: 20 },
  { header: '大类代码', key: 'classCode', width: 8 },
  { header: '小类代码', key: 'subclassCode', width: 8 },
  { header: '部件名称', key: 'name', width: 16 },
  { header: '状态', key: 'state', width: 8 },
  { header: '所属网格', key: 'area', width: 12 },
  { header: '地址', key: 'address', width: 24 },
  { header: '经度', key: 'lng', width: 12 },
  { header: '纬度', key: 'lat', width: 12 },
  { header: '备注', key: 'note', width: 24 },
];

interface GoodThing {
  row: number;
  /** a full code, or null: generated from prefix */
  code: string | null;
  prefix: string;
  seq: number;
  name: string;
  state: ThingState;
  areaId: number;
  buildingId: number | null;
  lng: number | null;
  lat: number | null;
  note: string;
}

/** 部件: list (and the map), detail, create (code given or generated), edit, archive, classes, import, export. */
export async function thingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;
  const oneThing = async (db: Queryable, id: number) =>
    presentThing((await db.query(`${THING_SELECT} where t.id = $1`, [id])).rows[0] as ThingRow);

  r.get('/api/records/thing-classes', {
    schema: { tags, summary: '部件大类与小类 / Thing classes', response: { 200: ThingClasses } },
    handler: async (req) => {
      needView(req.actor);
      const tenant = scopesWith(req.actor, 'records.view')[0]?.tenantId ?? tenantsOf(req.actor)[0];
      return {
        districtCode: tenant === undefined ? '' : await districtOf(pool, tenant),
        classes: THING_CLASSES.map((c) => ({
          code: c.code,
          name: c.name,
          subclasses: c.subclasses.map(([code, name]) => ({ code, name })),
        })),
      };
    },
  });

  r.get('/api/records/things', {
    schema: {
      tags,
      summary: '部件（编码、名称、大类/小类、状态、区域；地图一次最多500个）/ Things',
      querystring: ThingListQuery,
      response: { 200: ThingList },
    },
    handler: async (req) => {
      needView(req.actor);
      const { ids, total } = await pageOfIds(
        pool,
        await thingFilter(pool, req.actor, req.query),
        't.id',
        't.code',
        req.query,
      );
      const { rows } = await pool.query(`${THING_SELECT} where t.id = any($1::bigint[]) order by t.code`, [
        ids,
      ]);
      return { items: (rows as ThingRow[]).map(presentThing), total };
    },
  });

  r.get('/api/records/things/:id', {
    schema: { tags, summary: '部件详情 / A thing', params: IdParams, response: { 200: Thing } },
    handler: async (req) => presentThing(await thingFor(pool, req.actor, req.params.id, 'records.view')),
  });

  r.post('/api/records/things', {
    schema: {
      tags,
      summary: '登记部件（给出编码，或给出大类+小类自动编号）/ Add a thing',
      body: ThingBody,
      response: { 201: Thing },
    },
    handler: async (req, reply) =>
      reply
        .code(201)
        .send(await inTx(pool, async (tx) => oneThing(tx, await createThing(tx, req.actor, req.body)))),
  });

  r.patch('/api/records/things/:id', {
    schema: {
      tags,
      summary: '修改部件（状态、位置；版本号；可带 Idempotency-Key）/ Edit a thing',
      params: IdParams,
      body: ThingPatch,
      response: { 200: Thing },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        // the H5's offline queue sends an edit again until it hears back: once per key
        const key = idempotencyKey(req.headers);
        if (key) {
          const t = await thingFor(tx, req.actor, req.params.id, 'records.edit');
          if (!(await firstSend(tx, t.tenant_id, req.actor.userId, key, 'thing', t.id)))
            return oneThing(tx, t.id);
        }
        await updateThing(tx, req.actor, req.params.id, req.body);
        return oneThing(tx, req.params.id);
      }),
  });

  r.post('/api/records/things/:id/archive', {
    schema: {
      tags,
      summary: '归档或恢复部件 / Archive or restore a thing',
      params: IdParams,
      body: ArchiveBody,
      response: { 200: Thing },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        await archiveThing(tx, req.actor, req.params.id, req.body.version, req.body.archived);
        return oneThing(tx, req.params.id);
      }),
  });

  r.get('/api/records/things/:id/history', {
    schema: {
      tags,
      summary: '部件变更记录 / A thing’s history',
      params: IdParams,
      response: { 200: AuditList },
    },
    handler: async (req) => {
      const t = await thingFor(pool, req.actor, req.params.id, 'records.edit');
      return { items: await listAudit(pool, t.tenant_id, 'thing', t.id) };
    },
  });

  r.get('/api/records/things/import-template.xlsx', {
    schema: { tags, summary: '部件导入模板 / Things template' },
    handler: async (_req, reply) =>
      sendXlsx(
        reply,
        '部件导入模板.xlsx',
        await workbookBuffer(
          '部件',
          TEMPLATE.map((h) => ({ header: h, key: h, width: h === '部件编码' ? 20 : 10 })),
          [
            {
              部件编码: '',
              大类代码: '01',
              小类代码: '19',
              部件名称: '路灯',
              状态: '完好',
              所属网格: '第1网格',
              小区: '',
              楼栋: '',
              经度: '104.0484',
              纬度: '30.6131',
              备注: '示例行，导入前请删除；部件编码留空时按大类+小类自动编号（大类、小类可填代码或名称，如 公用设施、路灯）',
            },
          ],
        ),
      ),
  });

  r.post('/api/records/things/imports', {
    schema: {
      tags,
      summary: '导入部件（表单字段 file, mode, rootId, mapping）/ Import things',
      consumes: ['multipart/form-data'],
      response: { 202: ImportJob },
    },
    handler: async (req, reply) => {
      const { id, mode, root, sheet, mapping } = await openImport(
        pool,
        req,
        'things',
        THING_COLUMNS,
        (headers, mapping) => {
          const have = (f: string) => !missingFields(THING_COLUMNS, [f], headers, mapping).length;
          if (!have('code') && !(have('classCode') && have('subclassCode')))
            throw invalid(
              'COLUMNS_MISSING',
              '缺少必填列：部件编码，或 大类代码 + 小类代码',
              'Missing columns: 部件编码, or 大类代码 + 小类代码',
              { missing: ['部件编码'] },
            );
        },
      );
      const tenantId = root.tenant_id;
      const district = await districtOf(pool, tenantId);
      const building = await buildingIndex(pool, tenantId, root.path);
      const area = await areaIndex(pool, tenantId, root.path);
      const pick = picker(THING_COLUMNS, mapping);
      const seen = new Map<string, number>();
      setImmediate(
        () =>
          void runRoster<GoodThing>(pool, req.actor, { tenantId, id, mode, kind: 'things' }, sheet.rows, {
            shown: (v) => v,
            check: (v, row) => {
              const raw = pick(v, 'code');
              // 大类/小类 as codes ('01', '19') or as the standard names ('公用设施类', '路灯')
              const cls = raw ? '' : (resolveClass(pick(v, 'classCode')) ?? '99');
              const sub = raw ? '' : (resolveSubclass(cls, pick(v, 'subclassCode')) ?? '00');
              const c = checkThingCode(raw || `${district}${cls}${sub}000001`, district);
              if (!c.ok)
                throw rowError(
                  raw ? 'code' : 'classCode',
                  'THING_CODE_INVALID',
                  c.problem === 'district'
                    ? `部件编码前6位应为本区县代码 ${district}`
                    : c.problem === 'class'
                      ? '大类或小类代码无效'
                      : c.problem === 'sequence'
                        ? '流水号不能为000000'
                        : '部件编码应为16位数字',
                  c.problem === 'district'
                    ? `The code must start with the district code ${district}`
                    : c.problem === 'class'
                      ? 'Invalid class or subclass'
                      : c.problem === 'sequence'
                        ? 'The sequence cannot be 000000'
                        : 'A thing code has 16 digits',
                );
              if (raw) {
                const first = seen.get(c.code);
                if (first)
                  throw rowError(
                    'code',
                    'THING_CODE_DUPLICATE_IN_FILE',
                    `部件编码与第${first}行重复`,
                    `Same code as row ${first}`,
                  );
                seen.set(c.code, row);
              }
              const rawState = pick(v, 'state');
              const state = rawState ? STATE_ALIASES[rawState.toLowerCase()] : 'intact';
              if (!state)
                throw rowError(
                  'state',
                  'STATE_INVALID',
                  '状态应为 完好、破损、丢失、占用 或 废弃',
                  'State must be 完好, 破损, 丢失, 占用 or 废弃',
                );
              let buildingId: number | null = null;
              let areaId: number;
              if (pick(v, 'building')) {
                buildingId = building(pick(v, 'compound'), pick(v, 'building'));
                areaId = buildingId;
              } else if (pick(v, 'area')) areaId = area(pick(v, 'area'));
              else
                throw rowError(
                  'area',
                  'PLACE_REQUIRED',
                  '请填写所属网格或楼栋',
                  'Give the grid or a building',
                );
              const [rawLng, rawLat] = [pick(v, 'lng'), pick(v, 'lat')];
              let lng: number | null = null;
              let lat: number | null = null;
              if (rawLng || rawLat) {
                lng = Number(rawLng);
                lat = Number(rawLat);
                if (!rawLng || !rawLat || !(Math.abs(lng) <= 180) || !(Math.abs(lat) <= 90))
                  throw rowError(
                    'lng',
                    'POINT_INVALID',
                    '经纬度无效（需同时填写，如 104.0484、30.6131）',
                    'Invalid longitude/latitude',
                  );
              }
              const name =
                pick(v, 'name') ||
                subclassName(c.code.slice(6, 8), c.code.slice(8, 10)) ||
                thingClass(c.code.slice(6, 8))!.name;
              if (name.length > 50) throw rowError('name', 'NAME_TOO_LONG', '部件名称过长', 'Name too long');
              return {
                row,
                code: raw ? c.code : null,
                prefix: c.prefix,
                seq: c.seq,
                name,
                state,
                areaId,
                buildingId,
                lng,
                lat,
                note: pick(v, 'note').slice(0, 500),
              };
            },
            conflicts: async (db, good) => {
              const codes = good.filter((g) => g.code).map((g) => g.code!);
              const { rows } = await db.query(
                'select code from record_things where tenant_id = $1 and code = any($2::text[])',
                [tenantId, codes],
              );
              const taken = new Set(rows.map((x) => x.code as string));
              return new Map(
                good
                  .filter((g) => g.code && taken.has(g.code))
                  .map((g) => [
                    g.row,
                    rowError(
                      'code',
                      'THING_CODE_TAKEN',
                      '该部件编码已登记',
                      'That code is already registered',
                    ),
                  ]),
              );
            },
            write: async (tx, good) => {
              // explicit codes first move the counters past them; then the rows without a code are numbered
              for (const g of good) if (g.code) await bumpThingSequence(tx, tenantId, g.prefix, g.seq);
              for (const g of good) {
                const code = g.code ?? (await nextThingCode(tx, tenantId, g.prefix));
                const addressId = g.buildingId
                  ? await ensureAddress(tx, tenantId, g.buildingId, '', '')
                  : null;
                await tx.query(
                  `insert into record_things (tenant_id, code, name, state, area_id, address_id, lng, lat, note, created_by, updated_by)
                   values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
                  [
                    tenantId,
                    code,
                    g.name,
                    g.state,
                    g.areaId,
                    addressId,
                    g.lng,
                    g.lat,
                    g.note,
                    req.actor.userId,
                  ],
                );
              }
            },
          }),
      );
      return reply.code(202).send((await findImportJob(pool, id, [root.tenant_id], req.actor.userId, true))!);
    },
  });

  r.get('/api/records/things/export.xlsx', {
    schema: {
      tags,
      summary: '导出部件 Excel（与列表同样的筛选）/ Export things',
      querystring: ThingExportQuery,
    },
    handler: async (req, reply) => {
      needView(req.actor);
      const ids = await exportIds(pool, await thingFilter(pool, req.actor, req.query), 't.id', 't.code');
      const { rows } = await pool.query(`${THING_SELECT} where t.id = any($1::bigint[]) order by t.code`, [
        ids,
      ]);
      return sendXlsx(
        reply,
        '部件.xlsx',
        await workbookBuffer(
          '部件',
          EXPORT_COLUMNS,
          (rows as ThingRow[]).map(presentThing).map((t) => ({
            code: t.code,
            classCode: t.classCode,
            subclassCode: t.subclassCode,
            name: t.name,
            state: THING_STATE_ZH[t.state],
            area: t.area.name,
            address: t.address?.label ?? '',
            lng: t.lng ?? '',
            lat: t.lat ?? '',
            note: t.note,
          })),
        ),
      );
    },
  });
}
