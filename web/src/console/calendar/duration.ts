/** Minutes of a deadline as the unit staff think in: 2 小时, 7 个工作日, 30 分钟. */
export type DurationUnit = 'minutes' | 'hours' | 'days';

export function splitMinutes(minutes: number): { value: number; unit: DurationUnit } {
  if (minutes % 1440 === 0) return { value: minutes / 1440, unit: 'days' };
  if (minutes % 60 === 0) return { value: minutes / 60, unit: 'hours' };
  return { value: minutes, unit: 'minutes' };
}

export const UNIT_MINUTES: Record<DurationUnit, number> = { minutes: 1, hours: 60, days: 1440 };

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * "2 小时", "7 个工作日" (working clock, whole days), "24 小时" rather than "1 天" on the calendar clock
 * (a day of calendar time reads as hours in the State Council's wording of 24 小时 deadlines).
 */
export function formatMinutes(minutes: number, clock: 'calendar' | 'working', t: T): string {
  const { value, unit } = splitMinutes(minutes);
  const k = (key: string, count: number) => t(`console.calendar.units.${key}`, { count });
  if (unit === 'days') return clock === 'working' ? k('workingDays', value) : k('hours', value * 24);
  return k(unit, value);
}
