import { z } from 'zod';
import { FigureDefinition } from './insights';

/**
 * Insights, using the data: the reverse survey 反向问卷 and figure weights, the community's public page and open
 * data, and the data-use share 数据使用率 (docs/decisions/0029-using-the-data.md).
 */

export const FIGURE_KEYS = [
  'requests',
  'responseRate',
  'resolutionRate',
  'satisfactionRate',
  'onTimeRate',
  'temperatureGap',
] as const;
export const FigureKey = z.enum(FIGURE_KEYS);
export type FigureKey = z.infer<typeof FigureKey>;

/** One figure as residents see it: its value, what it counts, and its weight (below 1: shown folded, last). */
export const PublicFigure = z.object({
  key: FigureKey,
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  weight: z.number(),
  folded: z.boolean(),
  definitionVersion: z.string(),
});
export type PublicFigure = z.infer<typeof PublicFigure>;

/** GET /api/insights/figures: the signed-in resident's community figures (last 90 days), weighted. */
export const ResidentFigures = z.object({
  community: z.object({ id: z.number(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  figures: z.array(PublicFigure),
  definitions: z.array(FigureDefinition),
});
export type ResidentFigures = z.infer<typeof ResidentFigures>;

/** POST /api/insights/survey/ask: the server decides whether to ask (probability, 1 a day, once a figure a month). */
export const SurveyAskBody = z.object({ communityId: z.number().int().positive().optional() });
export const SurveyQuestion = z.object({
  question: z.object({ id: z.number(), figure: FigureKey, period: z.string() }).nullable(),
});
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;

/** POST /api/insights/survey/:id/answer */
export const SurveyAnswerBody = z.object({ answer: z.enum(['relevant', 'irrelevant', 'skip']) });
export type SurveyAnswerBody = z.infer<typeof SurveyAnswerBody>;
export const SurveyAnswerResult = z.object({
  ok: z.literal(true),
  weight: z.number(),
  downWeighted: z.boolean(),
});

/** GET /api/insights/figure-weights?communityId: each figure's survey counts, weight and history (staff). */
export const FigureWeightsQuery = z.object({ communityId: z.coerce.number().int().positive() });
const WeightEvent = z.object({
  at: z.string(),
  reason: z.enum(['auto', 'restore']),
  weightFrom: z.number(),
  weightTo: z.number(),
  relevant: z.number(),
  irrelevant: z.number(),
  actorName: z.string().nullable(),
});
export const FigureWeight = z.object({
  figure: FigureKey,
  relevant: z.number(),
  irrelevant: z.number(),
  skipped: z.number(),
  weight: z.number(),
  folded: z.boolean(),
  countedSince: z.string().nullable(),
  version: z.number(),
  history: z.array(WeightEvent),
});
export type FigureWeight = z.infer<typeof FigureWeight>;
export const FigureWeightList = z.object({
  communityId: z.number(),
  streetId: z.number().nullable(),
  minRespondents: z.number(),
  askProbability: z.number(),
  items: z.array(FigureWeight),
});
export type FigureWeightList = z.infer<typeof FigureWeightList>;

/** POST /api/insights/figure-weights/restore: back to weight 1, counting starts again. */
export const RestoreFigureBody = z.object({
  communityId: z.number().int().positive(),
  figure: FigureKey,
  version: z.number().int().positive(),
});

/** PUT /api/insights/survey/settings: a street's rule (N respondents) and asking probability. */
export const SurveySettingsBody = z.object({
  streetId: z.number().int().positive(),
  minRespondents: z.number().int().min(1).max(100000),
  askProbability: z.number().min(0).max(1),
});
export type SurveySettingsBody = z.infer<typeof SurveySettingsBody>;

/** PUT /api/insights/requests/:id/publish-consent: the reporter lets the resolved request appear on the public page. */
export const PublishConsentBody = z.object({ consent: z.boolean() });
export const PublishConsent = z.object({ requestId: z.number(), consent: z.boolean() });
export type PublishConsent = z.infer<typeof PublishConsent>;

/** GET /api/open/communities/:code: the public page's aggregates (no sign-in, no personal data). */
export const OpenCodeParams = z.object({ code: z.string().regex(/^\d{6,20}$/) });
export const OpenCommunity = z.object({
  licence: z.string(),
  generatedAt: z.string(),
  community: z.object({ code: z.string(), name: z.string(), street: z.string().nullable() }),
  from: z.string(),
  to: z.string(),
  figures: z.array(PublicFigure),
  counts: z.object({ requests: z.number(), closed: z.number(), open: z.number() }),
  resolvedExamples: z.array(
    z.object({
      category: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
      grid: z.string().nullable(),
      receivedOn: z.string(),
      closedOn: z.string(),
      days: z.number(),
      resolved: z.enum(['yes', 'partly']),
      satisfaction: z.string().nullable(),
    }),
  ),
  resolutions: z.array(
    z.object({ text: z.string(), status: z.string(), progress: z.number(), dueDate: z.string() }),
  ),
  projects: z.array(
    z.object({
      title: z.string(),
      milestones: z.number(),
      milestonesDone: z.number(),
      budgetYuan: z.number(),
    }),
  ),
  dataUse: z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable() }),
  definitions: z.array(FigureDefinition),
});
export type OpenCommunity = z.infer<typeof OpenCommunity>;

/** GET /api/insights/data-use: the share of the period's records that fed an assignment, a resolution or a decision. */
export const DataUseQuery = z.object({
  areaId: z.coerce.number().int().positive(),
  from: z.iso.date(),
  to: z.iso.date(),
});
const Share = z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable() });
export const DataUse = z.object({
  from: z.string(),
  to: z.string(),
  share: Share,
  byUse: z.object({ briefLoop: z.number(), resolution: z.number(), decision: z.number() }),
  trend: z.array(
    z.object({ bucket: z.string(), records: z.number(), used: z.number(), value: z.number().nullable() }),
  ),
  definitions: z.array(FigureDefinition),
});
export type DataUse = z.infer<typeof DataUse>;
