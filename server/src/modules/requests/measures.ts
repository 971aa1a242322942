import type { Queryable } from '../../platform/db/tx';

/**
 * Measures, definition v1 (docs/measures.md). All over requests created in [from, to] (China Standard Time days)
 * in the area's subtree, ratings marked excluded left out:
 * - 响应率 response rate = responded by the response deadline / requests whose response deadline has passed or
 *   that were responded;
 * - 解决率 resolution rate = rated "resolved" (partly counts ½) / rated;
 * - 满意率 satisfaction rate = (满意 + 0.8 × 基本满意) / rated;
 * - 按期结案率 on-time rate = closed by the resolve deadline / requests due (deadline passed, or closed);
 * - composite = 0.2 response + 0.3 resolution + 0.3 satisfaction + 0.2 on-time;
 * - 温差 temperature gap per request = −2 基本满意, −5 不满意, −1 per day past the resolve deadline, −1 per reopening,
 *   −1 per silent day (a day it was open with no update the resident could see); the area's figure is the mean.
 */
export const MEASURES_VERSION = 'v1 (2026-11)';
export const WEIGHTS = {
  response: 0.2,
  resolution: 0.3,
  satisfaction: 0.3,
  onTime: 0.2,
  basicSatisfied: 0.8,
};

/**
 * 温差 of one request in ℃ (≤ 0), as SQL over a row `s` of requests with `s.ended` = coalesce(closed_at, now()):
 * also used by the morning brief (insights) to pick the worst gaps, so the figure has one definition.
 */
export const GAP_DEGREES_SQL = `(case s.satisfaction when 'basic' then -2 when 'unsatisfied' then -5 else 0 end
              - greatest(0, floor(extract(epoch from (least(s.ended, now()) - s.resolve_due_at)) / 86400))::int
              - s.reopen_count
              -- imported history carries no timeline: its silent days are unknown, not counted
              - case when s.channel = 'import' then 0 else
                  greatest(0, ceil(extract(epoch from (s.ended - s.created_at)) / 86400)::int
                  - (select count(distinct (e.at at time zone 'Asia/Shanghai')::date) from request_events e
                      where e.tenant_id = s.tenant_id and e.request_id = s.id and e.visible_to_resident)) end)`;

export type Weights = Pick<typeof WEIGHTS, 'response' | 'resolution' | 'satisfaction' | 'onTime'>;

export async function computeMeasures(
  db: Queryable,
  q: {
    tenantId: number;
    path: string;
    from: string;
    to: string;
    weights?: Weights;
    /** byReporter also keys requests without an account by the reporter's phone ('tel:<phone>'; staff intake, 12345) */
    reporterPhones?: boolean;
  },
) {
  const w = q.weights ?? WEIGHTS;
  const { rows } = await db.query(
    `with scope as (
       select r.*, coalesce(r.closed_at, now()) as ended
         from requests r
         left join areas g on g.tenant_id = r.tenant_id and g.id = r.grid_id
         left join areas cm on cm.tenant_id = r.tenant_id and cm.id = r.community_id
        where r.tenant_id = $1 and coalesce(g.path, cm.path) <@ $2::ltree
          and r.created_at >= ($3::date::timestamp at time zone 'Asia/Shanghai')
          and r.created_at < (($4::date + 1)::timestamp at time zone 'Asia/Shanghai')
     ), gap as (
       select s.id, s.channel, ${GAP_DEGREES_SQL} as degrees
         from scope s where s.rated_at is not null and s.rating_excluded_reason is null
     )
     select
       (select count(*) from scope)::int as requests,
       (select count(*) from scope where responded_at is not null and responded_at <= response_due_at)::int as responded_on_time,
       (select count(*) from scope where response_due_at <= now() or responded_at is not null)::int as response_due,
       (select count(*) from scope where rated_at is not null and rating_excluded_reason is null)::int as rated,
       (select coalesce(sum(case resolved when 'yes' then 1 when 'partly' then 0.5 else 0 end), 0) from scope
          where rated_at is not null and rating_excluded_reason is null)::float as resolved,
       (select coalesce(sum(case satisfaction when 'satisfied' then 1 when 'basic' then $5::float else 0 end), 0) from scope
          where rated_at is not null and rating_excluded_reason is null)::float as satisfied,
       (select count(*) from scope where closed_at is not null and closed_at <= resolve_due_at and closed_reason in ('rated', 'not_rated', 'answered', 'imported'))::int as closed_on_time,
       (select count(*) from scope where resolve_due_at <= now() or closed_at is not null)::int as resolve_due,
       (select avg(degrees) from gap)::float as gap_mean,
       (select count(*) from gap)::int as gap_n,
       (select coalesce(json_agg(x), '[]') from (
          select s.channel, count(*)::int as requests,
                 (sum(case s.resolved when 'yes' then 1 when 'partly' then 0.5 else 0 end) filter (where s.rated_at is not null)
                   / nullif(count(*) filter (where s.rated_at is not null), 0))::float as resolution,
                 (select avg(degrees) from gap where gap.channel = s.channel)::float as gap
            from scope s group by s.channel order by count(*) desc) x) as by_channel,
       (select coalesce(json_agg(x), '[]') from (
          select coalesce(s.reporter_user_id, case when $6 then 'tel:' || s.reporter_phone end) as user_id, count(*)::int as requests,
                 count(*) filter (where s.rated_at is not null and s.rating_excluded_reason is null)::int as rated,
                 coalesce(sum(case s.resolved when 'yes' then 1 when 'partly' then 0.5 else 0 end)
                   filter (where s.rated_at is not null and s.rating_excluded_reason is null), 0)::float as resolved
            from scope s where s.reporter_user_id is not null or ($6 and s.reporter_phone is not null)
            group by 1) x) as by_reporter`,
    [q.tenantId, q.path, q.from, q.to, WEIGHTS.basicSatisfied, q.reporterPhones ?? false],
  );
  const r = rows[0];
  const rate = (numerator: number, denominator: number) => ({
    numerator: Math.round(numerator * 100) / 100,
    denominator,
    value: denominator ? Math.round((numerator / denominator) * 10000) / 10000 : null,
  });
  const response = rate(r.responded_on_time, r.response_due);
  const resolution = rate(r.resolved, r.rated);
  const satisfaction = rate(r.satisfied, r.rated);
  const onTime = rate(r.closed_on_time, r.resolve_due);
  const parts = [
    [response.value, w.response],
    [resolution.value, w.resolution],
    [satisfaction.value, w.satisfaction],
    [onTime.value, w.onTime],
  ] as const;
  const known = parts.filter(([v]) => v !== null);
  const weight = known.reduce((s, [, w]) => s + w, 0);
  return {
    requests: r.requests as number,
    responseRate: response,
    resolutionRate: resolution,
    satisfactionRate: satisfaction,
    onTimeRate: onTime,
    composite: weight
      ? Math.round((known.reduce((s, [v, w]) => s + (v as number) * w, 0) / weight) * 10000) / 10000
      : null,
    temperatureGap: {
      mean: r.gap_mean === null ? null : Math.round(r.gap_mean * 100) / 100,
      requests: r.gap_n as number,
    },
    byChannel: (
      r.by_channel as { channel: string; requests: number; resolution: number | null; gap: number | null }[]
    ).map((c) => ({
      channel: c.channel,
      requests: c.requests,
      resolutionRate: c.resolution === null ? null : Math.round(c.resolution * 10000) / 10000,
      temperatureGap: c.gap === null ? null : Math.round(c.gap * 100) / 100,
    })),
    weights: {
      response: w.response,
      resolution: w.resolution,
      satisfaction: w.satisfaction,
      onTime: w.onTime,
    },
    /** per reporting resident (for the breakdown by population group, which needs the basic records) */
    byReporter: r.by_reporter as { user_id: string; requests: number; rated: number; resolved: number }[],
  };
}

/**
 * 解决率 by population group: each request reported by a resident whose person record carries a group tag counts
 * in that group (a resident in two groups counts in both); residents without a tag form their own row.
 */
export function byGroup(
  byReporter: { user_id: string; requests: number; rated: number; resolved: number }[],
  tagsOf: Map<string, string[]>,
  untagged: string,
) {
  const groups = new Map<string, { residents: number; requests: number; rated: number; resolved: number }>();
  for (const r of byReporter) {
    const tags = tagsOf.get(r.user_id);
    for (const g of tags?.length ? tags : [untagged]) {
      const acc = groups.get(g) ?? { residents: 0, requests: 0, rated: 0, resolved: 0 };
      acc.residents++;
      acc.requests += r.requests;
      acc.rated += r.rated;
      acc.resolved += r.resolved;
      groups.set(g, acc);
    }
  }
  return [...groups]
    .map(([group, a]) => ({
      group,
      residents: a.residents,
      requests: a.requests,
      resolutionRate: {
        numerator: Math.round(a.resolved * 100) / 100,
        denominator: a.rated,
        value: a.rated ? Math.round((a.resolved / a.rated) * 10000) / 10000 : null,
      },
    }))
    .sort((x, y) => (x.group === untagged ? 1 : y.group === untagged ? -1 : y.requests - x.requests));
}
