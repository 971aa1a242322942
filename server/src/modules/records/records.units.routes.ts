import {
  AuditList,
  IdParams,
  ImportJob,
  MerchantAccountList,
  Unit,
  UnitBody,
  UnitExportQuery,
  UnitKind,
  UnitList,
  UnitListQuery,
  UnitPatch,
  UnitUnmasked,
  UnmaskBody,
  VersionBody,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, tenantFilter } from '../../platform/access/policy';
import { listAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { invalid } from '../../platform/http/errors';
import { findImportJob } from '../../platform/imports/jobs';
import { encrypt, lookupHash, normalisePhone } from '../../platform/pii';
import { maskPhone } from '../../platform/privacy';
import { merchantAccounts } from '../ledger';
import { checkCreditCode } from './records.codes';
import { exportIds, needView, openImport, pageOfIds } from './records.listing';
import {
  areaIndex,
  buildingIndex,
  type Columns,
  missingFields,
  picker,
  type RowValues,
  rowError,
  runRoster,
} from './records.roster';
import { backfillPinyin } from './records.search';
import { ensureAddress } from './records.service';
import {
  archiveUnit,
  createUnit,
  presentUnits,
  readUnmaskedUnit,
  UNIT_SELECT,
  type UnitRow,
  uniqueUnit,
  unitFilter,
  unitFor,
  unmaskUnit,
  updateUnit,
} from './records.units';

const tags = ['records'];
const ArchiveBody = VersionBody.extend({ archived: z.boolean().default(true) });

export const UNIT_KIND_ZH: Record<UnitKind, string> = {
  resident_unit: '驻区单位',
  property: '物业',
  social_org: '社会组织',
  merchant: '商户',
  enterprise: '企业',
  other: '其他',
};
const KIND_ALIASES: Record<string, UnitKind> = {
  驻区单位: 'resident_unit',
  机关事业单位: 'resident_unit',
  事业单位: 'resident_unit',
  物业: 'property',
  物业公司: 'property',
  物业服务企业: 'property',
  社会组织: 'social_org',
  社团: 'social_org',
  商户: 'merchant',
  个体工商户: 'merchant',
  门店: 'merchant',
  沿街商户: 'merchant',
  企业: 'enterprise',
  公司: 'enterprise',
  其他: 'other',
  ...Object.fromEntries(UnitKind.options.map((k) => [k, k])),
};

/** Header aliases of the units roster (the first one is the template's column). */
export const UNIT_COLUMNS: Columns = {
  name: ['单位名称', '名称', '商户名称', '店名', '企业名称', '单位', 'name'],
  kind: ['单位类型', '类型', '类别', 'kind'],
  creditCode: ['统一社会信用代码', '信用代码', '营业执照号', '注册号', 'credit_code'],
  compound: ['小区', '小区名称', 'compound'],
  building: ['楼栋', '楼号', '楼栋号', 'building'],
  unit: ['单元', '单元号', 'unit'],
  room: ['房号', '门牌号', '室', 'room'],
  area: ['所属网格', '网格', '所属区域', 'area'],
  addressNote: ['详细地址', '地址说明', '门牌', 'address'],
  contactName: ['联系人', '负责人', 'contact_name'],
  contactPhone: ['联系电话', '电话', '手机号', 'contact_phone'],
  note: ['备注', 'note'],
};
const UNIT_TEMPLATE = Object.values(UNIT_COLUMNS).map((a) => a[0]!);
const EXPORT_COLUMNS = [
  { header: '单位名称', key: 'name', width: 24 },
  { header: '单位类型', key: 'kind', width: 10 },
  { header: '统一社会信用代码', key: 'creditCode', width: 22 },
  { header: '地址', key: 'address', width: 30 },
  { header: '详细地址', key: 'addressNote', width: 16 },
  { header: '所属区域', key: 'area', width: 12 },
  { header: '联系人', key: 'contactName', width: 10 },
  { header: '联系电话', key: 'contactPhone', width: 14 },
  { header: '商户账户', key: 'ledger', width: 18 },
  { header: '备注', key: 'note', width: 24 },
];

/** Error rows keep the original values, the contact phone masked (the job row is stored). */
function shown(values: RowValues) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values))
    out[k] = UNIT_COLUMNS.contactPhone!.some((a) => a.toLowerCase() === k.trim().toLowerCase())
      ? (maskPhone(v) ?? '')
      : v;
  return out;
}

interface GoodUnit {
  row: number;
  name: string;
  kind: UnitKind;
  creditCode: string | null;
  buildingId: number | null;
  areaId: number;
  unit: string;
  room: string;
  addressNote: string;
  contactName: string;
  contactPhone: string | null;
  note: string;
}

/** 实有单位: list, detail, create, edit, archive, history, merchant accounts, template, import, export. */
export async function unitRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;
  const keys = ctx.config.pii;
  const oneUnit = async (db: Queryable, id: number) =>
    (await presentUnits(db, keys, [(await db.query(`${UNIT_SELECT} where u.id = $1`, [id])).rows[0]]))[0]!;

  r.get('/api/records/units', {
    schema: {
      tags,
      summary: '实有单位（名称模糊、信用代码、地址、类型、区域）/ Units and merchants',
      querystring: UnitListQuery,
      response: { 200: UnitList },
    },
    handler: async (req) => {
      needView(req.actor);
      const { ids, total } = await pageOfIds(
        pool,
        await unitFilter(pool, req.actor, req.query),
        'u.id',
        'a.path, u.name, u.id',
        req.query,
      );
      const { rows } = await pool.query(`${UNIT_SELECT} where u.id = any($1::bigint[])`, [ids]);
      const byId = new Map(rows.map((x) => [Number(x.id), x as UnitRow]));
      return {
        items: await presentUnits(
          pool,
          keys,
          ids.map((id) => byId.get(id)!),
        ),
        total,
      };
    },
  });

  r.get('/api/records/units/:id', {
    schema: { tags, summary: '单位详情（联系电话脱敏）/ A unit', params: IdParams, response: { 200: Unit } },
    handler: async (req) => {
      await unitFor(pool, req.actor, req.params.id, 'records.view');
      return oneUnit(pool, req.params.id);
    },
  });

  r.post('/api/records/units', {
    schema: { tags, summary: '登记单位或商户 / Add a unit', body: UnitBody, response: { 201: Unit } },
    handler: async (req, reply) => {
      const out = await inTx(pool, async (tx) => {
        const id = await createUnit(tx, keys, req.actor, req.body);
        return oneUnit(tx, id);
      }).catch(uniqueUnit);
      return reply.code(201).send(out);
    },
  });

  r.patch('/api/records/units/:id', {
    schema: {
      tags,
      summary: '修改单位（版本号，冲突 409）/ Edit a unit',
      params: IdParams,
      body: UnitPatch,
      response: { 200: Unit },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        await updateUnit(tx, keys, req.actor, req.params.id, req.body);
        return oneUnit(tx, req.params.id);
      }).catch(uniqueUnit),
  });

  r.post('/api/records/units/:id/archive', {
    schema: {
      tags,
      summary: '归档或恢复单位 / Archive or restore a unit',
      params: IdParams,
      body: ArchiveBody,
      response: { 200: Unit },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        await archiveUnit(tx, req.actor, req.params.id, req.body.version, req.body.archived);
        return oneUnit(tx, req.params.id);
      }).catch(uniqueUnit),
  });

  r.get('/api/records/units/:id/history', {
    schema: {
      tags,
      summary: '单位变更记录 / A unit’s change history',
      params: IdParams,
      response: { 200: AuditList },
    },
    handler: async (req) => {
      const u = await unitFor(pool, req.actor, req.params.id, 'records.edit');
      return { items: await listAudit(pool, u.tenant_id, 'unit', u.id) };
    },
  });

  r.post('/api/records/units/:id/unmask', {
    schema: {
      tags,
      summary: '查看完整联系电话（说明用途，10分钟有效，记入审计）/ Unmask a unit’s contact phone',
      params: IdParams,
      body: UnmaskBody,
      response: { 200: UnitUnmasked },
    },
    handler: async (req) =>
      inTx(pool, (tx) => unmaskUnit(tx, keys, req.actor, req.params.id, req.body.purpose)),
  });

  r.get('/api/records/units/:id/unmask', {
    schema: {
      tags,
      summary: '授权有效期内再次查看完整联系电话 / Read again while the grant lasts',
      params: IdParams,
      response: { 200: UnitUnmasked },
    },
    handler: async (req) => inTx(pool, (tx) => readUnmaskedUnit(tx, keys, req.actor, req.params.id)),
  });

  r.get('/api/records/merchant-accounts', {
    schema: {
      tags,
      summary: '可关联的积分台账商户账户 / Merchant ledger accounts to link',
      response: { 200: MerchantAccountList },
    },
    handler: async (req) => {
      needView(req.actor);
      const accounts = (await merchantAccounts(pool, tenantFilter(req.actor))).filter((a) =>
        can(req.actor, 'records.view', { tenantId: a.tenantId, path: a.areaPath }),
      );
      const { rows } = await pool.query(
        `select tenant_id, ledger_account_id, id from record_units
          where archived_at is null and ledger_account_id is not null and tenant_id = any($1::bigint[])`,
        [[...new Set(accounts.map((a) => a.tenantId))]],
      );
      const linked = new Map(rows.map((x) => [`${x.tenant_id}/${x.ledger_account_id}`, Number(x.id)]));
      return {
        items: accounts.map((a) => ({
          id: a.id,
          name: a.name,
          unit: a.unit,
          balance: a.balance,
          communityName: a.areaName,
          linkedUnitId: linked.get(`${a.tenantId}/${a.id}`) ?? null,
        })),
      };
    },
  });

  // ——— Excel ———
  r.get('/api/records/units/import-template.xlsx', {
    schema: { tags, summary: '实有单位导入模板 / Units roster template' },
    handler: async (_req, reply) => {
      const example: Record<string, string> = {
        单位名称: '周记理发店',
        单位类型: '商户',
        统一社会信用代码: '92990101MA6CK0QX8F',
        小区: '聚金万佳苑',
        楼栋: '1栋',
        单元: '',
        房号: '',
        所属网格: '',
        详细地址: '底商 3 号',
        联系人: '周老板',
        联系电话: '13800000007',
        备注: '示例行，导入前请删除；没有楼栋的单位填写所属网格',
      };
      return sendXlsx(
        reply,
        '实有单位导入模板.xlsx',
        await workbookBuffer(
          '单位',
          UNIT_TEMPLATE.map((h) => ({ header: h, key: h, width: h === '统一社会信用代码' ? 22 : 12 })),
          [example],
        ),
      );
    },
  });

  r.post('/api/records/units/imports', {
    schema: {
      tags,
      summary: '导入实有单位（表单字段 file, mode, rootId, mapping）/ Import a units roster',
      consumes: ['multipart/form-data'],
      response: { 202: ImportJob },
    },
    handler: async (req, reply) => {
      const { id, mode, root, sheet, mapping } = await openImport(
        pool,
        req,
        'units',
        UNIT_COLUMNS,
        (headers, mapping) => {
          const missing = missingFields(UNIT_COLUMNS, ['name'], headers, mapping);
          if (missing.length)
            throw invalid(
              'COLUMNS_MISSING',
              `缺少必填列：${missing.join('、')}`,
              `Missing columns: ${missing.join(', ')}`,
              { missing },
            );
        },
      );
      const building = await buildingIndex(pool, root.tenant_id, root.path);
      const area = await areaIndex(pool, root.tenant_id, root.path);
      const pick = picker(UNIT_COLUMNS, mapping);
      const seen = new Map<string, number>();
      const tenantId = root.tenant_id;
      setImmediate(
        () =>
          void runRoster<GoodUnit>(pool, req.actor, { tenantId, id, mode, kind: 'units' }, sheet.rows, {
            shown,
            check: (v, row) => {
              const name = pick(v, 'name');
              if (!name || name.length > 100)
                throw rowError(
                  'name',
                  'NAME_REQUIRED',
                  '单位名称必填（不超过100字）',
                  'Name is required (up to 100 characters)',
                );
              const rawKind = pick(v, 'kind');
              const kind = rawKind ? KIND_ALIASES[rawKind.toLowerCase()] : 'other';
              if (!kind)
                throw rowError(
                  'kind',
                  'KIND_INVALID',
                  '单位类型应为 驻区单位、物业、社会组织、商户、企业 或 其他',
                  'Kind must be 驻区单位, 物业, 社会组织, 商户, 企业 or 其他',
                );
              let creditCode: string | null = null;
              const rawCode = pick(v, 'creditCode');
              if (rawCode) {
                const c = checkCreditCode(rawCode);
                if (!c.ok)
                  throw c.problem === 'checksum'
                    ? rowError(
                        'creditCode',
                        'CREDIT_CODE_CHECKSUM',
                        '统一社会信用代码校验位不正确',
                        'The credit code check character is wrong',
                      )
                    : rowError(
                        'creditCode',
                        'CREDIT_CODE_FORMAT',
                        '信用代码应为18位统一社会信用代码或6–30位注册号',
                        'A credit code has 18 characters (or a 6–30 character licence number)',
                      );
                creditCode = c.code;
                const first = seen.get(c.code);
                if (first && first !== row)
                  throw rowError(
                    'creditCode',
                    'CREDIT_CODE_DUPLICATE_IN_FILE',
                    `信用代码与第${first}行重复`,
                    `Same credit code as row ${first}`,
                  );
                seen.set(c.code, row);
              }
              let contactPhone: string | null = null;
              const rawPhone = pick(v, 'contactPhone');
              if (rawPhone) {
                contactPhone = normalisePhone(rawPhone);
                if (!contactPhone)
                  throw rowError(
                    'contactPhone',
                    'PHONE_INVALID',
                    '联系电话格式不正确',
                    'Invalid phone number',
                  );
              }
              const rawBuilding = pick(v, 'building');
              const rawArea = pick(v, 'area');
              let buildingId: number | null = null;
              let areaId: number;
              if (rawBuilding) {
                buildingId = building(pick(v, 'compound'), rawBuilding);
                areaId = buildingId;
              } else if (rawArea) areaId = area(rawArea);
              else
                throw rowError(
                  'building',
                  'PLACE_REQUIRED',
                  '请填写楼栋，或没有楼栋时填写所属网格',
                  'Give a building, or the grid when there is none',
                );
              const unit = pick(v, 'unit').replace(/单元$/, '');
              const room = pick(v, 'room').replace(/[室号]$/, '');
              if (unit.length > 20 || room.length > 20 || !/^[\p{L}\p{N}-]*$/u.test(unit + room))
                throw rowError('room', 'ROOM_INVALID', '单元或房号无效', 'Invalid unit or room');
              const addressNote = pick(v, 'addressNote');
              const contactName = pick(v, 'contactName');
              if (addressNote.length > 100 || contactName.length > 50)
                throw rowError(
                  addressNote.length > 100 ? 'addressNote' : 'contactName',
                  'TOO_LONG',
                  '详细地址或联系人过长',
                  'Address note or contact too long',
                );
              return {
                row,
                name,
                kind,
                creditCode,
                buildingId,
                areaId,
                unit,
                room,
                addressNote,
                contactName,
                contactPhone,
                note: pick(v, 'note').slice(0, 500),
              };
            },
            conflicts: async (db, good) => {
              const codes = good.filter((g) => g.creditCode).map((g) => g.creditCode!);
              const { rows } = await db.query(
                'select credit_code from record_units where tenant_id = $1 and archived_at is null and credit_code = any($2::text[])',
                [tenantId, codes],
              );
              const taken = new Set(rows.map((x) => x.credit_code as string));
              return new Map(
                good
                  .filter((g) => g.creditCode && taken.has(g.creditCode))
                  .map((g) => [
                    g.row,
                    rowError(
                      'creditCode',
                      'CREDIT_CODE_TAKEN',
                      '该信用代码已登记',
                      'That credit code is already on the roster',
                    ),
                  ]),
              );
            },
            write: async (tx, good) => {
              const addresses = new Map<string, number>();
              for (const g of good) {
                let addressId: number | null = null;
                if (g.buildingId) {
                  const key = `${g.buildingId}/${g.unit}/${g.room}`;
                  addressId =
                    addresses.get(key) ?? (await ensureAddress(tx, tenantId, g.buildingId, g.unit, g.room));
                  addresses.set(key, addressId);
                }
                await tx.query(
                  `insert into record_units (tenant_id, name, kind, credit_code, area_id, address_id, address_note, contact_name,
                                               contact_phone_enc, contact_phone_hash, note, created_by, updated_by)
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
                  [
                    tenantId,
                    g.name,
                    g.kind,
                    g.creditCode,
                    g.areaId,
                    addressId,
                    g.addressNote,
                    g.contactName,
                    encrypt(keys, g.contactPhone),
                    g.contactPhone ? lookupHash(keys, 'phone', g.contactPhone) : null,
                    g.note,
                    req.actor.userId,
                  ],
                );
              }
              await backfillPinyin(tx, tenantId);
            },
          }),
      );
      return reply.code(202).send((await findImportJob(pool, id, [root.tenant_id], req.actor.userId, true))!);
    },
  });

  r.get('/api/records/units/export.xlsx', {
    schema: {
      tags,
      summary: '导出实有单位 Excel（与列表同样的筛选，电话脱敏）/ Export units (masked)',
      querystring: UnitExportQuery,
    },
    handler: async (req, reply) => {
      needView(req.actor);
      const ids = await exportIds(
        pool,
        await unitFilter(pool, req.actor, req.query),
        'u.id',
        'a.path, u.name, u.id',
      );
      const { rows } = await pool.query(
        `${UNIT_SELECT} where u.id = any($1::bigint[]) order by a.path, u.name, u.id`,
        [ids],
      );
      const units = await presentUnits(pool, keys, rows as UnitRow[]);
      return sendXlsx(
        reply,
        '实有单位.xlsx',
        await workbookBuffer(
          '单位',
          EXPORT_COLUMNS,
          units.map((u) => ({
            name: u.name,
            kind: UNIT_KIND_ZH[u.kind],
            creditCode: u.creditCode ?? '',
            address: u.address?.label ?? '',
            addressNote: u.addressNote,
            area: u.area.name,
            contactName: u.contactName,
            contactPhone: u.contactPhone ?? '',
            ledger: u.ledgerAccount?.name ?? '',
            note: u.note,
          })),
        ),
      );
    },
  });
}
