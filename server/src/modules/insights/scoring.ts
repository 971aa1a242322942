/**
 * The morning brief's scoring (docs/decisions/0024-insights.md). Each candidate gets a score; the `items` highest
 * make the brief. Override any part with the BRIEF_SCORING environment variable (JSON, merged over these defaults);
 * the scoring used is stored with each brief.
 *
 * - missed_loop: an item the meeting assigned whose due time passed without a report: base + 1 per hour late —
 *   always above everything else, so a missed loop is never crowded out;
 * - breach: a request still open past its resolve deadline at the end of the day: base + perDay × days late;
 * - gap: a request rated that day whose 温差 (the requests module's definition) is at or below `threshold`:
 *   perDegree × |gap|;
 * - surge_category / surge_place: a category (in the community) or a grid with at least `minCount` requests that day
 *   and at least `ratio` × its daily mean over the previous `baselineDays` days:
 *   weight × (count − mean) / √(mean + 1).
 */
export const DEFAULT_SCORING = {
  items: 3,
  missedLoop: { base: 1000 },
  breach: { base: 20, perDay: 10, maxDays: 30 },
  gap: { threshold: -3, perDegree: 8 },
  surge: { minCount: 3, ratio: 2, baselineDays: 28, weight: 12 },
};
export type Scoring = typeof DEFAULT_SCORING;

export function loadScoring(env = process.env.BRIEF_SCORING): Scoring {
  if (!env) return DEFAULT_SCORING;
  const o = JSON.parse(env) as Partial<Record<keyof Scoring, unknown>>;
  const merge = <T>(base: T, over: unknown): T =>
    typeof base === 'object' && base !== null && typeof over === 'object' && over !== null
      ? ({ ...base, ...over } as T)
      : typeof over === typeof base
        ? (over as T)
        : base;
  return {
    items: merge(DEFAULT_SCORING.items, o.items),
    missedLoop: merge(DEFAULT_SCORING.missedLoop, o.missedLoop),
    breach: merge(DEFAULT_SCORING.breach, o.breach),
    gap: merge(DEFAULT_SCORING.gap, o.gap),
    surge: merge(DEFAULT_SCORING.surge, o.surge),
  };
}

export const surgeScore = (s: Scoring['surge'], count: number, mean: number) =>
  count >= s.minCount && count >= s.ratio * mean ? (s.weight * (count - mean)) / Math.sqrt(mean + 1) : null;
