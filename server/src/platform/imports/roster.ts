import type { ImportMode, ImportRowError } from '@doorstep/contract';
import type pg from 'pg';
import type { Actor } from '../access/scopes';
import { recordAudit } from '../audit/audit';
import { inTx, type Queryable } from '../db/tx';
import { invalid } from '../http/errors';
import { finishImportJob, reportProgress } from './jobs';

/**
 * The roster import machinery shared by records' units and things and participation's 三张清单 (people have their own,
 * older copy in records.import.ts):
 * header aliases or an explicit mapping → per-row checks → one transaction for the valid rows, only when the mode
 * says so (dry run: never; all or nothing: only with no error; valid rows: the user chose partial commit).
 */

export type Columns = Record<string, readonly string[]>;
export type RowValues = Record<string, string>;
/** field → the file's header the user mapped to it */
export type Mapping = Record<string, string>;

/** A reader of one row's field: the mapped header, else the first alias present. */
export function picker(columns: Columns, mapping: Mapping = {}) {
  return (values: RowValues, field: string) => {
    const mapped = mapping[field];
    if (mapped !== undefined) return (values[mapped] ?? '').trim();
    for (const alias of columns[field] ?? [])
      for (const [k, v] of Object.entries(values))
        if (k.trim().toLowerCase() === alias.toLowerCase()) return v.trim();
    return '';
  };
}

/** Our field for each header, by alias (what the console offers before the user adjusts it). */
export function guessMapping(columns: Columns, headers: string[]): Mapping {
  const out: Mapping = {};
  for (const [field, aliases] of Object.entries(columns)) {
    const h = headers.find((x) => aliases.some((a) => a.toLowerCase() === x.trim().toLowerCase()));
    if (h !== undefined) out[field] = h;
  }
  return out;
}

/** Parses the optional `mapping` form field: JSON {field: header}, every field known and every header present. */
export function parseMapping(raw: string | undefined, columns: Columns, headers: string[]): Mapping {
  if (!raw) return {};
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    throw invalid('MAPPING_INVALID', '列对应关系格式有误', 'The column mapping is malformed');
  }
  if (!m || typeof m !== 'object' || Array.isArray(m))
    throw invalid('MAPPING_INVALID', '列对应关系格式有误', 'The column mapping is malformed');
  const out: Mapping = {};
  for (const [field, header] of Object.entries(m as Record<string, unknown>)) {
    if (!(field in columns) || typeof header !== 'string')
      throw invalid('MAPPING_INVALID', `未知字段：${field}`, `Unknown field: ${field}`);
    if (header === '') continue;
    if (!headers.includes(header))
      throw invalid('MAPPING_INVALID', `文件中没有列「${header}」`, `The file has no column "${header}"`);
    out[field] = header;
  }
  return out;
}

/** The required fields no header (or mapping) provides, by their template column name. */
export function missingFields(columns: Columns, required: string[], headers: string[], mapping: Mapping) {
  const guessed = { ...guessMapping(columns, headers), ...mapping };
  return required.filter((f) => !guessed[f]).map((f) => columns[f]![0]!);
}

export class RowError extends Error {
  constructor(
    public field: string | null,
    public code: string,
    public zh: string,
    public en: string,
  ) {
    super(code);
  }
}
export const rowError = (field: string | null, code: string, zh: string, en: string) =>
  new RowError(field, code, zh, en);

export interface RosterJob {
  tenantId: number;
  id: number;
  mode: ImportMode;
  kind: string;
}

/**
 * Runs a roster import job: `check` turns a row into a value or throws a RowError; `conflicts` checks the good rows
 * against the database (returning errors by row); `write` writes the survivors in one transaction with an audit.
 */
export async function runRoster<G extends { row: number }>(
  pool: pg.Pool,
  actor: Actor,
  job: RosterJob,
  rows: { row: number; values: RowValues }[],
  o: {
    shown: (values: RowValues) => Record<string, unknown>;
    check: (values: RowValues, row: number) => G;
    conflicts?: (db: Queryable, good: G[]) => Promise<Map<number, RowError>>;
    write: (tx: Queryable, good: G[]) => Promise<void>;
  },
) {
  try {
    const errors: ImportRowError[] = [];
    const fail = (row: number, values: RowValues, e: RowError) =>
      errors.push({
        row,
        field: e.field,
        code: e.code,
        message: { 'zh-CN': e.zh, 'en-US': e.en },
        values: o.shown(values),
      });
    let good: G[] = [];
    for (const [i, { row, values }] of rows.entries()) {
      if (i % 500 === 0) await reportProgress(pool, job.tenantId, job.id, i, 'checking');
      try {
        good.push(o.check(values, row));
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        fail(row, values, e);
      }
    }
    if (o.conflicts) {
      const bad = await o.conflicts(pool, good);
      const byRow = new Map(rows.map((r) => [r.row, r.values]));
      good = good.filter((g) => {
        const e = bad.get(g.row);
        if (e) fail(g.row, byRow.get(g.row)!, e);
        return !e;
      });
    }
    errors.sort((a, b) => a.row - b.row);
    const commit = job.mode === 'valid_rows' || (job.mode === 'all_or_nothing' && errors.length === 0);
    if (commit && good.length) {
      await reportProgress(pool, job.tenantId, job.id, rows.length, 'writing');
      await inTx(pool, async (tx) => {
        await o.write(tx, good);
        await recordAudit(tx, {
          tenantId: job.tenantId,
          actorUserId: actor.userId,
          action: `${job.kind}.import`,
          entityType: 'import_job',
          entityId: job.id,
          summary: { created: good.length, errors: errors.length, mode: job.mode },
        });
      });
    }
    await finishImportJob(pool, job.tenantId, job.id, {
      okCount: good.length,
      errors,
      committed: commit && good.length > 0,
      summary: { created: commit ? good.length : 0, wouldCreate: good.length },
    });
  } catch (err) {
    const e = err as { code?: string; constraint?: string; message: string };
    await finishImportJob(pool, job.tenantId, job.id, {
      okCount: 0,
      errors: [
        {
          row: 0,
          field: null,
          code: e.code === '23505' ? 'IMPORT_CONFLICT' : 'IMPORT_FAILED',
          message:
            e.code === '23505'
              ? {
                  'zh-CN': '导入时与同时进行的修改冲突，未做任何修改，请重试',
                  'en-US': 'A concurrent change conflicted; nothing was changed — retry',
                }
              : { 'zh-CN': '导入失败，未做任何修改', 'en-US': 'The import failed; nothing was changed' },
          values: { error: e.message.slice(0, 200) },
        },
      ],
      committed: false,
      failed: true,
    }).catch(() => {});
  }
}
