import { z } from 'zod';
import { Phone } from './common';

/** 受理 → 派单 → 接单 → 处置中 → 办结 → 核查 → 结案, plus 退单 returned and 重办 reopened. */
export const RequestStatus = z.enum([
  'received',
  'dispatched',
  'accepted',
  'in_progress',
  'handled',
  'verified',
  'closed',
  'returned',
  'reopened',
]);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const RequestAction = z.enum([
  'dispatch',
  'reassign',
  'accept',
  'return',
  'start',
  'handle',
  'answer',
  'verify',
  'rework',
  'rate',
  'reopen',
  'close',
  'reject',
  'merge',
]);
export type RequestAction = z.infer<typeof RequestAction>;

/** Where a request came in (渠道). */
export const Channel = z.enum([
  'h5',
  'qr',
  'visit',
  'hotline_12345',
  'chamber',
  'mailbox',
  'wechat_group',
  'patrol',
  'rider',
  'open311',
  'import',
]);
export type Channel = z.infer<typeof Channel>;
/** 咨询 / 求助 / 投诉 / 举报 / 建议 */
export const Nature = z.enum(['consult', 'help', 'complaint', 'report', 'suggestion']);
export const Urgency = z.enum(['normal', 'urgent', 'emergency']);
/** 组织吹哨→党员, 社区吹哨→单位, 业主吹哨→物业, 邻里吹哨→团队, 百姓吹哨→志愿, 街乡吹哨→部门 */
export const WhistleKind = z.enum(['organization', 'community', 'owner', 'neighbor', 'public', 'street']);
export type WhistleKind = z.infer<typeof WhistleKind>;
export const ResponderKind = z.enum([
  'property',
  'unit',
  'party',
  'team',
  'volunteer',
  'department',
  'social_org',
]);
export type ResponderKind = z.infer<typeof ResponderKind>;
/** Which kind of responder each whistle calls. */
export const WHISTLE_RESPONDER: Record<WhistleKind, ResponderKind[]> = {
  organization: ['party'],
  community: ['unit', 'social_org'],
  owner: ['property'],
  neighbor: ['team'],
  public: ['volunteer'],
  street: ['department'],
};

const Coord = { lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) };
const Note = z.string().trim().max(1000);
const PhotoRef = z.string().regex(/^[a-f0-9]{64}$/, 'photo');

/** A resident's report (随手拍): description, nature, place; category optional (suggested if missing). */
export const ReportBody = z.object({
  description: z.string().trim().min(2).max(2000),
  nature: Nature.default('help'),
  categoryCode: z.string().max(60).optional(),
  lng: Coord.lng.optional(),
  lat: Coord.lat.optional(),
  crs: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  address: z.string().trim().max(200).optional(),
  /** the area a printed QR code stands for (pre-fills the place) */
  placeAreaId: z.number().int().positive().optional(),
  anonymous: z.boolean().default(false),
  photos: z.array(PhotoRef).max(9).default([]),
});
export type ReportBody = z.infer<typeof ReportBody>;

/** Staff intake for the other channels (走访, 12345, 商会, 信箱, 微信群, 巡查, 骑手随手拍). */
export const IntakeBody = ReportBody.extend({
  channel: Channel.exclude(['h5', 'open311', 'import']),
  /** omitted: from the category (emergencies are 特急) */
  urgency: Urgency.optional(),
  reporterName: z.string().trim().max(50).optional(),
  reporterPhone: Phone.optional(),
  sourceRef: z.string().trim().max(64).optional(),
});
export type IntakeBody = z.infer<typeof IntakeBody>;

/** One action on a request; `version` guards against two people acting at once (409). */
export const ActionBody = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('dispatch'),
    version: z.number().int(),
    kind: WhistleKind,
    orgId: z.number().int().positive(),
    assistOrgIds: z.array(z.number().int().positive()).max(5).default([]),
    urgency: Urgency.optional(),
    note: Note.optional(),
  }),
  z.object({
    action: z.literal('reassign'),
    version: z.number().int(),
    kind: WhistleKind,
    orgId: z.number().int().positive(),
    note: Note.min(1),
  }),
  z.object({ action: z.literal('accept'), version: z.number().int(), note: Note.optional() }),
  z.object({ action: z.literal('return'), version: z.number().int(), note: Note.min(2) }),
  z.object({ action: z.literal('start'), version: z.number().int(), note: Note.optional() }),
  z.object({
    action: z.literal('handle'),
    version: z.number().int(),
    note: Note.min(2),
    photos: z.array(PhotoRef).max(9).default([]),
  }),
  z.object({ action: z.literal('answer'), version: z.number().int(), note: Note.min(2) }),
  z.object({ action: z.literal('verify'), version: z.number().int(), note: Note.optional() }),
  z.object({ action: z.literal('rework'), version: z.number().int(), note: Note.min(2) }),
  z.object({
    action: z.literal('rate'),
    version: z.number().int(),
    resolved: z.enum(['yes', 'partly', 'no']),
    satisfaction: z.enum(['satisfied', 'basic', 'unsatisfied']),
    note: Note.optional(),
  }),
  z.object({ action: z.literal('reopen'), version: z.number().int(), note: Note.min(2) }),
  z.object({ action: z.literal('close'), version: z.number().int(), note: Note.optional() }),
  z.object({ action: z.literal('reject'), version: z.number().int(), note: Note.min(2) }),
  z.object({
    action: z.literal('merge'),
    version: z.number().int(),
    intoId: z.number().int().positive(),
    note: Note.optional(),
  }),
]);
export type ActionBody = z.infer<typeof ActionBody>;

/** A note on the timeline that changes nothing (进展/留言); residents see it unless internal. */
export const CommentBody = z.object({
  note: Note.min(1),
  photos: z.array(PhotoRef).max(9).default([]),
  internal: z.boolean().default(false),
});

export const RequestSummary = z.object({
  id: z.number(),
  tenantId: z.number(),
  publicNo: z.string(),
  status: RequestStatus,
  channel: Channel,
  nature: Nature,
  categoryCode: z.string(),
  categoryName: z.string(),
  urgency: Urgency,
  description: z.string(),
  address: z.string().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  communityName: z.string().nullable(),
  holder: z.string().nullable(),
  reporterName: z.string().nullable(),
  createdAt: z.string(),
  responseDueAt: z.string().nullable(),
  resolveDueAt: z.string().nullable(),
  warning: z.enum(['yellow', 'red', 'breached']).nullable(),
  satisfaction: z.enum(['satisfied', 'basic', 'unsatisfied']).nullable(),
  /** WGS-84 point, when the report had one */
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  /** the other system's number (e.g. the 12345 ticket) */
  sourceRef: z.string().nullable(),
  version: z.number(),
});
export type RequestSummary = z.infer<typeof RequestSummary>;

export const TimelineEntry = z.object({
  id: z.number(),
  at: z.string(),
  type: z.string(),
  actor: z.string().nullable(),
  fromStatus: RequestStatus.nullable(),
  toStatus: RequestStatus.nullable(),
  note: z.string().nullable(),
  photos: z.array(z.string()),
  internal: z.boolean(),
  /** a deadline the step names (延期: the one asked for, or approved) */
  dueAt: z.string().nullable().optional(),
});

export const WhistleView = z.object({
  id: z.number(),
  kind: WhistleKind,
  orgId: z.number(),
  orgName: z.string(),
  orgKind: ResponderKind,
  role: z.enum(['lead', 'assist']),
  status: z.enum(['pending', 'accepted', 'returned', 'done', 'cancelled']),
  returnReason: z.string().nullable(),
  createdAt: z.string(),
});

/** 延期: ask for more time — a new resolve deadline, or extra working days on the current one (one of the two). */
export const DelayAskBody = z
  .object({
    version: z.number().int(),
    until: z.iso.datetime({ offset: true }).optional(),
    workingDays: z.number().int().min(1).max(60).optional(),
    reason: Note.min(2),
    photos: z.array(PhotoRef).max(9).default([]),
  })
  .refine((b) => (b.until === undefined) !== (b.workingDays === undefined), {
    message: 'give either until or workingDays',
    path: ['until'],
  });
export type DelayAskBody = z.infer<typeof DelayAskBody>;
/** Staff decide a pending delay: approve (optionally for less time than asked) or refuse with a reason. */
export const DelayDecisionBody = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('approve'),
    version: z.number().int(),
    until: z.iso.datetime({ offset: true }).optional(),
    note: Note.optional(),
  }),
  z.object({ decision: z.literal('refuse'), version: z.number().int(), note: Note.min(2) }),
]);
export type DelayDecisionBody = z.infer<typeof DelayDecisionBody>;
export const DelayView = z.object({
  id: z.number(),
  status: z.enum(['pending', 'approved', 'refused', 'withdrawn']),
  requestedBy: z.string(),
  requestedAt: z.string(),
  previousDueAt: z.string(),
  requestedDueAt: z.string(),
  reason: z.string(),
  photos: z.array(z.string()),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  approvedDueAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});

/** 回访: how the resident was reached, who, what they said, and the result. */
export const RevisitMethod = z.enum(['phone', 'visit', 'wechat']);
export const RevisitResult = z.enum(['satisfied', 'basic', 'unsatisfied', 'unreachable']);
export const RevisitBody = z.object({
  method: RevisitMethod,
  contact: z.string().trim().min(1).max(50),
  words: Note.optional(),
  result: RevisitResult,
});
export const RevisitView = RevisitBody.extend({
  id: z.number(),
  words: z.string().nullable(),
  recordedBy: z.string(),
  at: z.string(),
});

/** A proposal to leave the resident's rating out of the measures, and a higher role's decision on it. */
export const ExclusionProposeBody = z.object({ version: z.number().int(), reason: Note.min(2) });
export const ExclusionDecisionBody = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), version: z.number().int(), note: Note.optional() }),
  z.object({ decision: z.literal('refuse'), version: z.number().int(), note: Note.min(2) }),
]);
export type ExclusionDecisionBody = z.infer<typeof ExclusionDecisionBody>;
export const RatingExclusionView = z.object({
  id: z.number(),
  status: z.enum(['pending', 'approved', 'refused', 'superseded']),
  reason: z.string(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
/** What this user may do beyond the lifecycle actions (the console shows only these buttons). */
export const FollowUpPolicy = z.object({
  askDelay: z.boolean(),
  decideDelay: z.boolean(),
  revisit: z.boolean(),
  proposeExclusion: z.boolean(),
  decideExclusion: z.boolean(),
});
export type FollowUpPolicy = z.infer<typeof FollowUpPolicy>;

export const RequestDetail = RequestSummary.extend({
  photos: z.array(z.string()),
  anonymous: z.boolean(),
  reporterPhoneMasked: z.string().nullable(),
  duplicateOf: z.number().nullable(),
  reopenCount: z.number(),
  resolved: z.enum(['yes', 'partly', 'no']).nullable(),
  ratingComment: z.string().nullable(),
  closedReason: z.string().nullable(),
  meToo: z.number(),
  timeline: z.array(TimelineEntry),
  whistles: z.array(WhistleView),
  /** what this user may do now */
  actions: z.array(RequestAction),
  canComment: z.boolean(),
  /** 延期 asks, newest last (staff and responders; residents see them on the timeline) */
  delays: z.array(DelayView),
  /** 回访 records (staff only) */
  revisits: z.array(RevisitView),
  /** rating-exclusion proposals and decisions (staff only) */
  ratingExclusions: z.array(RatingExclusionView),
  /** set when an approved review left the rating out of the measures (staff only) */
  ratingExcludedReason: z.string().nullable(),
  followUp: FollowUpPolicy,
});
export type RequestDetail = z.infer<typeof RequestDetail>;

export const RequestQueue = z.enum([
  'all',
  'new',
  'mine',
  'overdue',
  'verify',
  'returned',
  /** a 延期 ask waiting for a decision */
  'delay',
  'closed',
]);
export const RequestListQuery = z.object({
  queue: RequestQueue.default('all'),
  status: RequestStatus.optional(),
  gridId: z.coerce.number().int().positive().optional(),
  categoryCode: z.string().max(60).optional(),
  channel: Channel.optional(),
  nature: Nature.optional(),
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const RequestList = z.object({
  items: z.array(RequestSummary),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const Category = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  slaClass: z.string(),
  defaultResponder: z.string().nullable(),
});
export const CategoryList = z.object({ items: z.array(Category) });

export const SuggestBody = z.object({
  description: z.string().trim().min(1).max(2000),
  lng: Coord.lng.optional(),
  lat: Coord.lat.optional(),
  crs: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  /** without a point: the QR code's place or the resident's home grid, for duplicates in the same grid */
  placeAreaId: z.number().int().positive().optional(),
});
export const Suggestion = z.object({
  categories: z.array(
    z.object({ code: z.string(), name: z.string(), nameEn: z.string(), score: z.number() }),
  ),
  grid: z.object({ id: z.number(), name: z.string() }).nullable(),
  duplicates: z.array(
    RequestSummary.pick({
      id: true,
      publicNo: true,
      description: true,
      status: true,
      createdAt: true,
      categoryName: true,
    }).extend({
      /** metres from the point; null when matched by place (the same grid, no point to measure from) */
      distanceM: z.number().nullable(),
    }),
  ),
});

export const ResponderOrg = z.object({
  id: z.number(),
  kind: ResponderKind,
  name: z.string(),
  areaId: z.number(),
  areaName: z.string(),
});
export const ResponderOrgList = z.object({ items: z.array(ResponderOrg) });

/** GET /api/requests/measures: the three rates (三率), on-time closure, composite and temperature gap (温差). */
export const MeasuresQuery = z.object({
  areaId: z.coerce.number().int().positive(),
  from: z.iso.date(),
  to: z.iso.date(),
  /** the composite's weights: response, resolution, satisfaction, on-time (default 0.2,0.3,0.3,0.2) */
  weights: z
    .string()
    .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?){3}$/, 'four weights, e.g. 0.2,0.3,0.3,0.2')
    .optional(),
});
const Rate = z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable() });
export const Measures = z.object({
  definitionVersion: z.string(),
  area: z.object({ id: z.number(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  requests: z.number(),
  responseRate: Rate,
  resolutionRate: Rate,
  satisfactionRate: Rate,
  onTimeRate: Rate,
  composite: z.number().nullable(),
  temperatureGap: z.object({ mean: z.number().nullable(), requests: z.number() }),
  byChannel: z.array(
    z.object({
      channel: z.string(),
      requests: z.number(),
      resolutionRate: z.number().nullable(),
      temperatureGap: z.number().nullable(),
    }),
  ),
  /** by the reporting residents' group tags from the basic records (独居老人, 全职妈妈…; "未登记" = no tag) */
  byGroup: z.array(
    z.object({ group: z.string(), residents: z.number(), requests: z.number(), resolutionRate: Rate }),
  ),
  weights: z.object({
    response: z.number(),
    resolution: z.number(),
    satisfaction: z.number(),
    onTime: z.number(),
  }),
});
export type Measures = z.infer<typeof Measures>;
