/** How far a deadline is from now, in the largest sensible units ("2 天 3 小时", "45 分钟"). */
export function durationParts(ms: number): { days: number; hours: number; minutes: number } {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  return {
    days: Math.floor(minutes / 1440),
    hours: Math.floor((minutes % 1440) / 60),
    minutes: minutes % 60,
  };
}

type T = (key: string, options?: Record<string, unknown>) => string;

export function formatDuration(ms: number, t: T): string {
  const { days, hours, minutes } = durationParts(ms);
  const k = (unit: string, count: number) => t(`console.requests.deadline.${unit}`, { count });
  if (days > 0) return hours > 0 ? `${k('days', days)} ${k('hours', hours)}` : k('days', days);
  if (hours > 0)
    return minutes > 0 && hours < 6 ? `${k('hours', hours)} ${k('minutes', minutes)}` : k('hours', hours);
  return k('minutes', Math.max(1, minutes));
}

/** "剩 2 天 3 小时" or "超时 5 小时" for a deadline, or null when there is none. */
export function deadlineText(
  due: string | null,
  t: T,
  now = Date.now(),
): { text: string; over: boolean } | null {
  if (!due) return null;
  const ms = new Date(due).getTime() - now;
  const d = formatDuration(ms, t);
  return ms >= 0
    ? { text: t('console.requests.deadline.left', { d }), over: false }
    : { text: t('console.requests.deadline.over', { d }), over: true };
}

/** China Standard Time has no daylight saving: UTC+8 all year, whatever the browser's own time zone. */
const cst = (iso: string | Date) => new Date(new Date(iso).getTime() + 8 * 3600_000);
const p = (n: number) => String(n).padStart(2, '0');

/** "11-22 14:30" (this year) or "2025-11-22 14:30", in Asia/Shanghai (the platform's clock). */
export function shortDateTime(iso: string, now = new Date()): string {
  const d = cst(iso);
  const day = `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
  return d.getUTCFullYear() === cst(now).getUTCFullYear()
    ? `${day} ${time}`
    : `${d.getUTCFullYear()}-${day} ${time}`;
}

/** "2026-11-22 14:30" in Asia/Shanghai. */
export function fullDateTime(iso: string): string {
  const d = cst(iso);
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
