import type { Queryable } from '../../platform/db/tx';
import { addClockMinutes, type DayKind, type HolidayCalendar, warningLevel } from './deadlines';

export interface SlaPolicy {
  clock: 'calendar' | 'working';
  responseMinutes: number;
  resolveMinutes: number;
  yellowAt: number;
  redAt: number;
}

let cache: { at: number; calendar: HolidayCalendar; policies: Map<string, SlaPolicy> } | undefined;

/** The holiday calendar and deadline policies (reference tables), re-read at most once a minute. */
export async function loadSla(db: Queryable) {
  if (cache && Date.now() - cache.at < 60_000) return cache;
  const [days, policies] = await Promise.all([
    db.query('select day::text as day, kind from holidays'),
    db.query('select * from sla_policies'),
  ]);
  cache = {
    at: Date.now(),
    calendar: new Map(days.rows.map((d) => [d.day as string, d.kind as DayKind])),
    policies: new Map(
      policies.rows.map((p) => [
        `${p.sla_class}/${p.urgency}`,
        {
          clock: p.clock,
          responseMinutes: p.response_minutes,
          resolveMinutes: p.resolve_minutes,
          yellowAt: Number(p.yellow_at),
          redAt: Number(p.red_at),
        },
      ]),
    ),
  };
  return cache;
}

/** Forget the cached calendar (after an admin edits it). */
export const invalidateSla = () => {
  cache = undefined;
};

/** Response and resolve deadlines for a category class and urgency, counted from `start`. */
export async function deadlinesFor(db: Queryable, slaClass: string, urgency: string, start: Date) {
  const sla = await loadSla(db);
  const policy =
    sla.policies.get(`${slaClass}/${urgency}`) ??
    sla.policies.get(`normal/${urgency}`) ??
    sla.policies.get('normal/normal')!;
  return {
    policy,
    responseDueAt: addClockMinutes(start, policy.responseMinutes, policy.clock, sla.calendar),
    resolveDueAt: addClockMinutes(start, policy.resolveMinutes, policy.clock, sla.calendar),
  };
}

/** The warning a request carries now (黄牌/红牌/超期), from its resolve deadline and its policy's thresholds. */
export function currentWarning(
  sla: Awaited<ReturnType<typeof loadSla>>,
  r: {
    status: string;
    sla_class: string;
    urgency: string;
    created_at: Date;
    resolve_due_at: Date | null;
    delayed_minutes?: number;
  },
  now = new Date(),
): 'yellow' | 'red' | 'breached' | null {
  if (!r.resolve_due_at || ['handled', 'verified', 'closed'].includes(r.status)) return null;
  const policy = sla.policies.get(`${r.sla_class}/${r.urgency}`) ?? sla.policies.get('normal/normal')!;
  return warningLevel(
    now,
    r.created_at,
    r.resolve_due_at,
    { yellowAt: policy.yellowAt, redAt: policy.redAt },
    policy.clock,
    sla.calendar,
  );
}
