import type pg from 'pg';
import { recordAudit } from '../../platform/audit/audit';
import { inTx, type Queryable } from '../../platform/db/tx';
import { GAP_DEGREES_SQL } from '../requests';
import { deliverBrief } from './channels';
import { loadScoring, type Scoring, surgeScore } from './scoring';
import { scoringForCommunity } from './settings';

interface Community {
  tenantId: number;
  id: number;
  name: string;
  path: string;
}
interface Candidate {
  kind: 'breach' | 'gap' | 'surge_category' | 'surge_place' | 'missed_loop';
  score: number;
  title: string;
  detail: string;
  requestId?: number;
  areaId?: number;
  categoryCode?: string;
  carriedFrom?: number;
  /** the responsible person, looked up only for the items that make the brief */
  owner: () => Promise<string | null>;
}

/** Yesterday in China time, as YYYY-MM-DD. */
export const yesterday = (now = new Date()) =>
  new Date(now.getTime() + 8 * 3600_000 - 86400_000).toISOString().slice(0, 10);

const short = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The community's secretary (first by id), the person a community-wide item falls to. */
async function secretaryOf(db: Queryable, c: Community): Promise<string | null> {
  const { rows } = await db.query(
    `select user_id from role_assignments where tenant_id = $1 and area_id = $2 and role = 'community_secretary'
      order by id limit 1`,
    [c.tenantId, c.id],
  );
  return rows[0]?.user_id ?? null;
}
async function gridLeadOf(db: Queryable, tenantId: number, gridId: number | null): Promise<string | null> {
  if (gridId === null) return null;
  const { rows } = await db.query(
    `select user_id from grid_members where tenant_id = $1 and grid_id = $2 order by role = 'lead' desc, assigned_at limit 1`,
    [tenantId, gridId],
  );
  return rows[0]?.user_id ?? null;
}
/** Who answers for a request: a member of its lead responder (the whistle), else the grid worker, else the secretary. */
async function responsibleFor(db: Queryable, c: Community, requestId: number, gridId: number | null) {
  const { rows } = await db.query(
    `select m.user_id from whistles w join responder_members m on m.tenant_id = w.tenant_id and m.org_id = w.org_id
      where w.tenant_id = $1 and w.request_id = $2 and w.role = 'lead' and w.status in ('pending', 'accepted')
      order by m.user_id limit 1`,
    [c.tenantId, requestId],
  );
  return rows[0]?.user_id ?? (await gridLeadOf(db, c.tenantId, gridId)) ?? (await secretaryOf(db, c));
}

/** Requests of the community (its grids, or the community itself when no grid). */
const IN_COMMUNITY = `r.tenant_id = $1 and (r.community_id = $2 or r.grid_id in
  (select id from areas where tenant_id = $1 and path <@ $3::ltree))`;

/** Every candidate for the community's brief on `day`, scored (see scoring.ts). */
export async function candidates(db: Queryable, c: Community, day: string, s: Scoring): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const v = [c.tenantId, c.id, c.path, day];
  const endOfDay = `(($4::date + 1)::timestamp at time zone 'Asia/Shanghai')`;
  const startOfDay = `($4::date::timestamp at time zone 'Asia/Shanghai')`;

  // missed loops: assigned, due passed, no report, not yet carried over
  const missed = await db.query(
    `select i.id, i.title, i.assignee_user_id, i.request_id, i.area_id, i.category_code,
            extract(epoch from (now() - i.due_at)) / 3600 as hours
       from insight_brief_items i join insight_briefs b on b.tenant_id = i.tenant_id and b.id = i.brief_id
      where i.tenant_id = $1 and b.community_id = $2 and i.state = 'assigned' and i.due_at < now()
        and not exists (select 1 from insight_brief_items x where x.tenant_id = i.tenant_id and x.carried_from = i.id)
      order by i.due_at limit 10`,
    [c.tenantId, c.id],
  );
  for (const m of missed.rows)
    out.push({
      kind: 'missed_loop',
      score: s.missedLoop.base + Math.floor(Number(m.hours)),
      title: short(`未闭环：${m.title.replace(/^未闭环：/, '')}`, 190),
      detail: `交办后超过期限 ${Math.max(1, Math.floor(Number(m.hours)))} 小时未回报`,
      requestId: m.request_id === null ? undefined : Number(m.request_id),
      areaId: m.area_id === null ? undefined : Number(m.area_id),
      categoryCode: m.category_code ?? undefined,
      carriedFrom: Number(m.id),
      owner: async () => m.assignee_user_id,
    });

  // breached deadlines: open at the end of the day, past the resolve deadline
  const breaches = await db.query(
    `select r.id, r.public_no, r.description, r.grid_id, c.name_zh as category,
            floor(extract(epoch from (${endOfDay} - r.resolve_due_at)) / 86400)::int as days
       from requests r join request_categories c on c.code = r.category_code
      where ${IN_COMMUNITY} and r.status not in ('handled', 'verified', 'closed')
        and r.resolve_due_at < ${endOfDay} and r.created_at < ${endOfDay}
      order by r.resolve_due_at limit 20`,
    v,
  );
  for (const b of breaches.rows) {
    const days = Math.min(b.days, s.breach.maxDays);
    out.push({
      kind: 'breach',
      score: s.breach.base + s.breach.perDay * days,
      title: `超期未办结：${b.public_no}（${b.category}）${days > 0 ? `超期 ${days} 天` : '当天到期'}`,
      detail: short(b.description, 120),
      requestId: Number(b.id),
      areaId: b.grid_id === null ? undefined : Number(b.grid_id),
      owner: () => responsibleFor(db, c, Number(b.id), b.grid_id === null ? null : Number(b.grid_id)),
    });
  }

  // worst temperature gaps among the requests rated that day
  const gaps = await db.query(
    `select * from (select s.id, s.public_no, s.description, s.grid_id, ${GAP_DEGREES_SQL} as degrees
       from (select r.*, coalesce(r.closed_at, now()) as ended from requests r
              where ${IN_COMMUNITY} and r.rated_at >= ${startOfDay} and r.rated_at < ${endOfDay}
                and r.rating_excluded_reason is null) s) x
      where x.degrees <= $5 order by x.degrees, x.id limit 10`,
    [...v, s.gap.threshold],
  );
  for (const g of gaps.rows)
    out.push({
      kind: 'gap',
      score: s.gap.perDegree * Math.abs(g.degrees),
      title: `温差 ${g.degrees}℃：${g.public_no} 居民评价与办理结论差距大`,
      detail: short(g.description, 120),
      requestId: Number(g.id),
      areaId: g.grid_id === null ? undefined : Number(g.grid_id),
      owner: () => responsibleFor(db, c, Number(g.id), g.grid_id === null ? null : Number(g.grid_id)),
    });

  // surges by category, and by place (grid), against the previous days' daily mean
  const surge = await db.query(
    `with recent as (
       select r.category_code, r.grid_id, r.created_at >= ${startOfDay} as on_day
         from requests r
        where ${IN_COMMUNITY} and r.created_at < ${endOfDay}
          and r.created_at >= ${startOfDay} - make_interval(days => $5))
     select 'category' as by, category_code as key, null::bigint as grid_id,
            count(*) filter (where on_day)::int as n, (count(*) filter (where not on_day))::float / $5 as mean
       from recent group by category_code having count(*) filter (where on_day) >= $6
     union all
     select 'place', null, grid_id, count(*) filter (where on_day)::int, (count(*) filter (where not on_day))::float / $5
       from recent where grid_id is not null group by grid_id having count(*) filter (where on_day) >= $6`,
    [...v, s.surge.baselineDays, s.surge.minCount],
  );
  for (const x of surge.rows) {
    const score = surgeScore(s.surge, x.n, x.mean);
    if (score === null) continue;
    const mean = Math.round(x.mean * 10) / 10;
    if (x.by === 'category') {
      const { rows } = await db.query('select name_zh from request_categories where code = $1', [x.key]);
      out.push({
        kind: 'surge_category',
        score,
        title: `${rows[0]?.name_zh ?? x.key}类诉求激增：当天 ${x.n} 件，近 ${s.surge.baselineDays} 天日均 ${mean} 件`,
        detail: '同类诉求集中出现，建议查找共同原因，未诉先办',
        categoryCode: x.key,
        owner: () => secretaryOf(db, c),
      });
    } else {
      const { rows } = await db.query('select name from areas where tenant_id = $1 and id = $2', [
        c.tenantId,
        x.grid_id,
      ]);
      out.push({
        kind: 'surge_place',
        score,
        title: `${rows[0]?.name ?? '网格'}诉求激增：当天 ${x.n} 件，近 ${s.surge.baselineDays} 天日均 ${mean} 件`,
        detail: '同一网格诉求集中出现，建议网格员当天走访',
        areaId: Number(x.grid_id),
        owner: async () =>
          (await gridLeadOf(db, c.tenantId, Number(x.grid_id))) ?? (await secretaryOf(db, c)),
      });
    }
  }
  return out;
}

/** The `n` sharpest candidates, one item per request. */
export function pick(all: Candidate[], n: number): Candidate[] {
  const seen = new Set<number>();
  const out: Candidate[] = [];
  for (const x of [...all].sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))) {
    if (x.requestId !== undefined) {
      if (seen.has(x.requestId)) continue;
      seen.add(x.requestId);
    }
    out.push(x);
    if (out.length === n) break;
  }
  return out;
}

/**
 * Makes the community's brief for `day` (the day looked back on) unless it exists; returns its id and whether it was
 * made now. In the caller's transaction; the brief is delivered after commit (deliverBrief).
 */
export async function makeBrief(
  tx: pg.PoolClient,
  c: Community,
  day: string,
  actorUserId: string | null,
  scoring = loadScoring(),
): Promise<{ id: number; created: boolean }> {
  // one brief per community and day, even when the cron and a "run now" meet
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`brief:${c.tenantId}:${c.id}:${day}`]);
  const existing = await tx.query(
    'select id from insight_briefs where tenant_id = $1 and community_id = $2 and day = $3',
    [c.tenantId, c.id, day],
  );
  if (existing.rows[0]) return { id: Number(existing.rows[0].id), created: false };
  const items = pick(await candidates(tx, c, day, scoring), scoring.items);
  const { rows } = await tx.query(
    `insert into insight_briefs (tenant_id, community_id, day, scoring, created_by) values ($1, $2, $3, $4, $5)
     returning id`,
    [c.tenantId, c.id, day, JSON.stringify(scoring), actorUserId],
  );
  const briefId = Number(rows[0].id);
  let rank = 1;
  for (const it of items)
    await tx.query(
      `insert into insight_brief_items (tenant_id, brief_id, rank, kind, score, title, detail, request_id, area_id,
                                        category_code, carried_from, owner_user_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        c.tenantId,
        briefId,
        rank++,
        it.kind,
        Math.round(it.score * 100) / 100,
        it.title.slice(0, 200),
        it.detail.slice(0, 1000),
        it.requestId ?? null,
        it.areaId ?? null,
        it.categoryCode ?? null,
        it.carriedFrom ?? null,
        await it.owner(),
      ],
    );
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId,
    action: 'insights.brief.create',
    entityType: 'insight_brief',
    entityId: briefId,
    summary: { communityId: c.id, day, items: items.length },
  });
  return { id: briefId, created: true };
}

export async function communityById(db: Queryable, tenantId: number, id: number): Promise<Community | null> {
  const { rows } = await db.query(
    `select tenant_id, id, name, path::text as path from areas
      where tenant_id = $1 and id = $2 and kind = 'community' and archived_at is null`,
    [tenantId, id],
  );
  return rows[0]
    ? { tenantId: Number(rows[0].tenant_id), id: Number(rows[0].id), name: rows[0].name, path: rows[0].path }
    : null;
}

/** Makes and delivers one community's brief (the "run now" button and the cron share this). */
export async function runBrief(pool: pg.Pool, c: Community, day: string, actorUserId: string | null) {
  // the street's scoring (settings.ts), else the defaults
  const made = await inTx(pool, async (tx) =>
    makeBrief(tx, c, day, actorUserId, await scoringForCommunity(tx, c)),
  );
  if (made.created) await deliverBrief(pool, c.tenantId, made.id);
  return made;
}

const BRIEF_CONCURRENCY = Number(process.env.BRIEF_CONCURRENCY ?? 3);

/** The 08:00 job: every community's brief for yesterday. Returns how many were made. */
export async function runAllBriefs(
  pool: pg.Pool,
  day = yesterday(),
  onError: (communityId: number, err: unknown) => void = () => {},
) {
  const { rows } = await pool.query(
    `select tenant_id, id, name, path::text as path from areas where kind = 'community' and archived_at is null
      order by tenant_id, id`,
  );
  let made = 0;
  let failed = 0;
  let next = 0;
  // a few communities at a time (each in its own transaction), leaving the pool to the people using it at 08:00
  const worker = async () => {
    while (next < rows.length) {
      const r = rows[next++];
      const c = { tenantId: Number(r.tenant_id), id: Number(r.id), name: r.name, path: r.path };
      try {
        if ((await runBrief(pool, c, day, null)).created) made++;
      } catch (err) {
        // one community's failure does not stop the others' briefs
        failed++;
        onError(c.id, err);
      }
    }
  };
  await Promise.all(Array.from({ length: BRIEF_CONCURRENCY }, worker));
  return { communities: rows.length, made, failed };
}
