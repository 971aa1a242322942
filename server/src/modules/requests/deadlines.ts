/**
 * Deadlines in China Standard Time (UTC+8, no daylight saving). A 'calendar' clock counts every minute; a
 * 'working' clock counts only minutes on working days: Monday–Friday unless a holiday, plus 调休 make-up
 * workdays that fall on a weekend. Pure: the holiday calendar is passed in.
 */
export type DayKind = 'holiday' | 'workday';
export type HolidayCalendar = ReadonlyMap<string, DayKind>;

const CST = 8 * 60 * 60_000;
const DAY = 24 * 60 * 60_000;

/** 'YYYY-MM-DD' of the CST day holding `ms`. */
export const cstDay = (ms: number) => new Date(ms + CST).toISOString().slice(0, 10);

export function isWorkingDay(day: string, calendar: HolidayCalendar): boolean {
  const override = calendar.get(day);
  if (override) return override === 'workday';
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The moment `minutes` of clock time after `start`. */
export function addClockMinutes(
  start: Date,
  minutes: number,
  clock: 'calendar' | 'working',
  calendar: HolidayCalendar,
): Date {
  if (clock === 'calendar') return new Date(start.getTime() + minutes * 60_000);
  let t = start.getTime();
  let left = minutes * 60_000;
  // walk day by day (CST); at most a few hundred iterations for the longest policy
  for (let guard = 0; guard < 3660; guard++) {
    const dayStart = Math.floor((t + CST) / DAY) * DAY - CST;
    const dayEnd = dayStart + DAY;
    if (isWorkingDay(cstDay(t), calendar)) {
      const available = dayEnd - t;
      if (left <= available) return new Date(t + left);
      left -= available;
    }
    t = dayEnd;
  }
  throw new Error('deadline beyond ten years');
}

/** Working minutes between two moments (for 'working' clocks: minutes on non-working days do not count). */
export function elapsedClockMinutes(
  from: Date,
  to: Date,
  clock: 'calendar' | 'working',
  calendar: HolidayCalendar,
): number {
  if (to <= from) return 0;
  if (clock === 'calendar') return (to.getTime() - from.getTime()) / 60_000;
  let t = from.getTime();
  let total = 0;
  while (t < to.getTime()) {
    const dayEnd = Math.floor((t + CST) / DAY) * DAY - CST + DAY;
    const end = Math.min(dayEnd, to.getTime());
    if (isWorkingDay(cstDay(t), calendar)) total += end - t;
    t = end;
  }
  return total / 60_000;
}

/** yellow / red / breached, by the share of the window that has passed (policy thresholds), or null. */
export function warningLevel(
  now: Date,
  start: Date,
  due: Date,
  thresholds: { yellowAt: number; redAt: number },
  clock: 'calendar' | 'working',
  calendar: HolidayCalendar,
): 'yellow' | 'red' | 'breached' | null {
  if (now >= due) return 'breached';
  const total = elapsedClockMinutes(start, due, clock, calendar);
  const passed = elapsedClockMinutes(start, now, clock, calendar);
  const share = total > 0 ? passed / total : 1;
  if (share >= thresholds.redAt) return 'red';
  if (share >= thresholds.yellowAt) return 'yellow';
  return null;
}
