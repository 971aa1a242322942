import type pg from 'pg';
import type { Queryable } from '../../platform/db/tx';
import { GAP_DEGREES_SQL, WEIGHTS } from '../requests';

type Weights = Pick<typeof WEIGHTS, 'response' | 'resolution' | 'satisfaction' | 'onTime'>;

/**
 * Roll-ups of the measures (docs/decisions/0030-insight-rollups.md). `insight_rollup` holds, per area (every ancestor
 * of a request's grid or community), China day and channel, the numerators and denominators of 三率 and 温差 of the
 * requests that are *settled*: whose figures no longer move with the clock. A request changes → its day is marked
 * dirty (triggers, migration 0036) and `flushRollups` recomputes dirty days from the raw rows. A reader takes the
 * roll-up for clean days, and the raw rows for dirty days and for the requests of clean days that were not settled
 * when their day was computed, so the answer equals computeMeasures (requests module) exactly.
 */

/** China day bounds of `d` (an SQL date expression). */
const dayStart = (d: string) => `(${d}::timestamp at time zone 'Asia/Shanghai')`;
const dayEnd = (d: string) => `((${d} + 1)::timestamp at time zone 'Asia/Shanghai')`;

/**
 * Whether a request row `s` is settled at time `t`: each figure that compares a deadline with now() is decided,
 * and a rated request's 温差 no longer grows (it is closed). Later changes to the row or its visible events mark
 * its day dirty. Only rows with `closed_at is null or responded_at is null` can be unsettled (requests_rollup_live).
 */
const SETTLED = (
  t: string,
) => `((s.responded_at is not null or s.response_due_at is null or s.response_due_at <= ${t})
  and (s.closed_at is not null or s.resolve_due_at is null or s.resolve_due_at <= ${t})
  and (s.rated_at is null or s.rating_excluded_reason is not null or s.closed_at is not null))`;

/** One request's contribution (a row `s` of requests with `s.ended`), as computeMeasures defines each figure. */
const FACTS = `1 as requests,
  coalesce(s.responded_at <= s.response_due_at, false)::int as responded_on_time,
  coalesce(s.response_due_at <= now() or s.responded_at is not null, false)::int as response_due,
  (s.rated_at is not null and s.rating_excluded_reason is null)::int as rated,
  case when s.rated_at is not null and s.rating_excluded_reason is null
       then case s.resolved when 'yes' then 2 when 'partly' then 1 else 0 end else 0 end as resolved_halves,
  coalesce(s.rated_at is not null and s.rating_excluded_reason is null and s.satisfaction = 'satisfied', false)::int
    as satisfied,
  coalesce(s.rated_at is not null and s.rating_excluded_reason is null and s.satisfaction = 'basic', false)::int as basic,
  coalesce(s.closed_at <= s.resolve_due_at and s.closed_reason in ('rated', 'not_rated', 'answered', 'imported'), false)::int
    as closed_on_time,
  coalesce(s.resolve_due_at <= now() or s.closed_at is not null, false)::int as resolve_due,
  case when s.rated_at is not null and s.rating_excluded_reason is null then ${GAP_DEGREES_SQL} else 0 end as gap_sum,
  (s.rated_at is not null)::int as rated_any,
  case when s.rated_at is not null then case s.resolved when 'yes' then 2 when 'partly' then 1 else 0 end else 0 end
    as resolved_any_halves`;

const SUMS = [
  'requests',
  'responded_on_time',
  'response_due',
  'rated',
  'resolved_halves',
  'satisfied',
  'basic',
  'closed_on_time',
  'resolve_due',
  'gap_sum',
  'rated_any',
  'resolved_any_halves',
] as const;
type Sums = Record<(typeof SUMS)[number], number>;

/** The roll-up rows of `days` (sorted, within about a month of each other). */
async function insertDays(tx: Queryable, tenantId: number, days: string[]) {
  await tx.query(
    `insert into insight_rollup (tenant_id, area_id, day, channel, ${SUMS.join(', ')})
     with facts as materialized (
       select s.area_id, s.day, s.channel, ${FACTS}
         from (select r.*, coalesce(r.closed_at, now()) as ended, coalesce(r.grid_id, r.community_id) as area_id,
                      d.day
                 from requests r
                 join unnest($2::date[]) d (day) on d.day = (r.created_at at time zone 'Asia/Shanghai')::date
                where r.tenant_id = $1 and r.created_at >= ${dayStart('$3::date')}
                  and r.created_at < ${dayEnd('$4::date')}) s
        where s.area_id is not null and ${SETTLED('now()')}
     ), own as (
       select f.area_id, f.day, f.channel, ${SUMS.map((c) => `sum(f.${c}) as ${c}`).join(', ')}
         from facts f group by f.area_id, f.day, f.channel
     )
     -- every ancestor of the area (ltree labels are the area ids), the area itself included
     select $1, anc.id, o.day, o.channel, ${SUMS.map((c) => `sum(o.${c})`).join(', ')}
       from own o
       join areas a on a.tenant_id = $1 and a.id = o.area_id
      cross join lateral unnest(string_to_array(a.path::text, '.')::bigint[]) anc (id)
      group by anc.id, o.day, o.channel`,
    [tenantId, days, days[0], days.at(-1)],
  );
}

/** Recomputes the roll-up of `days` for one tenant (in the caller's repeatable-read transaction). */
async function recompute(tx: Queryable, tenantId: number, days: string[]) {
  await tx.query('delete from insight_rollup where tenant_id = $1 and day = any($2::date[])', [
    tenantId,
    days,
  ]);
  // days close together in one statement: one index range over the requests, then the days picked out of it
  const sorted = [...days].sort();
  const runs: string[][] = [];
  for (const day of sorted) {
    const run = runs.at(-1);
    if (run && Date.parse(day) - Date.parse(run[0]!) <= 31 * 86400_000) run.push(day);
    else runs.push([day]);
  }
  for (const run of runs) await insertDays(tx, tenantId, run);
  await tx.query(
    `insert into insight_rollup_days (tenant_id, day, computed_at) select $1, d, now() from unnest($2::date[]) d
     on conflict (tenant_id, day) do update set computed_at = excluded.computed_at`,
    [tenantId, days],
  );
  // the months of these days, from the daily rows
  await tx.query(
    `delete from insight_rollup_month where tenant_id = $1
        and month = any(select date_trunc('month', d)::date from unnest($2::date[]) d)`,
    [tenantId, days],
  );
  await tx.query(
    `with m as (select distinct date_trunc('month', d)::date as month from unnest($2::date[]) d)
     insert into insight_rollup_month (tenant_id, area_id, month, channel, ${SUMS.join(', ')})
     select $1, r.area_id, m.month, r.channel, ${SUMS.map((c) => `sum(r.${c})`).join(', ')}
       from m join insight_rollup r on r.tenant_id = $1 and r.day >= m.month and r.day < m.month + interval '1 month'
      group by r.area_id, m.month, r.channel`,
    [tenantId, days],
  );
  // exactly the markers this snapshot saw: a change committed meanwhile keeps its marker (and its day dirty)
  await tx.query('delete from insight_rollup_dirty where tenant_id = $1 and day = any($2::date[])', [
    tenantId,
    days,
  ]);
}

/**
 * Recomputes every dirty day (all tenants, or one), `batch` days per transaction; a tenant another process is
 * flushing is skipped. Returns how many days were recomputed. Run every minute by the jobs, and before the brief.
 */
export async function flushRollups(pool: pg.Pool, opts: { tenantId?: number; batch?: number } = {}) {
  const tenants = opts.tenantId
    ? [opts.tenantId]
    : (await pool.query('select distinct tenant_id from insight_rollup_dirty')).rows.map((r) =>
        Number(r.tenant_id),
      );
  let done = 0;
  for (const tenantId of tenants) {
    for (;;) {
      const client = await pool.connect();
      let n = 0;
      try {
        await client.query('begin isolation level repeatable read');
        const lock = await client.query('select pg_try_advisory_xact_lock(hashtext($1)) as ok', [
          `insight-rollup:${tenantId}`,
        ]);
        if (lock.rows[0].ok) {
          const { rows } = await client.query(
            `select distinct day::text as day from insight_rollup_dirty where tenant_id = $1 order by 1 limit $2`,
            [tenantId, opts.batch ?? 31],
          );
          n = rows.length;
          if (n)
            await recompute(
              client,
              tenantId,
              rows.map((r) => r.day as string),
            );
        }
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
      done += n;
      if (n === 0) break;
    }
  }
  // a backfill (or a moved area) changes the table's statistics enough to mislead the planner until autovacuum
  if (done > 60) await pool.query('analyze insight_rollup');
  return done;
}

/** First and last day of the month starting on `first` (YYYY-MM-01). */
function monthOf(first: string) {
  const [y, m] = first.split('-').map(Number) as [number, number];
  return {
    from: first,
    to: `${first.slice(0, 8)}${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`,
  };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

function measuresOf(total: Sums, channels: [string, Sums][], w: Weights) {
  const rate = (numerator: number, denominator: number) => ({
    numerator: round(numerator, 2),
    denominator,
    value: denominator ? round(numerator / denominator, 4) : null,
  });
  const response = rate(total.responded_on_time, total.response_due);
  const resolution = rate(total.resolved_halves / 2, total.rated);
  const satisfaction = rate(total.satisfied + WEIGHTS.basicSatisfied * total.basic, total.rated);
  const onTime = rate(total.closed_on_time, total.resolve_due);
  const parts = [
    [response.value, w.response],
    [resolution.value, w.resolution],
    [satisfaction.value, w.satisfaction],
    [onTime.value, w.onTime],
  ] as const;
  const known = parts.filter(([v]) => v !== null);
  const weight = known.reduce((s, [, x]) => s + x, 0);
  return {
    requests: total.requests,
    responseRate: response,
    resolutionRate: resolution,
    satisfactionRate: satisfaction,
    onTimeRate: onTime,
    composite: weight ? round(known.reduce((s, [v, x]) => s + (v as number) * x, 0) / weight, 4) : null,
    temperatureGap: {
      mean: total.rated ? round(total.gap_sum / total.rated, 2) : null,
      requests: total.rated,
    },
    byChannel: channels
      .sort(([a, x], [b, y]) => y.requests - x.requests || a.localeCompare(b))
      .map(([channel, c]) => ({
        channel,
        requests: c.requests,
        resolutionRate: c.rated_any ? round(c.resolved_any_halves / 2 / c.rated_any, 4) : null,
        temperatureGap: c.rated ? round(c.gap_sum / c.rated, 2) : null,
      })),
    weights: {
      response: w.response,
      resolution: w.resolution,
      satisfaction: w.satisfaction,
      onTime: w.onTime,
    },
  };
}

export type RollupMeasures = ReturnType<typeof measuresOf>;

/**
 * The requests module's measures (computeMeasures, without the per-reporter split) for each of `areaIds` over
 * requests received in [from, to] China days, from the roll-up for clean days and the raw rows for the rest.
 */
export async function rollupMeasures(
  db: Queryable,
  q: { tenantId: number; areaIds: number[]; from: string; to: string; weights?: Weights },
): Promise<Map<number, RollupMeasures>> {
  // two statements that must see one snapshot (a flush between them would count a request twice): on a pool, a
  // read-only repeatable-read transaction; a caller's client brings its own
  if ('totalCount' in db) {
    const client = await (db as pg.Pool).connect();
    try {
      await client.query('begin isolation level repeatable read read only');
      const out = await readMeasures(client, q);
      await client.query('commit');
      return out;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
  return readMeasures(db, q);
}

async function readMeasures(
  db: Queryable,
  q: { tenantId: number; areaIds: number[]; from: string; to: string; weights?: Weights },
): Promise<Map<number, RollupMeasures>> {
  // the days of the period: clean ones (computed, not dirty since) and the rest, so the planner sees real numbers
  const days = await db.query(
    `select d.day::text as day, d.computed_at from insight_rollup_days d
      where d.tenant_id = $1 and d.day between $2::date and $3::date
        and not exists (select 1 from insight_rollup_dirty x where x.tenant_id = $1 and x.day = d.day)`,
    [q.tenantId, q.from, q.to],
  );
  const clean = new Map<string, Date>(days.rows.map((r) => [r.day as string, r.computed_at as Date]));
  const unclean: string[] = [];
  for (let t = Date.parse(`${q.from}T00:00:00Z`); t <= Date.parse(`${q.to}T00:00:00Z`); t += 86400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (!clean.has(day)) unclean.push(day);
  }
  // whole months of the period whose every day is clean are read from the monthly rows, the other clean days daily
  const months: string[] = [];
  const daily: string[] = [];
  for (const day of clean.keys()) {
    const first = `${day.slice(0, 7)}-01`;
    const { from, to } = monthOf(first);
    if (from >= q.from && to <= q.to && !unclean.some((u) => u >= from && u <= to)) {
      if (day === first) months.push(first);
    } else daily.push(day);
  }
  const { rows } = await db.query(
    `with clean as materialized (
       select * from unnest($5::date[], $6::timestamptz[]) c (day, computed_at)
     ), raw as (
       select r.*, coalesce(r.closed_at, now()) as ended from unnest($7::date[]) u (day)
        cross join lateral (select * from requests x where x.tenant_id = $1
                               and x.created_at >= ${dayStart('u.day')} and x.created_at < ${dayEnd('u.day')}) r
       union all
       select s.*, coalesce(s.closed_at, now()) as ended from requests s
         join clean c on c.day = (s.created_at at time zone 'Asia/Shanghai')::date
        where s.tenant_id = $1 and (s.closed_at is null or s.responded_at is null)
          and s.created_at >= ${dayStart('$3::date')} and s.created_at < ${dayEnd('$4::date')}
          and not ${SETTLED('c.computed_at')}
     ), parts as (
       select r.area_id, r.channel, ${SUMS.map((c) => `r.${c}`).join(', ')}
         from insight_rollup r
        where r.tenant_id = $1 and r.area_id = any($2::bigint[]) and r.day = any($8::date[])
       union all
       select r.area_id, r.channel, ${SUMS.map((c) => `r.${c}`).join(', ')}
         from insight_rollup_month r
        where r.tenant_id = $1 and r.area_id = any($2::bigint[]) and r.month = any($9::date[])
       union all
       select t.id, s.channel, ${FACTS}
         from raw s
         join areas a on a.tenant_id = $1 and a.id = coalesce(s.grid_id, s.community_id)
         join areas t on t.tenant_id = $1 and t.id = any($2::bigint[]) and t.path @> a.path
     )
     select area_id, channel, ${SUMS.map((c) => `sum(${c})::float as ${c}`).join(', ')}
       from parts group by area_id, channel`,
    [q.tenantId, q.areaIds, q.from, q.to, [...clean.keys()], [...clean.values()], unclean, daily, months],
  );
  const byArea = new Map<number, [string, Sums][]>(q.areaIds.map((id) => [id, []]));
  for (const r of rows) byArea.get(Number(r.area_id))?.push([r.channel, r as Sums]);
  const out = new Map<number, RollupMeasures>();
  for (const [id, channels] of byArea) {
    const total = Object.fromEntries(SUMS.map((c) => [c, 0])) as Sums;
    for (const [, c] of channels) for (const k of SUMS) total[k] += c[k];
    out.set(id, measuresOf(total, channels, q.weights ?? WEIGHTS));
  }
  return out;
}
