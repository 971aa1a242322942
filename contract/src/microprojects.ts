import { z } from 'zod';
import { Id } from './common';

/**
 * 民生微实事 micro-projects (PRODUCT.md "Participation"; docs/decisions/0028-microprojects.md): residents propose,
 * staff screen, the council votes, the plan is published for objections, an organisation takes it on, staff
 * supervise it with milestones and payments from the 社区微基金, and it is accepted and rated.
 */

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const MicroStage = z.enum([
  'proposed',
  'screened',
  'rejected',
  'publicizing',
  'undertaken',
  'supervising',
  'accepted',
]);
export type MicroStage = z.infer<typeof MicroStage>;
/** The pipeline's order (rejected is off the pipeline). */
export const MICRO_STAGES: readonly MicroStage[] = [
  'proposed',
  'screened',
  'publicizing',
  'undertaken',
  'supervising',
  'accepted',
];
export const MICRO_STAGE_LABELS: Record<MicroStage, { zh: string; en: string }> = {
  proposed: { zh: '征集', en: 'Proposed' },
  screened: { zh: '议事会评议', en: 'Council review' },
  rejected: { zh: '未通过', en: 'Rejected' },
  publicizing: { zh: '公示', en: 'Public notice' },
  undertaken: { zh: '承接', en: 'Taken on' },
  supervising: { zh: '督导', en: 'Supervised' },
  accepted: { zh: '验收', en: 'Accepted' },
};

export const MicroType = z.object({ id: z.number(), name: z.string(), cap: z.number() });
export type MicroType = z.infer<typeof MicroType>;
export const MicroTypeList = z.object({ items: z.array(MicroType) });
export const MicroTypeBody = z.object({
  communityId: Id,
  name: z.string().trim().min(2).max(30),
  /** the cap in fen */
  cap: z.number().int().positive().max(100_000_000_00),
});
export const MicroTypePatch = z.object({ cap: z.number().int().positive().max(100_000_000_00) });

export const MicroEvent = z.object({
  kind: z.string(),
  stage: MicroStage,
  note: z.string(),
  amount: z.number().nullable(),
  actorName: z.string(),
  at: z.string(),
});
export const MicroObjection = z.object({
  id: z.number(),
  text: z.string(),
  mine: z.boolean(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type MicroObjection = z.infer<typeof MicroObjection>;
export const MicroMilestone = z.object({
  id: z.number(),
  title: z.string(),
  dueDate: z.string().nullable(),
  done: z.boolean(),
});

export const MicroProject = z.object({
  id: z.number(),
  communityId: z.number(),
  typeId: z.number(),
  typeName: z.string(),
  cap: z.number(),
  title: z.string(),
  description: z.string(),
  /** fen */
  budget: z.number(),
  proposerName: z.string(),
  mine: z.boolean(),
  stage: MicroStage,
  rejectReason: z.string().nullable(),
  voteId: z.number().nullable(),
  /** the linked vote's state: open, passed (closed, carried by its first option), failed (closed otherwise) */
  voteState: z.enum(['open', 'passed', 'failed']).nullable(),
  publicityFrom: z.string().nullable(),
  publicityDays: z.number().nullable(),
  /** the last day of the publicity period */
  publicityUntil: z.string().nullable(),
  publicityOver: z.boolean(),
  undertakerUnitId: z.number().nullable(),
  undertakerName: z.string().nullable(),
  projectId: z.number().nullable(),
  spent: z.number(),
  acceptanceNote: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  rating: z.object({ average: z.number().nullable(), count: z.number(), mine: z.number().nullable() }),
  openObjections: z.number(),
  version: z.number(),
  createdAt: z.string(),
});
export type MicroProject = z.infer<typeof MicroProject>;
export const MicroProjectDetail = MicroProject.extend({
  events: z.array(MicroEvent),
  objections: z.array(MicroObjection),
  milestones: z.array(MicroMilestone),
});
export type MicroProjectDetail = z.infer<typeof MicroProjectDetail>;
export const MicroProjectList = z.object({
  items: z.array(MicroProject),
  counts: z.record(z.string(), z.number()),
  fundBalance: z.number().nullable(),
});
export const MicroListQuery = z.object({ communityId: Id.optional(), stage: MicroStage.optional() });

export const MicroProposeBody = z.object({
  communityId: Id.optional(),
  typeId: Id,
  title: z.string().trim().min(2).max(80),
  description: z.string().trim().max(1000).default(''),
  /** fen */
  budget: z.number().int().positive().max(100_000_000_00),
});

/** One staff action on a micro-project; `version` is the one the caller saw (a stale one gets 409). */
export const MicroActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('screen'), version: z.number().int(), pass: z.literal(true) }),
  z.object({
    action: z.literal('reject'),
    version: z.number().int(),
    reason: z.string().trim().min(2).max(200),
  }),
  z.object({ action: z.literal('link_vote'), version: z.number().int(), voteId: Id }),
  z.object({
    action: z.literal('publish'),
    version: z.number().int(),
    days: z.number().int().min(1).max(30),
    /** the day the notice went up on the board (today when not given; at most 30 days back) */
    from: Day.optional(),
  }),
  z.object({
    action: z.literal('take_on'),
    version: z.number().int(),
    unitId: Id.optional(),
    name: z.string().trim().min(1).max(100).optional(),
  }),
  z.object({ action: z.literal('supervise'), version: z.number().int() }),
  z.object({
    action: z.literal('pay'),
    version: z.number().int(),
    amount: z.number().int().positive().max(100_000_000_00),
    note: z.string().trim().max(200).default(''),
  }),
  z.object({
    action: z.literal('accept'),
    version: z.number().int(),
    /** the final payment on acceptance (fen), 0 when everything was paid during supervision */
    amount: z.number().int().min(0).max(100_000_000_00),
    note: z.string().trim().min(2).max(500),
  }),
]);
export type MicroActionBody = z.infer<typeof MicroActionBody>;
export type MicroAction = MicroActionBody['action'];

export const MicroObjectionBody = z.object({ text: z.string().trim().min(2).max(500) });
export const MicroAnswerBody = z.object({ answer: z.string().trim().min(2).max(500) });
export const MicroRatingBody = z.object({
  stars: z.number().int().min(1).max(5),
  comment: z.string().trim().max(200).default(''),
});
export const MicroObjectionParams = z.object({ id: Id, objectionId: Id });
