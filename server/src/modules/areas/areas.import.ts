import type { AreaProperties, ImportMode, ImportRowError } from '@doorstep/contract';
import type pg from 'pg';
import type { Actor } from '../../platform/access/scopes';
import { AppError } from '../../platform/http/errors';
import { finishImportJob, reportProgress } from '../../platform/imports/jobs';
import { findByCode, findChildByName } from './areas.queries';
import { createArea, updateArea } from './areas.service';
import { KIND_ZH, parseKind } from './codes';

/** Header aliases: the names staff's own spreadsheets use, mapped to ours. */
export const AREA_COLUMNS = {
  kind: ['类型', '层级', '级别', 'kind', 'type'],
  name: ['名称', '名字', 'name'],
  code: ['编码', '代码', 'code'],
  parentCode: ['上级编码', '上级代码', '父级编码', 'parent_code', 'parentcode'],
  households: ['户数', 'households'],
  population: ['人口', '常住人口', 'population'],
  buildings: ['楼栋数', 'buildings'],
  address: ['地址', 'address'],
  note: ['备注', 'note'],
} as const;

type Field = keyof typeof AREA_COLUMNS;
export const DEPTH = { street: 0, community: 1, grid: 2, compound: 3, building: 4 } as const;

const pick = (values: Record<string, string>, field: Field) => {
  for (const alias of AREA_COLUMNS[field])
    for (const [k, v] of Object.entries(values))
      if (k.trim().toLowerCase() === alias.toLowerCase()) return v.trim();
  return '';
};

export function missingColumns(headers: string[]): string[] {
  const have = headers.map((h) => h.trim().toLowerCase());
  return (['kind', 'name', 'parentCode'] as Field[])
    .filter((f) => !AREA_COLUMNS[f].some((a) => have.includes(a.toLowerCase())))
    .map((f) => AREA_COLUMNS[f][0]);
}

const rowError = (
  row: number,
  values: Record<string, string>,
  field: string | null,
  code: string,
  zh: string,
  en: string,
): ImportRowError => ({
  row,
  field,
  code,
  message: { 'zh-CN': zh, 'en-US': en },
  values,
});

function numberField(values: Record<string, string>, field: Field): number | undefined | 'bad' {
  const v = pick(values, field);
  if (!v) return undefined;
  const n = Number(v.replaceAll(',', ''));
  return Number.isFinite(n) && n >= 0 ? n : 'bad';
}

/**
 * Imports area rows in one transaction, each row under its own savepoint, using the same use cases as the
 * console — so a dry run reports exactly what a real run would do. Parents are created before children.
 */
export async function runAreaImport(
  pool: pg.Pool,
  actor: Actor,
  job: { tenantId: number; id: number; mode: ImportMode },
  rows: { row: number; values: Record<string, string> }[],
) {
  const errors: ImportRowError[] = [];
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const ordered = rows
    .map((r) => ({ ...r, kind: parseKind(pick(r.values, 'kind')) }))
    .sort((a, b) => (a.kind ? DEPTH[a.kind] : 9) - (b.kind ? DEPTH[b.kind] : 9) || a.row - b.row);
  const tx = await pool.connect();
  try {
    await tx.query('begin');
    let processed = 0;
    for (const r of ordered) {
      processed++;
      if (processed % 50 === 0) await reportProgress(pool, job.tenantId, job.id, processed, 'importing');
      const name = pick(r.values, 'name');
      const code = pick(r.values, 'code') || null;
      const parentCode = pick(r.values, 'parentCode');
      if (!r.kind) {
        errors.push(
          rowError(
            r.row,
            r.values,
            '类型',
            'KIND_INVALID',
            '类型应为 社区/网格/小区/楼栋',
            'Kind must be community, grid, compound or building',
          ),
        );
        continue;
      }
      if (!name) {
        errors.push(rowError(r.row, r.values, '名称', 'NAME_REQUIRED', '名称不能为空', 'Name is required'));
        continue;
      }
      const props: AreaProperties = {};
      let bad: string | null = null;
      for (const f of ['households', 'population', 'buildings'] as const) {
        const n = numberField(r.values, f);
        if (n === 'bad') bad = AREA_COLUMNS[f][0];
        else if (n !== undefined) props[f] = Math.round(n);
      }
      if (bad) {
        errors.push(
          rowError(
            r.row,
            r.values,
            bad,
            'NUMBER_INVALID',
            `${bad}应为非负整数`,
            `${bad} must be a whole number ≥ 0`,
          ),
        );
        continue;
      }
      const address = pick(r.values, 'address');
      const note = pick(r.values, 'note');
      if (address) props.address = address.slice(0, 200);
      if (note) props.note = note.slice(0, 500);
      await tx.query('savepoint row');
      try {
        let existing = code ? await findByCode(tx, job.tenantId, code) : null;
        if (!existing && !code && parentCode) {
          const parent = await findByCode(tx, job.tenantId, parentCode);
          if (parent) existing = await findChildByName(tx, job.tenantId, parent.id, r.kind, name);
        }
        if (existing && existing.kind !== r.kind)
          throw new AppError(
            422,
            'KIND_MISMATCH',
            `编码 ${code} 已是${KIND_ZH[existing.kind]}，与本行类型${KIND_ZH[r.kind]}不符`,
            `Code ${code} is a ${existing.kind}, not a ${r.kind}`,
          );
        if (existing) {
          const parent = existing.parentId
            ? await tx.query('select code from areas where tenant_id = $1 and id = $2', [
                job.tenantId,
                existing.parentId,
              ])
            : null;
          if (parentCode && parent && parent.rows[0]?.code !== parentCode)
            throw new AppError(
              422,
              'PARENT_DIFFERS',
              `编码 ${code} 已存在于其他上级下，如需调整请在区域树中移动`,
              `Code ${code} exists under another parent; move it in the tree instead`,
            );
          const same =
            existing.name === name &&
            JSON.stringify({ ...existing.properties, ...props }) === JSON.stringify(existing.properties);
          if (same) counts.unchanged++;
          else {
            await updateArea(tx, actor, existing.id, {
              version: existing.version,
              name,
              properties: { ...existing.properties, ...props },
            });
            counts.updated++;
          }
        } else {
          if (!parentCode)
            throw new AppError(422, 'PARENT_REQUIRED', '上级编码不能为空', 'Parent code is required');
          const parent = await findByCode(tx, job.tenantId, parentCode);
          if (!parent || parent.archivedAt)
            throw new AppError(
              422,
              'PARENT_NOT_FOUND',
              `上级编码 ${parentCode} 不存在（也不在本文件的有效行中）`,
              `Parent code ${parentCode} not found (in the tree or in this file's valid rows)`,
            );
          await createArea(tx, actor, { parentId: parent.id, kind: r.kind, name, code, properties: props });
          counts.created++;
        }
        await tx.query('release savepoint row');
      } catch (err) {
        await tx.query('rollback to savepoint row');
        if (!(err instanceof AppError)) throw err;
        const field = err.code.includes('CODE')
          ? '编码'
          : err.code.startsWith('PARENT')
            ? '上级编码'
            : err.code.includes('KIND')
              ? '类型'
              : null;
        errors.push(rowError(r.row, r.values, field, err.code, err.zh, err.en));
      }
    }
    const commit = job.mode === 'valid_rows' || (job.mode === 'all_or_nothing' && errors.length === 0);
    await tx.query(commit ? 'commit' : 'rollback');
    errors.sort((a, b) => a.row - b.row);
    await finishImportJob(pool, job.tenantId, job.id, {
      okCount: counts.created + counts.updated + counts.unchanged,
      errors,
      committed: commit,
      summary: counts,
    });
  } catch (err) {
    await tx.query('rollback').catch(() => {});
    await finishImportJob(pool, job.tenantId, job.id, {
      okCount: 0,
      errors,
      committed: false,
      failed: true,
      summary: { failure: (err as Error).message },
    });
  } finally {
    tx.release();
  }
}
