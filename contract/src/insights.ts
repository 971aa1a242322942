import { z } from 'zod';
import { Measures } from './requests';

/** Insights (数据的背面): dashboards, the morning brief 数据晨读 and its loop, data portrait, hot spots. */

const Day = z.iso.date();
const Text = { 'zh-CN': z.string(), 'en-US': z.string() };

/** A figure's definition (口径), versioned: shown next to the figure. */
export const FigureDefinition = z.object({ key: z.string(), version: z.string(), ...Text });
export type FigureDefinition = z.infer<typeof FigureDefinition>;

/** GET /api/insights/dashboard: any area (street, community, grid) and period. */
export const DashboardQuery = z.object({
  areaId: z.coerce.number().int().positive(),
  from: Day,
  to: Day,
  /** trend buckets */
  bucket: z.enum(['day', 'week']).default('day'),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

const Count = z.object({ key: z.string(), 'zh-CN': z.string(), 'en-US': z.string(), requests: z.number() });
export const Dashboard = z.object({
  area: z.object({ id: z.number(), name: z.string(), kind: z.string() }),
  from: z.string(),
  to: z.string(),
  definitions: z.array(FigureDefinition),
  measures: Measures.omit({ byGroup: true, area: true, from: true, to: true }),
  byStatus: z.array(Count),
  byChannel: z.array(Count),
  byNature: z.array(Count),
  byCategory: z.array(Count),
  trend: z.array(z.object({ bucket: z.string(), created: z.number(), closed: z.number() })),
  /** the area's children (communities of a street, grids of a community) by composite, best first */
  ranking: z.array(
    z.object({
      areaId: z.number(),
      name: z.string(),
      requests: z.number(),
      responseRate: z.number().nullable(),
      resolutionRate: z.number().nullable(),
      satisfactionRate: z.number().nullable(),
      onTimeRate: z.number().nullable(),
      composite: z.number().nullable(),
      temperatureGap: z.number().nullable(),
    }),
  ),
  /** requests with a location, counted in cells of about 100 m (0.001°) */
  heat: z.array(z.object({ lng: z.number(), lat: z.number(), requests: z.number() })),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const DASHBOARD_CHARTS = [
  'status',
  'channel',
  'nature',
  'category',
  'trend',
  'ranking',
  'heat',
  'measures',
] as const;
export const DashboardExportQuery = DashboardQuery.extend({ chart: z.enum(DASHBOARD_CHARTS) });

/** GET /api/insights/portrait: 数据画像 per population group and per channel. */
export const PortraitQuery = z.object({ areaId: z.coerce.number().int().positive(), from: Day, to: Day });
export const Portrait = z.object({
  area: z.object({ id: z.number(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  definitions: z.array(FigureDefinition),
  people: z.number(),
  groups: z.array(
    z.object({
      group: z.string(),
      /** people with the tag in the area's basic records, and their share of all people there */
      people: z.number(),
      share: z.number().nullable(),
      /** the channel most of the group's requests came through */
      mainChannel: z.string().nullable(),
      reporters: z.number(),
      requests: z.number(),
      resolutionRate: z.number().nullable(),
      rated: z.number(),
    }),
  ),
  channels: z.array(
    z.object({
      channel: z.string(),
      requests: z.number(),
      resolutionRate: z.number().nullable(),
      temperatureGap: z.number().nullable(),
    }),
  ),
});
export type Portrait = z.infer<typeof Portrait>;

/** GET /api/insights/hotspots: recurring clusters of place × category (主动治理 / 未诉先办). */
export const HotspotQuery = z.object({
  areaId: z.coerce.number().int().positive(),
  /** the window, ending today */
  days: z.coerce.number().int().min(7).max(366).default(30),
  /** a cluster is this many requests or more */
  min: z.coerce.number().int().min(2).max(50).default(3),
});
export const Hotspot = z.object({
  place: z.string(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  categoryCode: z.string(),
  categoryName: z.string(),
  requests: z.number(),
  first: z.string(),
  last: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  /** the proactive task (a patrol request, source_ref `hotspot-…`) staff opened for this cluster, if any */
  taskKey: z.string(),
  taskRequestId: z.number().nullable(),
  /** the requests that make the cluster */
  evidence: z.array(
    z.object({
      id: z.number(),
      publicNo: z.string(),
      createdAt: z.string(),
      description: z.string(),
      status: z.string(),
    }),
  ),
});
export const Hotspots = z.object({
  days: z.number(),
  min: z.number(),
  items: z.array(Hotspot),
  /** 每月一题: the category with the most clustered requests, proposed as the street's topic of the month */
  topic: z
    .object({
      categoryCode: z.string(),
      categoryName: z.string(),
      clusters: z.number(),
      requests: z.number(),
    })
    .nullable(),
});
export type Hotspots = z.infer<typeof Hotspots>;

// ——— the morning brief 数据晨读 ———
export const BRIEF_ITEM_KINDS = ['breach', 'gap', 'surge_category', 'surge_place', 'missed_loop'] as const;
export const BRIEF_ITEM_STATES = ['open', 'assigned', 'dismissed', 'reported'] as const;
const Person = z.object({ userId: z.string(), name: z.string() }).nullable();
export const BriefItem = z.object({
  id: z.number(),
  briefId: z.number(),
  rank: z.number(),
  kind: z.enum(BRIEF_ITEM_KINDS),
  score: z.number(),
  title: z.string(),
  detail: z.string(),
  requestId: z.number().nullable(),
  areaId: z.number().nullable(),
  communityName: z.string(),
  day: z.string(),
  owner: Person,
  state: z.enum(BRIEF_ITEM_STATES),
  assignee: Person,
  dueAt: z.string().nullable(),
  note: z.string().nullable(),
  dismissReason: z.string().nullable(),
  report: z.string().nullable(),
  reportedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  carriedFrom: z.number().nullable(),
  version: z.number(),
});
export type BriefItem = z.infer<typeof BriefItem>;
export const Brief = z.object({
  id: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  day: z.string(),
  createdAt: z.string(),
  items: z.array(BriefItem),
  deliveries: z.array(
    z.object({ channel: z.string(), target: z.string(), ok: z.boolean(), error: z.string().nullable() }),
  ),
});
export type Brief = z.infer<typeof Brief>;
export const BriefsQuery = z.object({ communityId: z.coerce.number().int().positive() });
export const BriefList = z.object({
  items: z.array(Brief),
  /** share of brief items closed (reported back or dismissed) on the day they were briefed, over these briefs */
  closedSameDay: z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable() }),
  definitions: z.array(FigureDefinition),
  /** people the meeting can assign an item to: the community's staff and grid workers */
  assignees: z.array(z.object({ userId: z.string(), name: z.string(), role: z.string() })),
});
export type BriefList = z.infer<typeof BriefList>;
export const RunBriefBody = z.object({
  communityId: z.number().int().positive(),
  /** the day to look back on; default yesterday (China time) */
  day: Day.optional(),
});
export const AssignBriefItemBody = z.object({
  assigneeUserId: z.string().min(1).max(100),
  /** default: 18:00 China time on the day of the meeting */
  dueAt: z.iso.datetime({ offset: true }).optional(),
  note: z.string().trim().max(500).optional(),
  version: z.number().int().positive(),
});
export const DismissBriefItemBody = z.object({
  reason: z.string().trim().min(2).max(500),
  version: z.number().int().positive(),
});
export const ReportBriefItemBody = z.object({
  text: z.string().trim().min(2).max(1000),
  version: z.number().int().positive(),
});
export const MyBriefItems = z.object({ items: z.array(BriefItem) });

export const BRIEF_CHANNEL_KINDS = ['email', 'wecom', 'dingtalk', 'feishu'] as const;
export const BriefChannel = z.object({
  id: z.number(),
  communityId: z.number(),
  kind: z.enum(BRIEF_CHANNEL_KINDS),
  target: z.string(),
  signed: z.boolean(),
  createdAt: z.string(),
});
export const BriefChannelList = z.object({ items: z.array(BriefChannel) });
export type BriefChannelList = z.infer<typeof BriefChannelList>;
export const BriefChannelBody = z
  .object({
    communityId: z.number().int().positive(),
    kind: z.enum(BRIEF_CHANNEL_KINDS),
    target: z.string().trim().min(3).max(500),
    secret: z.string().trim().min(1).max(200).optional(),
  })
  .refine(
    (b) => (b.kind === 'email' ? z.email().safeParse(b.target).success : /^https?:\/\//.test(b.target)),
    {
      message: 'an e-mail address for email, an http(s) webhook URL for robots',
      path: ['target'],
    },
  );
