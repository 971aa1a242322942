import type { CalendarDay } from '@doorstep/contract';
import { useTranslation } from 'react-i18next';

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
/** 0 = Monday … 6 = Sunday (Chinese calendars start the week on Monday). */
export const mondayIndex = (iso: string) => (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * Twelve months of one year: holidays red, 调休 make-up workdays blue, weekends grey. Each day is a button
 * when the user may edit (it opens the day's editor), plain text otherwise.
 */
export function YearGrid({
  year,
  days,
  today,
  onPick,
}: {
  year: number;
  days: Map<string, CalendarDay>;
  today: string;
  onPick?: (date: string) => void;
}) {
  const { t } = useTranslation();
  const c = (k: string, o?: Record<string, unknown>) => t(`console.calendar.${k}`, o);
  const weekdays = c('weekdaysShort').split(',');
  const months = c('monthNames').split(',');
  return (
    <div className="ds-cal-year" data-testid="calendar-year">
      {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => {
        const first = mondayIndex(isoDate(year, month, 1));
        const cells = Array.from({ length: daysIn(year, month) }, (_, i) => i + 1);
        return (
          <section key={month} className="ds-cal-month" aria-label={c('monthLabel', { year, month })}>
            <h3 className="ds-cal-month-title">{months[month - 1]}</h3>
            <div className="ds-cal-grid">
              {weekdays.map((w, i) => (
                <div key={w} className={`ds-cal-wd${i >= 5 ? ' is-weekend' : ''}`} aria-hidden>
                  {w}
                </div>
              ))}
              {cells.map((d) => {
                const iso = isoDate(year, month, d);
                const mark = days.get(iso);
                const weekend = mondayIndex(iso) >= 5;
                const cls = [
                  'ds-cal-day',
                  mark ? `is-${mark.kind}` : weekend ? 'is-weekend' : '',
                  iso === today ? 'is-today' : '',
                ]
                  .filter(Boolean)
                  .join(' ');
                // the 1st starts under its weekday; the rest follow
                const style = d === 1 && first > 0 ? { gridColumnStart: first + 1 } : undefined;
                const label = `${c('dayLabel', { month, day: d })}${mark ? ` ${mark.name} · ${c(`kinds.${mark.kind}`)}` : ''}`;
                return onPick ? (
                  <button
                    key={iso}
                    type="button"
                    className={cls}
                    style={style}
                    title={mark ? `${mark.name} · ${c(`kinds.${mark.kind}`)}` : undefined}
                    aria-label={label}
                    data-date={iso}
                    onClick={() => onPick(iso)}
                  >
                    {d}
                  </button>
                ) : (
                  <div
                    key={iso}
                    className={cls}
                    style={style}
                    title={mark ? `${mark.name} · ${c(`kinds.${mark.kind}`)}` : undefined}
                    data-date={iso}
                  >
                    <span aria-hidden>{d}</span>
                    <span className="ds-sr-only">{label}</span>
                  </div>
                );
              })}
            </div>
          </section>
        );
      })}
    </div>
  );
}

/** The year's marked days as the notice reads: 春节 · 2月15日–23日 放假 · 2月14日、28日 上班. */
export function summarize(days: CalendarDay[]): { name: string; holidays: string[][]; workdays: string[] }[] {
  const byName = new Map<string, { name: string; holidays: string[][]; workdays: string[] }>();
  // 春节调休 belongs to 春节
  const base = (name: string) => name.replace(/调休$/, '') || name;
  for (const d of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    const key = base(d.name);
    const entry = byName.get(key) ?? { name: key, holidays: [], workdays: [] };
    byName.set(key, entry);
    if (d.kind === 'workday') entry.workdays.push(d.date);
    else {
      const run = entry.holidays.at(-1);
      const prev = run?.at(-1);
      const next = prev && new Date(Date.parse(`${prev}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      if (run && next === d.date) run.push(d.date);
      else entry.holidays.push([d.date]);
    }
  }
  // in the order of the year: by each festival's first day off (or its first workday)
  const first = (g: { holidays: string[][]; workdays: string[] }) =>
    g.holidays[0]?.[0] ?? g.workdays[0] ?? '';
  return [...byName.values()].sort((a, b) => first(a).localeCompare(first(b)));
}
