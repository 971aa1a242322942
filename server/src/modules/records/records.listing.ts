import { ImportMode } from '@doorstep/contract';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { scopesWith } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import type { Queryable } from '../../platform/db/tx';
import { forbidden, invalid } from '../../platform/http/errors';
import { createImportJob, readUpload } from '../../platform/imports/jobs';
import { readTableFile } from '../../platform/imports/table-file';
import { type Columns, parseMapping } from './records.roster';
import { areaFor } from './records.service';

/**
 * The list-with-scope-and-import pattern units (实有单位) and things (部件) share: a FROM clause built for the actor
 * and the filters (`unitFilter`, `thingFilter`), a page of ids with the total, the export's ids under the same
 * filters, and the opening of a roster import (file, mode, root area, mapping, job).
 */
export interface ListFilter {
  from: string;
  values: unknown[];
}

const MAX_FILE = 10 * 1024 * 1024;
const MAX_EXPORT = 50_000;

/** Lists need records.view somewhere (or the platform administrator). */
export function needView(actor: Actor) {
  if (!scopesWith(actor, 'records.view').length && !actor.isPlatformAdmin) throw forbidden();
}

/** One page of ids (`idColumn` in `order`) and the total under the filter. */
export async function pageOfIds(
  db: Queryable,
  f: ListFilter,
  idColumn: string,
  order: string,
  q: { page: number; pageSize: number },
) {
  const n = f.values.length;
  const [page, count] = await Promise.all([
    db.query(`select ${idColumn} ${f.from} order by ${order} limit $${n + 1} offset $${n + 2}`, [
      ...f.values,
      q.pageSize,
      (q.page - 1) * q.pageSize,
    ]),
    db.query(`select count(*)::int as n ${f.from}`, f.values),
  ]);
  return { ids: page.rows.map((x) => Number(x.id)), total: count.rows[0].n as number };
}

/** All ids under the filter for an export, refused above 50,000 rows. */
export async function exportIds(db: Queryable, f: ListFilter, idColumn: string, order: string) {
  const ids = (
    await db.query(`select ${idColumn} ${f.from} order by ${order} limit ${MAX_EXPORT + 1}`, f.values)
  ).rows.map((x) => Number(x.id));
  if (ids.length > MAX_EXPORT)
    throw invalid(
      'EXPORT_TOO_LARGE',
      '一次最多导出5万条，请缩小筛选范围',
      'At most 50,000 rows; narrow the filters',
    );
  return ids;
}

/**
 * Reads a roster upload (form fields file, mode, rootId, mapping): the mode, the root area the actor may import
 * into, the table and the column mapping. `requireColumns` refuses a file missing its required columns before any
 * job exists; then the job row is created.
 */
export async function openImport(
  pool: pg.Pool,
  req: FastifyRequest,
  kind: string,
  columns: Columns,
  requireColumns: (headers: string[], mapping: ReturnType<typeof parseMapping>) => void,
) {
  const upload = await readUpload(req, MAX_FILE);
  const mode = ImportMode.safeParse(upload.fields.mode ?? 'dry_run');
  if (!mode.success) throw invalid('MODE_INVALID', '导入方式无效', 'Invalid import mode');
  const rootId = Number(upload.fields.rootId ?? scopesWith(req.actor, 'records.import')[0]?.areaId);
  if (!Number.isInteger(rootId) || rootId <= 0)
    throw invalid('ROOT_INVALID', '导入位置无效', 'Invalid import root');
  const root = await areaFor(pool, req.actor, rootId, 'records.import');
  const sheet = await readTableFile(upload.buffer);
  const mapping = parseMapping(upload.fields.mapping, columns, sheet.headers);
  requireColumns(sheet.headers, mapping);
  const id = await createImportJob(pool, {
    tenantId: root.tenant_id,
    kind,
    fileName: upload.fileName,
    mode: mode.data,
    total: sheet.rows.length,
    userId: req.actor.userId,
  });
  return { id, mode: mode.data, root, sheet, mapping };
}
