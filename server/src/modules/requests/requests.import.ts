import { createHash } from 'node:crypto';
import type { HistoryField, HistoryMapping, ImportMode, ImportRowError } from '@doorstep/contract';
import type pg from 'pg';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import { finishImportJob, reportProgress } from '../../platform/imports/jobs';
import { readTableFile, type TableFile } from '../../platform/imports/table-file';
import { locateGrid, placeOf } from '../areas';
import { deadlinesFor } from './sla';
import { type CategoryRow, forgetModel, loadCategories, suggestCategories } from './suggest';

/** Header names that 12345 exports and communities' own 台账 use, per field (first match wins). */
export const HISTORY_ALIASES: Record<HistoryField, string[]> = {
  description: [
    '诉求内容',
    '反映内容',
    '问题描述',
    '事项描述',
    '诉求描述',
    '来电内容',
    '内容',
    '描述',
    'description',
  ],
  createdAt: [
    '来电时间',
    '受理时间',
    '登记时间',
    '上报时间',
    '创建时间',
    '反映时间',
    '时间',
    '日期',
    'created_at',
  ],
  address: ['诉求地址', '事发地址', '发生地点', '地址', '地点', '位置', 'address'],
  category: ['问题分类', '诉求类别', '诉求分类', '事项类型', '问题类型', '分类', '类别', 'category'],
  nature: ['诉求性质', '来电类型', '性质', 'nature'],
  sourceRef: ['工单编号', '工单号', '案件编号', '编号', 'source_ref'],
  closedAt: ['办结时间', '结案时间', '完成时间', '处理完成时间', 'closed_at'],
  resolved: ['是否解决', '解决情况', '处理结果', 'resolved'],
  satisfaction: ['满意度', '满意程度', '回访结果', '评价', 'satisfaction'],
  lng: ['经度', 'lng', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
  reporterName: ['来电人', '诉求人', '反映人', '姓名', 'reporter'],
};
const REQUIRED: HistoryField[] = ['description', 'createdAt'];

/** What staff upload: .xlsx or CSV (UTF-8 or GB18030), read by the platform's table reader. */
export type Sheet = TableFile;
export const readHistoryFile = readTableFile;

/** The mapping we would use for these headers (exact alias first, then a header that contains an alias). */
export function guessMapping(headers: string[]): HistoryMapping {
  const mapping: HistoryMapping = {};
  const taken = new Set<string>();
  const norm = (s: string) => s.trim().toLowerCase();
  for (const pass of ['exact', 'contains'] as const)
    for (const [field, aliases] of Object.entries(HISTORY_ALIASES) as [HistoryField, string[]][]) {
      if (mapping[field]) continue;
      for (const alias of aliases) {
        const hit = headers.find(
          (h) =>
            !taken.has(h) && (pass === 'exact' ? norm(h) === norm(alias) : norm(h).includes(norm(alias))),
        );
        if (hit) {
          mapping[field] = hit;
          taken.add(hit);
          break;
        }
      }
    }
  return mapping;
}

export const missingFields = (mapping: HistoryMapping) => REQUIRED.filter((f) => !mapping[f]);

/**
 * A date-time as staff's files write it, read as China Standard Time: 2025-06-03 09:14, 2025/6/3 9:14:05,
 * 2025年6月3日 9时14分, 20250603, an Excel serial day number, or the ISO text an Excel date cell becomes.
 */
export function parseChinaTime(raw: string): Date | null {
  const v = raw.trim();
  if (!v) return null;
  if (/^\d{5}(\.\d+)?$/.test(v)) {
    // Excel serial date: days since 1899-12-30, wall-clock time
    const ms = Math.round((Number(v) - 25569) * 86400_000);
    return new Date(ms - 8 * 3600_000);
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/.exec(v);
  // exceljs turns a date cell's wall-clock time into a UTC instant: read it back as Beijing wall-clock
  if (iso) return wall(+iso[1]!, +iso[2]!, +iso[3]!, +iso[4]!, +iso[5]!, +iso[6]!);
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[\sT]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?)?分?)?$/.exec(
      v,
    ) ?? /^(\d{4})(\d{2})(\d{2})(?:\s*(\d{2}):?(\d{2})(?::?(\d{2}))?)?$/.exec(v);
  if (!m) return null;
  return wall(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
}

function wall(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const t = new Date(Date.UTC(y, mo - 1, d, h - 8, mi, s));
  // 2025-02-30 rolls over: refuse it
  return new Date(t.getTime() + 8 * 3600_000).getUTCDate() === d ? t : null;
}

const NATURE: Record<string, string> = {
  咨询: 'consult',
  求助: 'help',
  求决: 'help',
  投诉: 'complaint',
  举报: 'report',
  建议: 'suggestion',
};
const RESOLVED: [RegExp, 'yes' | 'partly' | 'no'][] = [
  [/未解决|没有解决|否|不解决/, 'no'],
  [/部分|基本解决/, 'partly'],
  [/已解决|解决|是|办结/, 'yes'],
];
const SATISFACTION: [RegExp, 'satisfied' | 'basic' | 'unsatisfied' | null][] = [
  [/未评价|未回访|无|^$/, null],
  [/不满意/, 'unsatisfied'],
  [/基本满意|一般|较满意/, 'basic'],
  [/满意/, 'satisfied'],
];
const match = <T>(table: [RegExp, T][], v: string): T | undefined => table.find(([re]) => re.test(v))?.[1];

/** A leaf category by code, exact name, or a name the cell contains (12345 writes "物业管理-电梯故障"). */
function categoryOf(leaves: CategoryRow[], raw: string): CategoryRow | null {
  const v = raw.trim();
  if (!v) return null;
  return (
    leaves.find((c) => c.code === v || c.name_zh === v) ??
    leaves.filter((c) => v.includes(c.name_zh)).sort((a, b) => b.name_zh.length - a.name_zh.length)[0] ??
    null
  );
}

interface Root {
  tenantId: number;
  id: number;
  path: string;
  kind: string;
}

interface Ready {
  row: number;
  description: string;
  createdAt: Date;
  closedAt: Date | null;
  address: string | null;
  categoryCode: string;
  categoryAuto: boolean;
  slaClass: string;
  nature: string;
  sourceRef: string;
  resolved: string | null;
  satisfaction: string | null;
  lng: number | null;
  lat: number | null;
  gridId: number | null;
  communityId: number | null;
  reporterName: string | null;
  /** no point and no place the address names: filed under the import's community itself */
  atRoot: boolean;
  natureDefaulted: boolean;
}

const BATCH = 250;

/**
 * Imports past requests as closed history (channel 'import') under one community or street, in one transaction:
 * dry_run rolls back, all_or_nothing commits only without errors, valid_rows commits what is valid. A row already
 * imported (same 工单编号, or same time, text and place when there is none) is skipped, so a file can be re-sent.
 * History feeds the measures only with the facts it carries (no response time → not in 响应率) and trains the
 * category suggester, except where the category had to be guessed.
 */
export async function runHistoryImport(
  pool: pg.Pool,
  actor: Actor,
  job: { tenantId: number; id: number; mode: ImportMode },
  root: Root,
  mapping: HistoryMapping,
  rows: Sheet['rows'],
) {
  const errors: ImportRowError[] = [];
  const counts = { created: 0, skipped: 0, categorySuggested: 0, natureDefaulted: 0, placedAtRoot: 0 };
  const get = (values: Record<string, string>, f: HistoryField) =>
    mapping[f] ? (values[mapping[f]!] ?? '').trim() : '';
  const fail = (
    row: number,
    values: Record<string, string>,
    f: HistoryField,
    code: string,
    zh: string,
    en: string,
  ) => errors.push({ row, field: mapping[f] ?? f, code, message: { 'zh-CN': zh, 'en-US': en }, values });
  const tx = await pool.connect();
  try {
    await tx.query('begin');
    const leaves = (await loadCategories(tx)).filter((c) => c.parent_code !== null);
    // compounds, buildings and grids under the root whose names an address may mention (longest name wins)
    const named = (
      await tx.query(
        `select id, name from areas where tenant_id = $1 and path <@ $2::ltree and kind in ('compound', 'building', 'grid')
            and archived_at is null and length(name) >= 3 order by length(name) desc, nlevel(path) desc`,
        [root.tenantId, root.path],
      )
    ).rows as { id: number; name: string }[];
    const places = new Map<number, Awaited<ReturnType<typeof placeOf>>>();
    const rootPlace = await placeOf(tx, root.id);
    const ready: Ready[] = [];
    let processed = 0;
    for (const { row, values } of rows) {
      processed++;
      if (processed % 500 === 0) await reportProgress(pool, job.tenantId, job.id, processed, 'checking');
      const description = get(values, 'description');
      if (description.length < 2 || description.length > 2000) {
        fail(
          row,
          values,
          'description',
          'DESCRIPTION_INVALID',
          '诉求内容应为 2–2000 字',
          'The description must be 2–2000 characters',
        );
        continue;
      }
      const createdAt = parseChinaTime(get(values, 'createdAt'));
      if (!createdAt || createdAt.getTime() > Date.now() || createdAt.getUTCFullYear() < 2000) {
        fail(
          row,
          values,
          'createdAt',
          'TIME_INVALID',
          '时间无法识别，应如 2025-06-03 09:14',
          'Unreadable time; write it like 2025-06-03 09:14',
        );
        continue;
      }
      const closedRaw = get(values, 'closedAt');
      const closedAt = closedRaw ? parseChinaTime(closedRaw) : null;
      if (closedRaw && (!closedAt || closedAt < createdAt)) {
        fail(
          row,
          values,
          'closedAt',
          'CLOSED_AT_INVALID',
          '办结时间无法识别或早于来电时间',
          'The closing time is unreadable or before the report time',
        );
        continue;
      }
      // where: the point's grid, else a place the address names, else the root itself
      let place = rootPlace;
      let atRoot = false;
      let lng: number | null = null;
      let lat: number | null = null;
      const lngRaw = get(values, 'lng');
      const latRaw = get(values, 'lat');
      if (lngRaw || latRaw) {
        const x = Number(lngRaw);
        const y = Number(latRaw);
        const hit = Number.isFinite(x) && Number.isFinite(y) ? await locateGrid(tx, x, y) : null;
        const within =
          hit?.tenantId === root.tenantId &&
          (
            await tx.query('select 1 from areas where tenant_id = $1 and id = $2 and path <@ $3::ltree', [
              root.tenantId,
              hit.id,
              root.path,
            ])
          ).rowCount === 1;
        const inRoot = hit && within ? await placeOf(tx, hit.id) : null;
        if (!inRoot) {
          fail(
            row,
            values,
            'lng',
            'POINT_OUTSIDE',
            '经纬度不在本社区（街道）的网格内',
            'The coordinates are outside this area’s grids',
          );
          continue;
        }
        lng = x;
        lat = y;
        place = inRoot;
      } else {
        const address = get(values, 'address');
        const area = address ? named.find((a) => address.includes(a.name)) : undefined;
        if (area) {
          if (!places.has(area.id)) places.set(area.id, await placeOf(tx, area.id));
          place = places.get(area.id) ?? rootPlace;
        } else atRoot = true;
      }
      if (!place?.communityId) {
        fail(
          row,
          values,
          'address',
          'PLACE_UNKNOWN',
          '无法确定所属社区：请填写小区名称或经纬度，或在社区下导入',
          'Cannot tell which community: give a compound name or coordinates, or import under a community',
        );
        continue;
      }
      let category = categoryOf(leaves, get(values, 'category'));
      const categoryAuto = !category;
      if (!category) {
        const code = (await suggestCategories(tx, description, 1, root.tenantId))[0]?.code ?? 'other.general';
        category = leaves.find((c) => c.code === code)!;
      }
      const natureRaw = get(values, 'nature');
      const nature = Object.entries(NATURE).find(([zh]) => natureRaw.includes(zh))?.[1];
      const resolvedRaw = get(values, 'resolved');
      const satisfactionRaw = get(values, 'satisfaction');
      const ref =
        get(values, 'sourceRef') ||
        `sha1:${createHash('sha1')
          .update(`${createdAt.toISOString()}|${description}|${get(values, 'address')}`)
          .digest('hex')
          .slice(0, 24)}`;
      ready.push({
        row,
        description,
        createdAt,
        closedAt,
        address: get(values, 'address').slice(0, 200) || null,
        categoryCode: category.code,
        categoryAuto,
        slaClass: category.sla_class,
        nature: nature ?? 'help',
        sourceRef: ref.slice(0, 64),
        resolved: resolvedRaw ? (match(RESOLVED, resolvedRaw) ?? null) : null,
        satisfaction: satisfactionRaw ? (match(SATISFACTION, satisfactionRaw) ?? null) : null,
        lng,
        lat,
        gridId: place.gridId,
        communityId: place.communityId,
        reporterName: get(values, 'reporterName').slice(0, 50) || null,
        atRoot,
        natureDefaulted: !nature,
      });
    }
    // the same 工单编号 twice in one file: the first one counts
    const seen = new Set<string>();
    const unique = ready.filter((r) => {
      if (seen.has(r.sourceRef)) {
        counts.skipped++;
        return false;
      }
      seen.add(r.sourceRef);
      return true;
    });
    for (let i = 0; i < unique.length; i += BATCH) {
      const batch = unique.slice(i, i + BATCH);
      const due = await Promise.all(
        batch.map((b) => (b.closedAt ? deadlinesFor(tx, b.slaClass, 'normal', b.createdAt) : null)),
      );
      const col = <T>(f: (b: Ready, j: number) => T) => batch.map(f);
      const { rows: inserted } = await tx.query(
        `with v as (
           select * from unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], $7::boolean[],
                                $8::text[], $9::text[], $10::text[], $11::text[], $12::numeric[], $13::numeric[],
                                $14::bigint[], $15::bigint[], $16::text[], $17::timestamptz[])
             as v(description, created_at, closed_at, address, category_code, category_auto, nature, source_ref,
                  resolved, satisfaction, lng, lat, grid_id, community_id, reporter_name, resolve_due_at)
         ), n as (select nextval(pg_get_serial_sequence('requests', 'id')) as id, v.* from v)
         insert into requests (tenant_id, id, public_no, channel, nature, category_code, category_auto, urgency, description,
                               lng, lat, address, grid_id, community_id, status, closed_reason, reporter_name, resolve_due_at,
                               handled_at, closed_at, resolved, satisfaction, rated_at, source_ref, created_at, updated_at, taken_by)
         select $1, n.id, 'DS' || to_char(n.created_at at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(n.id::text, 6, '0'),
                'import', n.nature, n.category_code, n.category_auto, 'normal', n.description, n.lng, n.lat, n.address,
                n.grid_id, n.community_id, 'closed', 'imported', n.reporter_name, n.resolve_due_at, n.closed_at, n.closed_at,
                n.resolved, n.satisfaction,
                case when n.resolved is not null and n.satisfaction is not null then coalesce(n.closed_at, n.created_at) end,
                n.source_ref, n.created_at, now(), $18
           from n
         on conflict (tenant_id, source_ref) where channel = 'import' and source_ref is not null do nothing
         returning id, source_ref`,
        [
          root.tenantId,
          col((b) => b.description),
          col((b) => b.createdAt),
          col((b) => b.closedAt),
          col((b) => b.address),
          col((b) => b.categoryCode),
          col((b) => b.categoryAuto),
          col((b) => b.nature),
          col((b) => b.sourceRef),
          col((b) => b.resolved),
          col((b) => b.satisfaction),
          col((b) => b.lng),
          col((b) => b.lat),
          col((b) => b.gridId),
          col((b) => b.communityId),
          col((b) => b.reporterName),
          col((_b, j) => due[j]?.resolveDueAt ?? null),
          actor.userId,
        ],
      );
      counts.created += inserted.length;
      const created = new Set(inserted.map((x) => x.source_ref));
      // what the summary says about the rows it created (a re-sent file skips them all)
      for (const b of batch.filter((x) => created.has(x.sourceRef))) {
        if (b.atRoot) counts.placedAtRoot++;
        if (b.categoryAuto) counts.categorySuggested++;
        if (b.natureDefaulted) counts.natureDefaulted++;
      }
      counts.skipped += batch.length - inserted.length;
      if (inserted.length)
        await tx.query(
          `insert into request_events (tenant_id, request_id, at, actor_user_id, actor_label, type, to_status, note, visible_to_resident)
           select r.tenant_id, r.id, r.created_at, $3, $4, 'imported', 'closed', '历史导入：' || r.source_ref, true
             from requests r where r.tenant_id = $1 and r.id = any($2::bigint[])`,
          [root.tenantId, inserted.map((x) => x.id), actor.userId, `${actor.name}（历史导入）`],
        );
      await reportProgress(
        pool,
        job.tenantId,
        job.id,
        Math.min(rows.length, i + BATCH + errors.length),
        'importing',
      );
    }
    const commit = job.mode === 'valid_rows' || (job.mode === 'all_or_nothing' && errors.length === 0);
    if (commit && counts.created)
      await recordAudit(tx, {
        tenantId: root.tenantId,
        actorUserId: actor.userId,
        action: 'request.import',
        entityType: 'import_job',
        entityId: job.id,
        summary: { ...counts, errors: errors.length },
      });
    await tx.query(commit ? 'commit' : 'rollback');
    if (commit) forgetModel(root.tenantId);
    errors.sort((a, b) => a.row - b.row);
    await finishImportJob(pool, job.tenantId, job.id, {
      okCount: counts.created + counts.skipped,
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
