import { FIGURE_KEYS, type FigureKey } from '@doorstep/contract';
import type pg from 'pg';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { Queryable } from '../../platform/db/tx';
import { conflict, notFound } from '../../platform/http/errors';
import { computeMeasures, MEASURES_VERSION } from '../requests';
import { defs } from './definitions';

/**
 * The reverse survey 反向问卷 (docs/decisions/0029-using-the-data.md): residents viewing their community's figures
 * are sometimes asked "这条数据与你有关吗?". A figure that MORE than 60 % of at least N respondents (N per street,
 * default 20; 跳过 is no respondent) call irrelevant is down-weighted to DOWN_WEIGHT: shown last and folded. Staff
 * restore it (weight 1, counting starts again). Every weight change is audited and kept in its history.
 */
export const IRRELEVANT_SHARE = 0.6;
export const DOWN_WEIGHT = 0.25;
export const DEFAULT_MIN_RESPONDENTS = 20;
export const DEFAULT_ASK_PROBABILITY = 0.2;
/** at most this many questions per resident per China day */
export const ASKS_PER_DAY = 1;
/** figures for residents cover the last 90 China days */
export const FIGURE_DAYS = 90;

/** The rule, on its own: more than 60 % irrelevant among at least N respondents (exactly 60 % does not trigger). */
export const downWeighted = (relevant: number, irrelevant: number, minRespondents: number) => {
  const n = relevant + irrelevant;
  // integer arithmetic: irrelevant / n > 0.6  ⇔  5 × irrelevant > 3 × n
  return n >= minRespondents && 5 * irrelevant > 3 * n;
};

export interface Community {
  tenantId: number;
  id: number;
  name: string;
  path: string;
  code: string;
  streetId: number | null;
  streetName: string | null;
}
const COMMUNITY = `select c.tenant_id, c.id, c.name, c.path::text as path, c.code, s.id as street_id, s.name as street_name
  from areas c left join areas s on s.tenant_id = c.tenant_id and s.id = c.parent_id and s.kind = 'street'
 where c.kind = 'community' and c.archived_at is null`;
const present = (r: pg.QueryResultRow): Community => ({
  tenantId: Number(r.tenant_id),
  id: Number(r.id),
  name: r.name,
  path: r.path,
  code: r.code,
  streetId: r.street_id === null ? null : Number(r.street_id),
  streetName: r.street_name,
});

export async function communityByCode(db: Queryable, code: string) {
  const { rows } = await db.query(`${COMMUNITY} and c.code = $1 order by c.tenant_id limit 1`, [code]);
  return rows[0] ? present(rows[0]) : null;
}
export async function communityWithStreet(db: Queryable, tenantId: number, id: number) {
  const { rows } = await db.query(`${COMMUNITY} and c.tenant_id = $1 and c.id = $2`, [tenantId, id]);
  return rows[0] ? present(rows[0]) : null;
}

/** The community at or above the actor's first scope that has one (a resident's building, a secretary's community). */
export async function ownCommunity(db: Queryable, actor: Actor) {
  for (const s of actor.scopes) {
    const { rows } = await db.query(
      `${COMMUNITY} and c.tenant_id = $1 and c.path @> $2::ltree order by nlevel(c.path) desc limit 1`,
      [s.tenantId, s.path],
    );
    if (rows[0]) return present(rows[0]);
  }
  throw notFound('Community', '社区');
}

export async function surveySettings(db: Queryable, tenantId: number, streetId: number | null) {
  const { rows } = streetId
    ? await db.query(
        'select min_respondents, ask_probability from insight_survey_settings where tenant_id = $1 and street_id = $2',
        [tenantId, streetId],
      )
    : { rows: [] };
  return {
    minRespondents: rows[0] ? Number(rows[0].min_respondents) : DEFAULT_MIN_RESPONDENTS,
    askProbability: rows[0] ? Number(rows[0].ask_probability) : DEFAULT_ASK_PROBABILITY,
  };
}

export const chinaDay = (d = new Date()) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const daysBefore = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - n * 86400_000).toISOString().slice(0, 10);

/** The community's figures (last 90 days) with their weights, down-weighted ones last and folded. */
export async function weightedFigures(db: Queryable, c: Community) {
  const to = chinaDay();
  const from = daysBefore(to, FIGURE_DAYS - 1);
  const [m, w] = await Promise.all([
    computeMeasures(db, { tenantId: c.tenantId, path: c.path, from, to }),
    db.query('select figure, weight from insight_figure_weights where tenant_id = $1 and community_id = $2', [
      c.tenantId,
      c.id,
    ]),
  ]);
  const weight = new Map(w.rows.map((r) => [r.figure as string, Number(r.weight)]));
  const rate = (k: 'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'onTimeRate') => ({
    value: m[k].value,
    numerator: m[k].numerator,
    denominator: m[k].denominator,
  });
  const values: Record<
    FigureKey,
    { value: number | null; numerator: number | null; denominator: number | null }
  > = {
    requests: { value: m.requests, numerator: null, denominator: null },
    responseRate: rate('responseRate'),
    resolutionRate: rate('resolutionRate'),
    satisfactionRate: rate('satisfactionRate'),
    onTimeRate: rate('onTimeRate'),
    temperatureGap: { value: m.temperatureGap.mean, numerator: null, denominator: m.temperatureGap.requests },
  };
  const figures = FIGURE_KEYS.map((key, i) => {
    const wt = weight.get(key) ?? 1;
    return {
      key,
      ...values[key],
      weight: wt,
      folded: wt < 1,
      definitionVersion: defs(key)[0]?.version ?? MEASURES_VERSION,
      i,
    };
  })
    // heavier first; the fixed order among equals
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
    .map(({ i: _i, ...f }) => f);
  return {
    from,
    to,
    figures,
    definitions: defs(...FIGURE_KEYS),
    measures: m,
  };
}

/**
 * Decide whether to ask this resident now, and which figure: at most ASKS_PER_DAY a China day, never the same figure
 * twice in a month (unique in the database), then with the street's probability. Serialized per resident (advisory
 * lock), so two tabs asking at once get one question at most.
 */
export async function maybeAsk(tx: pg.PoolClient, actor: Actor, c: Community, random = Math.random) {
  await tx.query(`select pg_advisory_xact_lock(hashtext('insights.survey:' || $1))`, [actor.userId]);
  const today = await tx.query(
    `select count(*)::int as n from insight_survey_asks
      where tenant_id = $1 and user_id = $2
        and asked_at >= ((now() at time zone 'Asia/Shanghai')::date::timestamp at time zone 'Asia/Shanghai')`,
    [c.tenantId, actor.userId],
  );
  if (today.rows[0].n >= ASKS_PER_DAY) return null;
  const { askProbability } = await surveySettings(tx, c.tenantId, c.streetId);
  if (!(random() < askProbability)) return null;
  const period = (await tx.query(`select to_char(now() at time zone 'Asia/Shanghai', 'YYYY-MM') as p`))
    .rows[0].p as string;
  const asked = await tx.query(
    'select figure from insight_survey_asks where tenant_id = $1 and user_id = $2 and period = $3',
    [c.tenantId, actor.userId, period],
  );
  const done = new Set(asked.rows.map((r) => r.figure));
  const open = FIGURE_KEYS.filter((f) => !done.has(f));
  if (!open.length) return null;
  const figure = open[Math.min(open.length - 1, Math.floor(random() * open.length))]!;
  const { rows } = await tx.query(
    `insert into insight_survey_asks (tenant_id, community_id, figure, period, user_id)
     values ($1, $2, $3, $4, $5) on conflict (tenant_id, user_id, figure, period) do nothing returning id`,
    [c.tenantId, c.id, figure, period, actor.userId],
  );
  if (!rows[0]) return null;
  return { id: Number(rows[0].id), figure, period };
}

/**
 * Record the resident's answer and count it: the counter row is locked by the upsert until commit, so concurrent
 * answers add up exactly and the rule sees every one of them; crossing the rule down-weights the figure once.
 */
export async function answer(
  tx: pg.PoolClient,
  actor: Actor,
  askId: number,
  value: 'relevant' | 'irrelevant' | 'skip',
) {
  const { rows } = await tx.query(
    `update insight_survey_asks set answer = $3, answered_at = now()
      where id = $1 and user_id = $2 and answer is null
      returning tenant_id, community_id, figure`,
    [askId, actor.userId, value],
  );
  const a = rows[0];
  if (!a) {
    const seen = await tx.query('select 1 from insight_survey_asks where id = $1 and user_id = $2', [
      askId,
      actor.userId,
    ]);
    if (seen.rowCount)
      throw conflict('ALREADY_ANSWERED', '这个问题已经回答过了', 'This question was already answered');
    throw notFound('Question', '问题');
  }
  const tenantId = Number(a.tenant_id);
  const c = await communityWithStreet(tx, tenantId, Number(a.community_id));
  const { rows: w } = await tx.query(
    `insert into insight_figure_weights (tenant_id, community_id, figure, relevant, irrelevant, skipped)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (tenant_id, community_id, figure) do update set
       relevant = insight_figure_weights.relevant + excluded.relevant,
       irrelevant = insight_figure_weights.irrelevant + excluded.irrelevant,
       skipped = insight_figure_weights.skipped + excluded.skipped, updated_at = now()
     returning relevant, irrelevant, weight`,
    [
      tenantId,
      a.community_id,
      a.figure,
      value === 'relevant' ? 1 : 0,
      value === 'irrelevant' ? 1 : 0,
      value === 'skip' ? 1 : 0,
    ],
  );
  const row = w[0];
  const { minRespondents } = await surveySettings(tx, tenantId, c?.streetId ?? null);
  let weight = Number(row.weight);
  let changed = false;
  if (weight === 1 && downWeighted(row.relevant, row.irrelevant, minRespondents)) {
    await tx.query(
      `update insight_figure_weights set weight = $4, version = version + 1, updated_at = now()
        where tenant_id = $1 and community_id = $2 and figure = $3`,
      [tenantId, a.community_id, a.figure, DOWN_WEIGHT],
    );
    await tx.query(
      `insert into insight_figure_weight_events (tenant_id, community_id, figure, weight_from, weight_to, reason, relevant, irrelevant)
       values ($1, $2, $3, 1, $4, 'auto', $5, $6)`,
      [tenantId, a.community_id, a.figure, DOWN_WEIGHT, row.relevant, row.irrelevant],
    );
    await recordAudit(tx, {
      tenantId,
      actorUserId: null,
      action: 'insights.figure.downweight',
      entityType: 'insight_figure',
      entityId: `${a.community_id}:${a.figure}`,
      summary: {
        weight: [1, DOWN_WEIGHT],
        relevant: row.relevant,
        irrelevant: row.irrelevant,
        minRespondents,
      },
    });
    weight = DOWN_WEIGHT;
    changed = true;
  }
  return { ok: true as const, weight, downWeighted: changed };
}

/** Staff put a figure back to weight 1; its counters start again from zero (the old ones stay in the history). */
export async function restore(
  tx: pg.PoolClient,
  actor: Actor,
  c: { tenantId: number; id: number },
  figure: FigureKey,
  version: number,
) {
  const { rows } = await tx.query(
    `select relevant, irrelevant, weight, version from insight_figure_weights
      where tenant_id = $1 and community_id = $2 and figure = $3 for update`,
    [c.tenantId, c.id, figure],
  );
  const w = rows[0];
  if (!w) throw notFound('Figure weight', '数据权重');
  if (w.version !== version)
    throw conflict(
      'STALE_VERSION',
      '数据已被他人修改，请刷新后重试',
      'Changed by someone else; reload and retry',
    );
  if (Number(w.weight) === 1)
    throw conflict('NOT_DOWN_WEIGHTED', '这条数据没有被降权', 'This figure is not down-weighted');
  await tx.query(
    `update insight_figure_weights set weight = 1, relevant = 0, irrelevant = 0, skipped = 0, counted_since = now(),
            version = version + 1, updated_at = now()
      where tenant_id = $1 and community_id = $2 and figure = $3`,
    [c.tenantId, c.id, figure],
  );
  await tx.query(
    `insert into insight_figure_weight_events (tenant_id, community_id, figure, weight_from, weight_to, reason, relevant, irrelevant, actor_user_id)
     values ($1, $2, $3, $4, 1, 'restore', $5, $6, $7)`,
    [c.tenantId, c.id, figure, w.weight, w.relevant, w.irrelevant, actor.userId],
  );
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId: actor.userId,
    action: 'insights.figure.restore',
    entityType: 'insight_figure',
    entityId: `${c.id}:${figure}`,
    summary: { weight: [Number(w.weight), 1], relevant: w.relevant, irrelevant: w.irrelevant },
  });
}

/** Each figure's counts, weight and history, for the console. */
export async function figureWeights(db: Queryable, c: Community) {
  const [w, ev, settings] = await Promise.all([
    db.query('select * from insight_figure_weights where tenant_id = $1 and community_id = $2', [
      c.tenantId,
      c.id,
    ]),
    db.query(
      `select e.*, u.name as actor_name from insight_figure_weight_events e left join "user" u on u.id = e.actor_user_id
        where e.tenant_id = $1 and e.community_id = $2 order by e.at desc, e.id desc limit 200`,
      [c.tenantId, c.id],
    ),
    surveySettings(db, c.tenantId, c.streetId),
  ]);
  const byFigure = new Map(w.rows.map((r) => [r.figure as string, r]));
  return {
    communityId: c.id,
    streetId: c.streetId,
    ...settings,
    items: FIGURE_KEYS.map((figure) => {
      const r = byFigure.get(figure);
      const weight = r ? Number(r.weight) : 1;
      return {
        figure,
        relevant: r ? r.relevant : 0,
        irrelevant: r ? r.irrelevant : 0,
        skipped: r ? r.skipped : 0,
        weight,
        folded: weight < 1,
        countedSince: r ? new Date(r.counted_since).toISOString() : null,
        version: r ? r.version : 1,
        history: ev.rows
          .filter((e) => e.figure === figure)
          .map((e) => ({
            at: new Date(e.at).toISOString(),
            reason: e.reason,
            weightFrom: Number(e.weight_from),
            weightTo: Number(e.weight_to),
            relevant: e.relevant,
            irrelevant: e.irrelevant,
            actorName: e.actor_name ?? null,
          })),
      };
    }),
  };
}
