import { formatMinutes } from './duration';

type T = (key: string, options?: Record<string, unknown>) => string;

/** A change's summary in words: "名称：测试假日 → 改名假日", "办结时限：7 个工作日 → 5 个工作日", "新增 3 天". */
export function describeChange(summary: Record<string, unknown>, t: T): string {
  const c = (k: string, o?: Record<string, unknown>) => t(`console.calendar.${k}`, o);
  // the clock the durations count on: the new one when it changed, else the one the server notes beside them
  const clockOf = Array.isArray(summary.clock) ? summary.clock[1] : summary.clock;
  const clock = clockOf === 'calendar' ? 'calendar' : 'working';
  const value = (key: string, v: unknown): string => {
    if (v === null || v === undefined) return '—';
    if (key === 'kind') return c(`kinds.${v}`);
    if (key === 'clock') return c(`clocks.${v}`);
    if (key === 'responseMinutes' || key === 'resolveMinutes') return formatMinutes(Number(v), clock, t);
    if (key === 'yellowAt' || key === 'redAt') return `${Math.round(Number(v) * 100)}%`;
    return String(v);
  };
  return Object.entries(summary)
    .map(([key, v]) => {
      const label = c(`fields.${key}`, { defaultValue: key });
      // an import lists the days it added, changed and removed
      if (['added', 'changed', 'removed'].includes(key) && Array.isArray(v))
        return c(`import.${key}Count`, { count: v.length });
      if (Array.isArray(v) && v.length === 2) return `${label}：${value(key, v[0])} → ${value(key, v[1])}`;
      return `${label}：${value(key, v)}`;
    })
    .join(c('listSep'));
}
