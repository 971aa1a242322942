import { z } from 'zod';
import { Id } from './common';

/**
 * Participation (PRODUCT.md "Participation"): micro-wishes 微心愿 matched to people's skills 党员所长, the
 * deliberation hall 议事厅 (topics with supports, meetings, votes, resolutions) and the three lists 三张清单 with the
 * dormant list 沉睡清单.
 */

const FileId = z.string().regex(/^[a-f0-9]{64}$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

// ——— 微心愿 ———
export const WishCategory = z.enum([
  'repair',
  'tutoring',
  'legal',
  'car',
  'health',
  'companion',
  'goods',
  'other',
]);
export type WishCategory = z.infer<typeof WishCategory>;
export const WISH_CATEGORIES: Record<WishCategory, { zh: string; en: string }> = {
  repair: { zh: '维修', en: 'Repairs' },
  tutoring: { zh: '辅导', en: 'Tutoring' },
  legal: { zh: '法律咨询', en: 'Legal advice' },
  car: { zh: '用车接送', en: 'A car / a lift' },
  health: { zh: '健康义诊', en: 'Health' },
  companion: { zh: '陪伴探访', en: 'Company and visits' },
  goods: { zh: '物品捐助', en: 'Goods' },
  other: { zh: '其他', en: 'Other' },
};
export const WishStatus = z.enum(['open', 'claimed', 'fulfilled', 'confirmed']);
export type WishStatus = z.infer<typeof WishStatus>;
export const ClaimerKind = z.enum(['party_member', 'volunteer', 'unit']);
export type ClaimerKind = z.infer<typeof ClaimerKind>;

export const Wish = z.object({
  id: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  gridName: z.string().nullable(),
  text: z.string(),
  category: WishCategory,
  photoId: z.string().nullable(),
  byDate: z.string(),
  /** '孙**' when the author asked to hide their name (their own view and staff see it whole) */
  authorName: z.string(),
  hideName: z.boolean(),
  mine: z.boolean(),
  status: WishStatus,
  reviewed: z.boolean(),
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  claimerName: z.string().nullable(),
  claimerKind: ClaimerKind.nullable(),
  claimerOrg: z.string().nullable(),
  claimedByMe: z.boolean(),
  claimedAt: z.string().nullable(),
  fulfilNote: z.string().nullable(),
  fulfilPhotoId: z.string().nullable(),
  fulfilledAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  notDoneCount: z.number(),
  notDoneReason: z.string().nullable(),
  escalated: z.boolean(),
  createdAt: z.string(),
});
export type Wish = z.infer<typeof Wish>;
export const WishList = z.object({ items: z.array(Wish), total: z.number() });
export const WishListQuery = z.object({
  communityId: Id.optional(),
  status: WishStatus.optional(),
  /** mine: posted by me; claimed: claimed by me */
  scope: z.enum(['community', 'mine', 'claimed']).default('community'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const WishBody = z.object({
  text: z.string().trim().min(2).max(500),
  category: WishCategory,
  photoId: FileId.optional(),
  byDate: Day,
  hideName: z.boolean().default(false),
});
export const WishModerateBody = z.object({
  action: z.enum(['approve', 'hide', 'restore']),
  reason: z.string().trim().min(2).max(200).optional(),
});
export const WishClaimBody = z.object({
  kind: ClaimerKind,
  /** a unit's name when claiming for one (驻区单位, 物业…) */
  org: z.string().trim().min(1).max(50).optional(),
});
export const WishFulfilBody = z.object({
  note: z.string().trim().min(2).max(500),
  photoId: FileId.optional(),
});
export const WishConfirmBody = z.object({
  done: z.boolean(),
  reason: z.string().trim().min(2).max(200).optional(),
});
/** People whose declared skills match a wish's category. */
export const WishMatch = z.object({ userId: z.string(), name: z.string(), note: z.string() });
export const WishMatchList = z.object({ items: z.array(WishMatch) });

export const Skill = z.object({ category: WishCategory, note: z.string() });
export const SkillList = z.object({ items: z.array(Skill) });
export const SkillsBody = z.object({
  items: z.array(z.object({ category: WishCategory, note: z.string().trim().max(100).default('') })).max(8),
});

export const WishFiguresQuery = z.object({
  communityId: Id,
  from: Day.optional(),
  to: Day.optional(),
});
const FigureRow = z.object({
  posted: z.number(),
  claimed: z.number(),
  fulfilled: z.number(),
  confirmed: z.number(),
  /** hours, null when nothing to measure */
  medianHoursToClaim: z.number().nullable(),
  medianHoursToFulfil: z.number().nullable(),
});
export const WishFigures = z.object({
  total: FigureRow,
  byGrid: z.array(FigureRow.extend({ gridId: z.number().nullable(), gridName: z.string().nullable() })),
  byClaimerKind: z.array(FigureRow.extend({ claimerKind: ClaimerKind })),
});
export type WishFigures = z.infer<typeof WishFigures>;

// ——— 议事厅 ———
export const TopicStatus = z.enum(['proposed', 'agenda', 'decided', 'closed']);
export type TopicStatus = z.infer<typeof TopicStatus>;
export const Topic = z.object({
  id: z.number(),
  communityId: z.number(),
  title: z.string(),
  body: z.string(),
  authorName: z.string(),
  status: TopicStatus,
  supports: z.number(),
  threshold: z.number(),
  supportedByMe: z.boolean(),
  onAgendaAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Topic = z.infer<typeof Topic>;
export const TopicList = z.object({ items: z.array(Topic), threshold: z.number() });
export const CommunityQuery = z.object({ communityId: Id.optional() });
export const TopicBody = z.object({
  communityId: Id.optional(),
  title: z.string().trim().min(2).max(80),
  body: z.string().trim().max(1000).default(''),
});
export const SettingsBody = z.object({
  communityId: Id,
  supportThreshold: z.number().int().min(1).max(10_000),
});
export const ParticipationSettings = z.object({ communityId: z.number(), supportThreshold: z.number() });

export const AgendaItem = z.object({
  id: z.number(),
  meetingId: z.number().nullable(),
  topicId: z.number().nullable(),
  title: z.string(),
});
export const Meeting = z.object({
  id: z.number(),
  communityId: z.number(),
  kind: z.enum(['council', 'joint']),
  title: z.string(),
  startsAt: z.string(),
  place: z.string(),
  convener: z.string(),
  /** staff only */
  checkinCode: z.string().nullable(),
  minutes: z.string(),
  attendance: z.number(),
  checkedIn: z.boolean(),
  agenda: z.array(AgendaItem),
});
export type Meeting = z.infer<typeof Meeting>;
export const MeetingList = z.object({ items: z.array(Meeting), unscheduled: z.array(AgendaItem) });
export const MeetingBody = z.object({
  communityId: Id,
  kind: z.enum(['council', 'joint']).default('council'),
  title: z.string().trim().min(2).max(80),
  startsAt: z.string().datetime({ offset: true }),
  place: z.string().trim().min(1).max(100),
  convener: z.string().trim().min(1).max(50),
  /** make this many meetings (议事日 every week, 联席会 every month), 1 = just this one */
  repeatWeeks: z.number().int().min(1).max(26).default(1),
  repeatEvery: z.enum(['week', 'month']).default('week'),
  /** a rotating convener: meeting i is convened by conveners[i mod n] (the first one is `convener`'s default) */
  conveners: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  agenda: z.array(z.string().trim().min(2).max(80)).max(20).default([]),
  /** unscheduled agenda items (topics that reached the threshold) to put into the first meeting */
  agendaItemIds: z.array(Id).max(50).default([]),
  /** invite everyone with these roles in the community to the first meeting (an in-app notice) */
  inviteRoles: z
    .array(z.lazy(() => InvitableRole))
    .max(7)
    .default([]),
});
/** Roles whose holders in the community can be invited to a meeting (居民代表, 党员, 驻区单位 contacts, staff…). */
export const InvitableRole = z.enum([
  'resident',
  'party_member',
  'merchant',
  'responder',
  'grid_worker',
  'community_staff',
  'community_secretary',
]);
export const InvitationBody = z
  .object({
    roles: z.array(InvitableRole).max(7).default([]),
    userIds: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
  })
  .refine((b) => b.roles.length + b.userIds.length > 0, { message: 'roles or userIds' });
export const Invitee = z.object({
  userId: z.string(),
  name: z.string(),
  invitedAt: z.string(),
  checkedIn: z.boolean(),
});
export const InviteeList = z.object({ items: z.array(Invitee), invited: z.number() });
export const MinutesBody = z.object({ minutes: z.string().trim().max(5000) });
export const MeetingCheckinBody = z.object({ code: z.string().regex(/^\d{6}$/) });
export const AttendanceBody = z.object({ name: z.string().trim().min(1).max(50) });
export const Attendee = z.object({ name: z.string(), method: z.enum(['code', 'staff']), at: z.string() });
export const AttendeeList = z.object({ items: z.array(Attendee) });

export const VoteResult = z.object({
  counts: z.array(z.number()),
  ballots: z.number(),
  quorumMet: z.boolean(),
  /** index of the option that carried by the majority rule, or null */
  winner: z.number().nullable(),
});
export const Vote = z.object({
  id: z.number(),
  communityId: z.number(),
  meetingId: z.number().nullable(),
  agendaItemId: z.number().nullable(),
  question: z.string(),
  options: z.array(z.string()),
  multiple: z.boolean(),
  secret: z.boolean(),
  quorum: z.number(),
  majority: z.enum(['simple', 'two_thirds']),
  status: z.enum(['open', 'closed']),
  ballots: z.number(),
  votedByMe: z.boolean(),
  /** after close only */
  result: VoteResult.nullable(),
  closedAt: z.string().nullable(),
});
export type Vote = z.infer<typeof Vote>;
export const VoteList = z.object({ items: z.array(Vote) });
export const VoteBody = z.object({
  communityId: Id,
  meetingId: Id.optional(),
  agendaItemId: Id.optional(),
  question: z.string().trim().min(2).max(200),
  options: z.array(z.string().trim().min(1).max(60)).min(2).max(20),
  multiple: z.boolean().default(false),
  secret: z.boolean().default(false),
  quorum: z.number().int().min(1).max(100_000).default(1),
  majority: z.enum(['simple', 'two_thirds']).default('simple'),
});
export const BallotBody = z.object({ choices: z.array(z.number().int().min(0).max(19)).min(1).max(20) });
export const ProxyBallotBody = BallotBody.extend({
  /** who the staff member voted for: a name and an address, e.g. 王大爷 3栋2单元101 */
  voter: z.string().trim().min(2).max(100),
});

export const ResolutionStatus = z.enum(['planned', 'in_progress', 'done']);
export const Resolution = z.object({
  id: z.number(),
  communityId: z.number(),
  meetingId: z.number().nullable(),
  voteId: z.number().nullable(),
  text: z.string(),
  ownerName: z.string(),
  /** the owner as a user, reminded before and after the due date (null: only a name; the secretaries are) */
  ownerUserId: z.string().nullable(),
  dueDate: z.string(),
  requestId: z.number().nullable(),
  status: ResolutionStatus,
  progress: z.number(),
  progressNote: z.string(),
  overdue: z.boolean(),
  updatedAt: z.string(),
});
export type Resolution = z.infer<typeof Resolution>;
export const ResolutionList = z.object({ items: z.array(Resolution) });
export const ResolutionBody = z.object({
  communityId: Id,
  meetingId: Id.optional(),
  voteId: Id.optional(),
  text: z.string().trim().min(2).max(500),
  ownerName: z.string().trim().min(1).max(50),
  /** the owner's account, when they have one in the community (reminded before and after the due date) */
  ownerUserId: z.string().trim().min(1).max(100).optional(),
  dueDate: Day,
  requestId: Id.optional(),
});
export const ResolutionPatch = z.object({
  progress: z.number().int().min(0).max(100),
  progressNote: z.string().trim().max(300).default(''),
});

// ——— 三张清单 + 沉睡清单 ———
export const PublisherKind = z.enum(['community', 'unit', 'property', 'social_org']);
export const ListItem = z.object({
  id: z.number(),
  communityId: z.number(),
  kind: z.enum(['need', 'resource']),
  publisherKind: PublisherKind,
  publisherName: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(['open', 'claimed']),
  dormant: z.boolean(),
  owner: z.string().nullable(),
  idleYears: z.number().nullable(),
  convertibleUse: z.string().nullable(),
  expectedFunding: z.string().nullable(),
  projectId: z.number().nullable(),
});
export type ListItem = z.infer<typeof ListItem>;
export const ListItemList = z.object({ items: z.array(ListItem) });
export const ListItemsQuery = z.object({
  communityId: Id,
  kind: z.enum(['need', 'resource', 'dormant']).optional(),
});
export const ListItemBody = z.object({
  communityId: Id,
  kind: z.enum(['need', 'resource']),
  publisherKind: PublisherKind,
  publisherName: z.string().trim().min(1).max(50),
  title: z.string().trim().min(2).max(80),
  description: z.string().trim().max(500).default(''),
  dormant: z.boolean().default(false),
  owner: z.string().trim().max(50).optional(),
  idleYears: z.number().int().min(0).max(200).optional(),
  convertibleUse: z.string().trim().max(100).optional(),
  expectedFunding: z.string().trim().max(100).optional(),
});
/** Claim an item with one of the other side's (a resource for a need, or a need for a resource): a project. */
export const ListClaimBody = z.object({
  counterpartId: Id.optional(),
  /** who takes it on when there is no counterpart item: the claiming unit */
  ownerName: z.string().trim().min(1).max(50),
  title: z.string().trim().min(2).max(80).optional(),
  budgetYuan: z.number().min(0).max(100_000_000).default(0),
  agreement: z.string().trim().max(2000).default(''),
});
export const Milestone = z.object({
  id: z.number(),
  title: z.string(),
  dueDate: z.string().nullable(),
  done: z.boolean(),
});
export const Project = z.object({
  id: z.number(),
  communityId: z.number(),
  title: z.string(),
  needTitle: z.string().nullable(),
  resourceTitle: z.string().nullable(),
  ownerName: z.string(),
  budgetYuan: z.number(),
  results: z.string(),
  agreement: z.string(),
  milestones: z.array(Milestone),
  /** done milestones / all, 0–100 */
  progress: z.number(),
});
export type Project = z.infer<typeof Project>;
export const ProjectList = z.object({ items: z.array(Project) });
export const MilestoneBody = z.object({ title: z.string().trim().min(1).max(80), dueDate: Day.optional() });
export const MilestoneDoneBody = z.object({ done: z.boolean() });
export const ProjectPatch = z.object({ results: z.string().trim().max(1000) });
export const MilestoneParams = z.object({ id: Id, milestoneId: Id });
/** 共建协议 files on a project (PDF, Word or an image), listed and downloaded by the community's staff. */
export const Agreement = z.object({
  id: z.number(),
  fileName: z.string(),
  kind: z.enum(['pdf', 'docx', 'image']),
  bytes: z.number(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
  url: z.string(),
});
export type Agreement = z.infer<typeof Agreement>;
export const AgreementList = z.object({ items: z.array(Agreement) });
export const AgreementParams = z.object({ id: Id, agreementId: Id });

// ——— 群众阅卷: residents mark the cadres ———
export const Cadre = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.string(),
  /** my score this period, if I rated them */
  myScore: z.number().nullable(),
});
export const CadreList = z.object({ period: z.string(), items: z.array(Cadre) });
export const RatingBody = z.object({
  /** omitted: my own community */
  communityId: Id.optional(),
  targetUserId: z.string().min(1).max(100),
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(200).default(''),
});
export const RankingQuery = z.object({
  communityId: Id.optional(),
  period: z
    .string()
    .regex(/^\d{4}-Q[1-4]$/)
    .optional(),
});
export const Ranking = z.object({
  period: z.string(),
  items: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      role: z.string(),
      average: z.number(),
      ratings: z.number(),
    }),
  ),
});
export const ReceivedRatings = z.object({
  items: z.array(z.object({ period: z.string(), score: z.number(), comment: z.string(), at: z.string() })),
});
