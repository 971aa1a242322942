import { z } from 'zod';

/**
 * 数据晨读 scoring per street (server/src/modules/insights/scoring.ts): each candidate gets a score, the `items`
 * highest make the brief. Every field is documented here and next to it on the settings screen.
 */
const n = (min: number, max: number, what: string) => z.number().min(min).max(max).describe(what);
const int = (min: number, max: number, what: string) => z.number().int().min(min).max(max).describe(what);

export const Scoring = z.object({
  items: int(1, 10, 'items per brief (每期条数)'),
  missedLoop: z.object({
    base: n(0, 100_000, 'missed loop: base score, plus 1 per hour late; kept above everything else'),
  }),
  breach: z.object({
    base: n(0, 10_000, 'open past the resolve deadline: base score'),
    perDay: n(0, 1_000, 'added per day late'),
    maxDays: int(0, 365, 'days late counted at most'),
  }),
  gap: z.object({
    threshold: int(-50, 0, '温差 at or below this (℃) makes a candidate'),
    perDegree: n(0, 1_000, 'score per degree of 温差'),
  }),
  surge: z.object({
    minCount: int(1, 1_000, 'requests that day, at least'),
    ratio: n(1, 100, 'times the daily mean, at least'),
    baselineDays: int(1, 90, 'days of the baseline before the day'),
    weight: n(0, 1_000, 'weight × (count − mean) / √(mean + 1)'),
  }),
});
export type Scoring = z.infer<typeof Scoring>;

/** GET /api/insights/scoring?areaId=: the scoring of the street the area lies in. */
export const ScoringQuery = z.object({ areaId: z.coerce.number().int().positive() });
export const ScoringSettings = z.object({
  streetId: z.number(),
  streetName: z.string(),
  /** the scoring the brief uses: the street's own, else the defaults */
  scoring: Scoring,
  defaults: Scoring,
  custom: z.boolean(),
  /** 0 while the street uses the defaults */
  version: z.number(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  canEdit: z.boolean(),
});
export type ScoringSettings = z.infer<typeof ScoringSettings>;

/** PUT /api/insights/scoring: street admins; `version` as read (0: none yet), else 409. */
export const ScoringBody = z.object({
  areaId: z.number().int().positive(),
  version: z.number().int().min(0),
  /** null: back to the defaults */
  scoring: Scoring.nullable(),
});
export type ScoringBody = z.infer<typeof ScoringBody>;
