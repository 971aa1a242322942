import type { CalendarDay, CalendarDayBody, SlaPolicy, SlaPolicyBody } from '@doorstep/contract';
import type pg from 'pg';
import type { Actor } from '../../platform/access/scopes';
import { diff, recordReferenceAudit } from '../../platform/audit/audit';
import type { Queryable } from '../../platform/db/tx';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';

/**
 * The holiday calendar (法定节假日, 调休 make-up workdays) and the deadline policy table: reference tables every
 * street's deadlines count on, so only platform admins change them. Every change is audited in the same
 * transaction; the caller clears the SLA cache (`invalidateSla`) after it commits.
 */

export const mayEditCalendar = (actor: Actor) => actor.isPlatformAdmin;
export function assertMayEdit(actor: Actor) {
  if (!mayEditCalendar(actor))
    throw forbidden(
      '只有平台管理员可以修改工作日历和时限',
      'Only the platform administrator may change the calendar and deadlines',
    );
}

const toDay = (r: { day: string; kind: CalendarDay['kind']; name: string }): CalendarDay => ({
  date: r.day,
  kind: r.kind,
  name: r.name,
});

/** The holidays and make-up workdays of one year, in date order. */
export async function listCalendarYear(db: Queryable, year: number): Promise<CalendarDay[]> {
  const { rows } = await db.query(
    `select day::text as day, kind, name from holidays
      where day >= make_date($1, 1, 1) and day < make_date($1 + 1, 1, 1) order by day`,
    [year],
  );
  return rows.map(toDay);
}

/** Marks one day a holiday or a make-up workday (insert or change), audited when anything changed. */
export async function setCalendarDay(
  tx: pg.PoolClient,
  actor: Actor,
  date: string,
  body: CalendarDayBody,
): Promise<CalendarDay> {
  assertMayEdit(actor);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  // a make-up workday on a weekday, or a holiday on a weekend, would change nothing (a weekend holiday still
  // counts for naming the holiday's span, so only the workday case is refused)
  if (body.kind === 'workday' && !weekend)
    throw invalid(
      'WORKDAY_NOT_WEEKEND',
      '调休上班日应为周六或周日（工作日本来就上班）',
      'A make-up workday must be a Saturday or Sunday (weekdays are worked anyway)',
    );
  const before = (
    await tx.query('select day::text as day, kind, name from holidays where day = $1 for update', [date])
  ).rows[0];
  const after = { day: date, kind: body.kind, name: body.name };
  if (before && before.kind === after.kind && before.name === after.name) return toDay(after);
  await tx.query(
    `insert into holidays (day, kind, name) values ($1, $2, $3)
     on conflict (day) do update set kind = excluded.kind, name = excluded.name`,
    [date, body.kind, body.name],
  );
  await recordReferenceAudit(tx, {
    actorUserId: actor.userId,
    action: before ? 'calendar.change' : 'calendar.add',
    entityType: 'holiday',
    entityId: date,
    summary: before
      ? diff({ kind: before.kind, name: before.name }, { kind: body.kind, name: body.name })
      : { kind: body.kind, name: body.name },
  });
  return toDay(after);
}

/** Makes one day an ordinary day again (weekday worked, weekend off); idempotent, audited when it was marked. */
export async function clearCalendarDay(tx: pg.PoolClient, actor: Actor, date: string): Promise<void> {
  assertMayEdit(actor);
  const { rows } = await tx.query('delete from holidays where day = $1 returning kind, name', [date]);
  if (!rows[0]) return;
  await recordReferenceAudit(tx, {
    actorUserId: actor.userId,
    action: 'calendar.clear',
    entityType: 'holiday',
    entityId: date,
    summary: { kind: rows[0].kind, name: rows[0].name },
  });
}

/** Replaces one year's marked days with `days` (an Excel import), auditing each difference. */
export async function replaceCalendarYear(
  tx: pg.PoolClient,
  actor: Actor,
  year: number,
  days: CalendarDay[],
  commit: boolean,
): Promise<{ added: number; changed: number; removed: number }> {
  assertMayEdit(actor);
  const current = new Map(
    (
      await tx.query(
        `select day::text as day, kind, name from holidays
          where day >= make_date($1, 1, 1) and day < make_date($1 + 1, 1, 1) for update`,
        [year],
      )
    ).rows.map((r) => [r.day as string, r]),
  );
  const wanted = new Map(days.map((d) => [d.date, d]));
  const added = days.filter((d) => !current.has(d.date));
  const changed = days.filter((d) => {
    const c = current.get(d.date);
    return c && (c.kind !== d.kind || c.name !== d.name);
  });
  const removed = [...current.keys()].filter((d) => !wanted.has(d));
  if (commit) {
    if (removed.length) await tx.query('delete from holidays where day = any($1::date[])', [removed]);
    for (const d of [...added, ...changed])
      await tx.query(
        `insert into holidays (day, kind, name) values ($1, $2, $3)
         on conflict (day) do update set kind = excluded.kind, name = excluded.name`,
        [d.date, d.kind, d.name],
      );
    await recordReferenceAudit(tx, {
      actorUserId: actor.userId,
      action: 'calendar.import',
      entityType: 'holiday',
      entityId: String(year),
      summary: {
        added: added.map((d) => `${d.date} ${d.kind} ${d.name}`),
        changed: changed.map((d) => `${d.date} ${d.kind} ${d.name}`),
        removed,
      },
    });
  }
  return { added: added.length, changed: changed.length, removed: removed.length };
}

const toPolicy = (p: Record<string, unknown>): SlaPolicy => ({
  slaClass: p.sla_class as SlaPolicy['slaClass'],
  urgency: p.urgency as SlaPolicy['urgency'],
  clock: p.clock as SlaPolicy['clock'],
  responseMinutes: p.response_minutes as number,
  resolveMinutes: p.resolve_minutes as number,
  yellowAt: Number(p.yellow_at),
  redAt: Number(p.red_at),
  version: p.version as number,
});

const CLASS_ORDER = ['emergency', 'utilities', 'normal', 'complex'];
const URGENCY_ORDER = ['normal', 'urgent', 'emergency'];

/** The deadline policy table, deadline class (emergency → complex) then urgency. */
export async function listPolicies(db: Queryable): Promise<SlaPolicy[]> {
  const { rows } = await db.query('select * from sla_policies');
  return rows
    .map(toPolicy)
    .sort(
      (a, b) =>
        CLASS_ORDER.indexOf(a.slaClass) - CLASS_ORDER.indexOf(b.slaClass) ||
        URGENCY_ORDER.indexOf(a.urgency) - URGENCY_ORDER.indexOf(b.urgency),
    );
}

/** Edits one policy row, guarded by the version the editor saw; audited with what changed. */
export async function updatePolicy(
  tx: pg.PoolClient,
  actor: Actor,
  key: { slaClass: string; urgency: string },
  body: SlaPolicyBody,
): Promise<SlaPolicy> {
  assertMayEdit(actor);
  if (body.yellowAt >= body.redAt)
    throw invalid(
      'SLA_THRESHOLDS_INVALID',
      '黄牌预警比例应小于红牌预警比例',
      'The yellow warning must come before the red one (yellowAt < redAt)',
    );
  if (body.responseMinutes > body.resolveMinutes)
    throw invalid(
      'SLA_RESPONSE_AFTER_RESOLVE',
      '响应时限不能长于办结时限',
      'The response deadline cannot be longer than the resolve deadline',
    );
  const found = (
    await tx.query('select * from sla_policies where sla_class = $1 and urgency = $2 for update', [
      key.slaClass,
      key.urgency,
    ])
  ).rows[0];
  if (!found) throw notFound('Deadline policy', '时限规则');
  const before = toPolicy(found);
  if (before.version !== body.version)
    throw conflict(
      'SLA_POLICY_VERSION_CONFLICT',
      '该时限规则已被他人修改，请刷新后重试',
      'Someone else changed this policy; reload and try again',
    );
  const { rows } = await tx.query(
    `update sla_policies set clock = $3, response_minutes = $4, resolve_minutes = $5, yellow_at = $6, red_at = $7,
            version = version + 1
      where sla_class = $1 and urgency = $2 returning *`,
    [
      key.slaClass,
      key.urgency,
      body.clock,
      body.responseMinutes,
      body.resolveMinutes,
      body.yellowAt,
      body.redAt,
    ],
  );
  const after = toPolicy(rows[0]);
  const { version: _v1, ...b } = before;
  const { version: _v2, ...a } = after;
  await recordReferenceAudit(tx, {
    actorUserId: actor.userId,
    action: 'sla_policy.update',
    entityType: 'sla_policy',
    entityId: `${key.slaClass}/${key.urgency}`,
    // the clock stays beside the durations, so '1440' reads as 24 小时 or 1 个工作日
    summary: { ...diff(b, a), ...(a.clock === b.clock ? { clock: a.clock } : {}) },
  });
  return after;
}
