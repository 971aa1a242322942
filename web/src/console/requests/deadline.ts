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

/** "11-22 14:30" (this year) or "2025-11-22 14:30", in the browser's time zone. */
export function shortDateTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  const time = `${p(d.getHours())}:${p(d.getMinutes())}`;
  return d.getFullYear() === now.getFullYear() ? `${day} ${time}` : `${d.getFullYear()}-${day} ${time}`;
}

export function fullDateTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
