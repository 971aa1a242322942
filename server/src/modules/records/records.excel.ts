import { ImportJob, ImportMode, PersonExportBody, PersonExportQuery } from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { can, scopesWith } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { binder } from '../../platform/db/bind';
import { inTx } from '../../platform/db/tx';
import { sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { forbidden, invalid } from '../../platform/http/errors';
import { createImportJob, findImportJob, readUpload } from '../../platform/imports/jobs';
import { readTableFile } from '../../platform/imports/table-file';
import { decrypt } from '../../platform/pii';
import { maskIdNumber, maskPhone } from '../../platform/privacy';
import {
  missingColumns,
  PERSON_COLUMNS,
  RESIDENCE_ZH,
  runPersonImport,
  TEMPLATE_HEADERS,
} from './records.import';
import { PERSON_SELECT, type PersonRow, personFilter, presentPerson, reach } from './records.queries';
import { parseMapping } from './records.roster';
import { areaFor } from './records.service';

const tags = ['records'];
const MAX_FILE = 10 * 1024 * 1024;
const MAX_EXPORT = 50_000;
const EXPORT_COLUMNS = [
  { header: '姓名', key: 'name', width: 10 },
  { header: '性别', key: 'gender', width: 6 },
  { header: '出生日期', key: 'birthDate', width: 12 },
  { header: '身份证号', key: 'idNumber', width: 22 },
  { header: '联系电话', key: 'phone', width: 14 },
  { header: '户籍/居住状态', key: 'residence', width: 12 },
  { header: '地址', key: 'address', width: 30 },
  { header: '所属区域', key: 'area', width: 14 },
  { header: '标签', key: 'tags', width: 24 },
  { header: '备注', key: 'note', width: 24 },
];

/** Roster template, import (dry run / all or nothing / valid rows) and Excel export, masked unless unmasked. */
export async function recordsExcelRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;
  const keys = ctx.config.pii;

  r.get('/api/records/people/import-template.xlsx', {
    schema: { tags, summary: '人员台账导入模板 / Roster import template' },
    handler: async (_req, reply) => {
      const example = {
        姓名: '张三',
        性别: '男',
        身份证号: '99010119800101001X',
        联系电话: '13900000000',
        出生日期: '1980-01-01',
        '户籍/居住状态': '常住',
        小区: '聚金万佳苑',
        楼栋: '1栋',
        单元: '1',
        房号: '101',
        标签: '独居老人、退役军人',
        备注: '示例行，导入前请删除',
      };
      return sendXlsx(
        reply,
        '人员台账导入模板.xlsx',
        await workbookBuffer(
          '人员',
          TEMPLATE_HEADERS.map((h) => ({ header: h, key: h, width: h === '身份证号' ? 22 : 12 })),
          [example],
        ),
      );
    },
  });

  r.post('/api/records/people/imports', {
    schema: {
      tags,
      summary: '导入人员台账（表单字段 file, mode, rootId, mapping；.xlsx 或 CSV）/ Import a people roster',
      consumes: ['multipart/form-data'],
      response: { 202: ImportJob },
    },
    handler: async (req, reply) => {
      const upload = await readUpload(req, MAX_FILE);
      const mode = ImportMode.safeParse(upload.fields.mode ?? 'dry_run');
      if (!mode.success) throw invalid('MODE_INVALID', '导入方式无效', 'Invalid import mode');
      const rootId = Number(upload.fields.rootId ?? scopesWith(req.actor, 'records.import')[0]?.areaId);
      if (!Number.isInteger(rootId) || rootId <= 0)
        throw invalid('ROOT_INVALID', '导入位置无效', 'Invalid import root');
      const root = await areaFor(pool, req.actor, rootId, 'records.import');
      const sheet = await readTableFile(upload.buffer);
      const mapping = parseMapping(upload.fields.mapping, PERSON_COLUMNS, sheet.headers);
      const missing = missingColumns(sheet.headers, mapping);
      if (missing.length)
        throw invalid(
          'COLUMNS_MISSING',
          `缺少必填列：${missing.join('、')}`,
          `Missing columns: ${missing.join(', ')}`,
          {
            missing,
          },
        );
      const id = await createImportJob(pool, {
        tenantId: root.tenant_id,
        kind: 'people',
        fileName: upload.fileName,
        mode: mode.data,
        total: sheet.rows.length,
        userId: req.actor.userId,
      });
      setImmediate(
        () =>
          void runPersonImport(
            pool,
            keys,
            req.actor,
            { tenantId: root.tenant_id, id, mode: mode.data, root: { id: root.id, path: root.path } },
            sheet.rows,
            mapping,
          ),
      );
      return reply.code(202).send((await findImportJob(pool, id, [root.tenant_id], req.actor.userId, true))!);
    },
  });

  const exportRows = (rows: PersonRow[], clear: boolean) =>
    rows.map((p) => {
      const s = presentPerson(keys, p);
      const id = decrypt(keys, p.id_number_enc);
      const phone = decrypt(keys, p.phone_enc);
      return {
        name: p.name,
        gender: p.gender === 'male' ? '男' : p.gender === 'female' ? '女' : '',
        birthDate: p.birth_date ?? '',
        idNumber: (clear ? id : maskIdNumber(id)) ?? '',
        phone: (clear ? phone : maskPhone(phone)) ?? '',
        residence: RESIDENCE_ZH[p.residence],
        address: s.address?.label ?? '',
        area: p.area_name,
        tags: p.tags.map((t) => t.name).join('、'),
        note: p.note,
      };
    });

  const load = async (actor: Actor, filters: Parameters<typeof personFilter>[3], unmaskOnly: boolean) => {
    const { from, values } = await personFilter(pool, keys, actor, filters);
    let sql = `select p.id ${from}`;
    if (unmaskOnly && !actor.isPlatformAdmin) {
      const b = binder(values);
      sql += ` and ${reach(actor, 'records.unmask', 'a', b)}`;
    }
    const ids = (await pool.query(`${sql} order by a.path, p.id limit ${MAX_EXPORT + 1}`, values)).rows.map(
      (x) => x.id,
    );
    if (ids.length > MAX_EXPORT)
      throw invalid(
        'EXPORT_TOO_LARGE',
        '一次最多导出5万人，请缩小筛选范围',
        'At most 50,000 people per export; narrow the filters',
      );
    const { rows } = await pool.query(
      `${PERSON_SELECT} where p.id = any($1::bigint[]) order by a.path, p.id`,
      [ids],
    );
    return rows as PersonRow[];
  };

  r.get('/api/records/people/export.xlsx', {
    schema: {
      tags,
      summary: '导出人员台账 Excel（与列表同样的筛选，脱敏）/ Export the roster (masked)',
      querystring: PersonExportQuery,
    },
    handler: async (req, reply) => {
      if (!scopesWith(req.actor, 'records.view').length && !req.actor.isPlatformAdmin) throw forbidden();
      if (req.query.areaId) await areaFor(pool, req.actor, req.query.areaId, 'records.view');
      const rows = await load(req.actor, req.query, false);
      return sendXlsx(
        reply,
        '人员台账.xlsx',
        await workbookBuffer('人员', EXPORT_COLUMNS, exportRows(rows, false)),
      );
    },
  });

  r.post('/api/records/people/export.xlsx', {
    schema: {
      tags,
      summary: '导出含完整身份证号和电话的台账（说明用途，逐人记入审计）/ Export with clear personal data',
      body: PersonExportBody,
    },
    handler: async (req, reply) => {
      // the same rule as unmasking one person: a scope holding records.unmask, never the platform admin
      const scopes = scopesWith(req.actor, 'records.unmask');
      if (!scopes.length || !can(req.actor, 'records.unmask'))
        throw forbidden(
          '只有社区书记和街道管理员可以导出完整信息',
          'Only community secretaries and street admins may export clear data',
        );
      const actor = { ...req.actor, isPlatformAdmin: false };
      if (req.body.filters.areaId) await areaFor(pool, actor, req.body.filters.areaId, 'records.unmask');
      const rows = await load(actor, { ...req.body.filters, archived: false }, true);
      await inTx(pool, async (tx) => {
        // one audit row per person, so each resident sees the export in 谁查看了我的信息
        await tx.query(
          `insert into audit_events (tenant_id, actor_user_id, action, entity_type, entity_id, summary)
           select t, $1, 'person.export', 'person', id::text, jsonb_build_object('purpose', $2::text)
             from unnest($3::bigint[], $4::bigint[]) as x (t, id)`,
          [req.actor.userId, req.body.purpose, rows.map((p) => p.tenant_id), rows.map((p) => p.id)],
        );
        for (const tenantId of new Set(scopes.map((s) => s.tenantId)))
          await recordAudit(tx, {
            tenantId,
            actorUserId: req.actor.userId,
            action: 'people.export',
            entityType: 'roster',
            entityId: 'people',
            summary: {
              purpose: req.body.purpose,
              count: rows.filter((p) => p.tenant_id === tenantId).length,
              // search values are personal data too: masked like everywhere else
              filters: {
                ...req.body.filters,
                idNumber: maskIdNumber(req.body.filters.idNumber),
                phone: maskPhone(req.body.filters.phone),
              },
            },
          });
      });
      return sendXlsx(
        reply,
        '人员台账（含完整信息）.xlsx',
        await workbookBuffer('人员', EXPORT_COLUMNS, exportRows(rows, true)),
      );
    },
  });
}
