import type { Role } from '@doorstep/contract';

/** Nodes and records the probes point at: "own" inside 龙腾社区 第1网格, "other" in another street. */
export interface Fixtures {
  own: {
    building: number;
    compound2: number;
    grid: number;
    community: number;
    partyOrg: number;
    importJob: number;
    request: number;
    point: { lng: number; lat: number };
  } & RecordFixtures &
    LedgerFixtures &
    ParticipationFixtures &
    ActivityFixtures &
    InsightFixtures &
    OpenFixtures &
    UnitFixtures;
  other: {
    building: number;
    compound: number;
    grid: number;
    community: number;
    partyOrg: number;
    importJob: number;
    request: number;
    point: { lng: number; lat: number };
  } & RecordFixtures &
    LedgerFixtures &
    ParticipationFixtures &
    ActivityFixtures &
    InsightFixtures &
    OpenFixtures &
    UnitFixtures;
  xlsx: Buffer;
  geojson: string;
  /** a stored photo id, and a small PNG to upload */
  photo: string;
  png: Buffer;
}
/** Basic records in the subject's first building: a person (孙桂兰 in the own street), their address and house, a tag. */
export interface RecordFixtures {
  person: number;
  address: number;
  house: number;
  tag: number;
}
/** A unit (实有单位) and a 部件 in the subject's first building / grid. */
export interface UnitFixtures {
  unit: number;
  thing: number;
}
/** The ledger in the subject's first community: a default rule and one entry (孙阿姨's 口碑积分 in the own street). */
export interface LedgerFixtures {
  ledgerRule: number;
  ledgerEntry: number;
  /** a catalogue item (honoured by 周记理发店 in the own street) and an unused voucher code for it */
  ledgerItem: number;
  voucherCode: string;
  /** the community's 社区微基金 */
  ledgerFund: number;
}
/**
 * Participation in the subject's first community: an open wish, one claimed by 陈党员 and one he reported fulfilled
 * (孙阿姨's, in the own street; in the other street a stranger's), a topic, a meeting, an open vote, a resolution,
 * an open list item, a project and its milestone.
 */
export interface ParticipationFixtures {
  wish: number;
  claimedWish: number;
  fulfilledWish: number;
  topic: number;
  meeting: number;
  vote: number;
  resolution: number;
  listItem: number;
  project: number;
  milestone: number;
  /** 民生微实事: a project type, a project past 初审 (awaiting the council), an unanswered objection to it */
  microType: number;
  microproject: number;
  microObjection: number;
  /** a 共建协议 on the project (the stored test photo) */
  agreement: number;
  /** a cadre to mark: 李书记 in the own street; a stranger (not a cadre there) in the other */
  cadre: string;
}
/**
 * 社区学院, volunteers and patrols in the subject's first community: a future session with a confirmed sign-up (孙阿姨
 * in the own street) and its check-in code, a team with hours awaiting approval, a plan whose team is the demo's
 * three (李书记, 赵网格, 刘经理; the platform admin in the other street) with a patrol under way.
 */
export interface ActivityFixtures {
  session: number;
  signup: number;
  checkinCode: string;
  team: number;
  hours: number;
  patrolPlan: number;
  patrol: number;
  /** a party branch over the subject's first grid, a report-in to it, and a 责任区 post (陈党员's in the own street) */
  partyBranch: number;
  partyReport: number;
  partyPost: number;
  /** an interest group (led by 陈党员 in the own street) */
  interestGroup: number;
}
/** The morning brief in the subject's first community: an item (own: assigned to the grid worker) and a channel. */
export interface InsightFixtures {
  briefItem: number;
  briefChannel: number;
}
/** The reverse survey in the subject's first community: 孙阿姨's open question (own), a down-weighted figure, the street. */
export interface OpenFixtures {
  surveyAsk: number;
  street: number;
}
export type Subject = 'own' | 'other';
export type Probe = {
  path: string;
  body?: unknown;
  form?: Record<string, string | { name: string; data: Buffer | string }>;
};

/** 'public': no sign-in; 'any': every signed-in role; else the roles allowed. */
export type Allowed = 'public' | 'any' | readonly (Role | 'platform_admin')[];
export interface AccessRow {
  own: Allowed;
  other: Allowed;
  probe: (f: Fixtures, s: Subject) => Probe;
}

const VIEW = [
  'grid_worker',
  'community_staff',
  'community_secretary',
  'street_admin',
  'platform_admin',
] as const;
const STAFF = ['community_staff', 'community_secretary', 'street_admin', 'platform_admin'] as const;
const LEAD = ['community_secretary', 'street_admin', 'platform_admin'] as const;
const ADMIN = ['platform_admin'] as const;
// who may see the holiday calendar and deadline policies
const CALENDAR = ['street_admin', 'community_secretary', 'platform_admin'] as const;
// who can reach a request: staff over its area, its reporter (孙阿姨), the whistled responder (刘经理, 金茂物业)
const REQUEST_PARTIES = [...VIEW, 'resident', 'responder'] as const;
const HISTORY_CSV = '来电时间,诉求内容\n2025-01-01 10:00,探针：历史诉求\n';
// basic records: who may unmask personal data (decision 0018: not the platform admin), who may extend tags
const UNMASK = ['community_secretary', 'street_admin'] as const;
// people with a role at or below a community (they post wishes and declare skills in their own community)
const PEOPLE = [
  'community_secretary',
  'community_staff',
  'grid_worker',
  'responder',
  'party_member',
  'merchant',
  'resident',
] as const;
// a night patrol's team of three (李书记, 赵网格, 刘经理 of 金茂物业) and the staff over its community
const PATROL = [...STAFF, 'grid_worker', 'responder'] as const;
const STALE = 999_999; // a version no row has: allowed callers get 409, denied ones 403/404 first

const fixed = (path: string, body?: unknown) => () => ({ path, body });

/**
 * The allow/deny table for every registered route × role × own/other area. Later modules add their rows.
 * access-matrix.test.ts fails when a route is missing here or a row names a route that no longer exists.
 */
export const ACCESS_TABLE: Record<string, AccessRow> = {
  'GET /health': { own: 'public', other: 'public', probe: fixed('/health') },
  'GET /ready': { own: 'public', other: 'public', probe: fixed('/ready') },
  'GET /metrics': { own: 'public', other: 'public', probe: fixed('/metrics') },
  'GET /api/openapi.json': { own: 'public', other: 'public', probe: fixed('/api/openapi.json') },
  'POST /api/auth/sign-in/phone-number': {
    own: 'public',
    other: 'public',
    probe: fixed('/api/auth/sign-in/phone-number', { phoneNumber: '1', password: 'x' }),
  },
  'POST /api/auth/phone-number/send-otp': {
    own: 'public',
    other: 'public',
    probe: fixed('/api/auth/phone-number/send-otp', { phoneNumber: '1' }),
  },
  'POST /api/auth/phone-number/verify': {
    own: 'public',
    other: 'public',
    probe: fixed('/api/auth/phone-number/verify', { phoneNumber: '1', code: 'x' }),
  },
  'POST /api/auth/sign-out': { own: 'public', other: 'public', probe: fixed('/api/auth/sign-out', {}) },
  'GET /api/auth/get-session': { own: 'public', other: 'public', probe: fixed('/api/auth/get-session') },

  'GET /api/me': { own: 'any', other: 'any', probe: fixed('/api/me') },
  'POST /api/files': {
    own: 'any',
    other: 'any',
    probe: (f) => ({ path: '/api/files', form: { file: { name: 'p.png', data: f.png } } }),
  },
  'GET /api/files/:id': { own: 'any', other: 'any', probe: (f) => ({ path: `/api/files/${f.photo}` }) },
  'GET /api/files/:id/thumb': {
    own: 'any',
    other: 'any',
    probe: (f) => ({ path: `/api/files/${f.photo}/thumb` }),
  },
  'GET /api/users': { own: VIEW, other: VIEW, probe: fixed('/api/users?q=王') },

  'GET /api/areas': { own: 'any', other: 'any', probe: fixed('/api/areas') },
  'GET /api/areas/search': { own: 'any', other: 'any', probe: fixed('/api/areas/search?q=网格') },
  'GET /api/areas/locate': {
    own: 'any',
    other: 'any',
    probe: fixed('/api/areas/locate?lng=104.05&lat=30.61'),
  },
  'GET /api/areas/import-template.xlsx': {
    own: 'any',
    other: 'any',
    probe: fixed('/api/areas/import-template.xlsx'),
  },
  'GET /api/areas/export.xlsx': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/areas/export.xlsx?rootId=${f[s].grid}` }),
  },
  'GET /api/areas/:id': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/areas/${f[s].building}` }),
  },
  'GET /api/areas/:id/history': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/areas/${f[s].building}/history` }),
  },
  'GET /api/areas/:id/grids.geojson': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/areas/${f[s].grid}/grids.geojson` }),
  },
  'POST /api/areas': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/areas',
      body: { parentId: f[s].grid, kind: 'building', name: '探针楼' },
    }),
  },
  'PATCH /api/areas/:id': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/areas/${f[s].building}`, body: { version: STALE, name: '探针' } }),
  },
  'POST /api/areas/:id/move': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/areas/${f[s].building}/move`,
      body: { version: STALE, parentId: s === 'own' ? f.own.compound2 : f.other.compound },
    }),
  },
  'POST /api/areas/:id/archive': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/areas/${f[s].building}/archive`, body: { version: STALE } }),
  },
  'POST /api/areas/:id/restore': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/areas/${f[s].building}/restore`, body: { version: STALE } }),
  },
  'PUT /api/areas/:id/workers': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/areas/${f[s].grid}/workers`,
      body: { leadUserId: 'no-such-user', memberUserIds: [] },
    }),
  },
  'POST /api/areas/imports': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/areas/imports',
      form: { mode: 'dry_run', rootId: String(f[s].community), file: { name: 'areas.xlsx', data: f.xlsx } },
    }),
  },
  'POST /api/areas/geojson-imports': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/areas/geojson-imports',
      form: {
        mode: 'dry_run',
        rootId: String(f[s].community),
        file: { name: 'grids.geojson', data: f.geojson },
      },
    }),
  },
  // import jobs: "own" is a job the street admin started in their street; "other" one started in the other street
  'GET /api/imports/:id': {
    own: ['street_admin', 'platform_admin'],
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/imports/${f[s].importJob}` }),
  },
  'GET /api/imports/:id/errors.xlsx': {
    own: ['street_admin', 'platform_admin'],
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/imports/${f[s].importJob}/errors.xlsx` }),
  },

  'POST /api/requests': {
    own: 'any',
    other: 'any',
    probe: (f, s) => ({ path: '/api/requests', body: { description: '探针：路灯不亮', ...f[s].point } }),
  },
  'POST /api/requests/intake': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/requests/intake',
      body: { description: '探针：走访发现井盖缺失', channel: 'visit', ...f[s].point },
    }),
  },
  'POST /api/requests/suggest': {
    own: 'any',
    other: 'any',
    probe: (f, s) => ({ path: '/api/requests/suggest', body: { description: '电梯坏了', ...f[s].point } }),
  },
  'GET /api/requests': { own: 'any', other: 'any', probe: fixed('/api/requests?queue=all') },
  'GET /api/requests/measures': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/requests/measures?areaId=${f[s].grid}&from=2026-01-01&to=2026-12-31` }),
  },
  'GET /api/my/requests': { own: 'any', other: 'any', probe: fixed('/api/my/requests') },
  'GET /api/requests/:id': {
    own: REQUEST_PARTIES,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/requests/${f[s].request}` }),
  },
  // a stale version: whoever can reach the request gets 409 before any change; who may do which action is
  // tested per action in requests.test.ts
  'POST /api/requests/:id/actions': {
    own: REQUEST_PARTIES,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/requests/${f[s].request}/actions`,
      body: { action: 'close', version: STALE },
    }),
  },
  'POST /api/requests/:id/comments': {
    own: REQUEST_PARTIES,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/requests/${f[s].request}/comments`,
      body: { note: '探针留言', internal: true },
    }),
  },
  'POST /api/requests/:id/me-too': {
    own: 'any',
    other: 'any',
    probe: (f, s) => ({ path: `/api/requests/${f[s].request}/me-too` }),
  },
  // every signed-in user has an inbox of their own (isolation is tested in notifications.test.ts)
  'GET /api/my/notifications': { own: 'any', other: 'any', probe: fixed('/api/my/notifications') },

  // basic records 人房: scoped like requests (a grid worker reaches their grid), personal data masked
  'GET /api/records/tags': { own: VIEW, other: VIEW, probe: fixed('/api/records/tags') },
  'POST /api/records/tags': {
    own: UNMASK,
    other: UNMASK,
    probe: fixed('/api/records/tags', { name: '探针标签' }),
  },
  'PATCH /api/records/tags/:id': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/tags/${f[s].tag}`, body: { version: STALE } }),
  },
  'GET /api/records/addresses': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/addresses?areaId=${f[s].grid}` }),
  },
  'POST /api/records/addresses': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/records/addresses',
      body: { buildingId: f[s].building, unit: '9', room: '909' },
    }),
  },
  'PATCH /api/records/addresses/:id': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/addresses/${f[s].address}`, body: { version: STALE } }),
  },
  'GET /api/records/people': { own: VIEW, other: VIEW, probe: fixed('/api/records/people?q=孙') },
  'GET /api/records/people/:id': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/people/${f[s].person}` }),
  },
  'POST /api/records/people': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/records/people',
      body: { name: '探针', residence: 'permanent', areaId: f[s].building },
    }),
  },
  'PATCH /api/records/people/:id': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/people/${f[s].person}`, body: { version: STALE } }),
  },
  'POST /api/records/people/:id/archive': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/people/${f[s].person}/archive`, body: { version: STALE } }),
  },
  'GET /api/records/people/:id/history': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/people/${f[s].person}/history` }),
  },
  'POST /api/records/people/:id/unmask': {
    own: UNMASK,
    other: [],
    probe: (f, s) => ({
      path: `/api/records/people/${f[s].person}/unmask`,
      body: { purpose: '探针：核实身份' },
    }),
  },
  // after the row above: only those who just stated a purpose hold a live grant
  'GET /api/records/people/:id/unmask': {
    own: UNMASK,
    other: [],
    probe: (f, s) => ({ path: `/api/records/people/${f[s].person}/unmask` }),
  },
  'GET /api/records/people/import-template.xlsx': {
    own: 'any',
    other: 'any',
    probe: fixed('/api/records/people/import-template.xlsx'),
  },
  'POST /api/records/people/imports': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/records/people/imports',
      form: { mode: 'dry_run', rootId: String(f[s].community), file: { name: 'people.xlsx', data: f.xlsx } },
    }),
  },
  'GET /api/records/people/export.xlsx': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/people/export.xlsx?areaId=${f[s].grid}` }),
  },
  'POST /api/records/people/export.xlsx': {
    own: UNMASK,
    other: [],
    probe: (f, s) => ({
      path: '/api/records/people/export.xlsx',
      body: { purpose: '探针：导出核对', filters: { areaId: f[s].grid } },
    }),
  },
  'GET /api/records/houses': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/houses?areaId=${f[s].grid}` }),
  },
  'GET /api/records/houses/:id': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/houses/${f[s].house}` }),
  },
  'POST /api/records/houses': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: '/api/records/houses', body: { addressId: f[s].address, use: 'vacant' } }),
  },
  'PATCH /api/records/houses/:id': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/houses/${f[s].house}`, body: { version: STALE } }),
  },
  'GET /api/records/figures': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/figures?areaId=${f[s].grid}` }),
  },
  // units and merchants 实有单位, things 部件: scoped like people (a grid worker reaches their grid)
  'GET /api/records/units': { own: VIEW, other: VIEW, probe: fixed('/api/records/units?q=探针') },
  'GET /api/records/units/:id': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/units/${f[s].unit}` }),
  },
  'POST /api/records/units': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/records/units',
      body: { name: '探针单位', kind: 'other', areaId: f[s].building },
    }),
  },
  'PATCH /api/records/units/:id': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/units/${f[s].unit}`, body: { version: STALE } }),
  },
  'POST /api/records/units/:id/archive': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/units/${f[s].unit}/archive`, body: { version: STALE } }),
  },
  'GET /api/records/units/:id/history': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/units/${f[s].unit}/history` }),
  },
  'POST /api/records/units/:id/unmask': {
    own: UNMASK,
    other: [],
    probe: (f, s) => ({
      path: `/api/records/units/${f[s].unit}/unmask`,
      body: { purpose: '探针：联系商户' },
    }),
  },
  // after the row above: only those who just stated a purpose hold a live grant
  'GET /api/records/units/:id/unmask': {
    own: UNMASK,
    other: [],
    probe: (f, s) => ({ path: `/api/records/units/${f[s].unit}/unmask` }),
  },
  'GET /api/records/merchant-accounts': {
    own: VIEW,
    other: VIEW,
    probe: fixed('/api/records/merchant-accounts'),
  },
  'GET /api/records/units/import-template.xlsx': {
    own: 'any',
    other: 'any',
    probe: fixed('/api/records/units/import-template.xlsx'),
  },
  'POST /api/records/units/imports': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/records/units/imports',
      form: {
        mode: 'dry_run',
        rootId: String(f[s].community),
        file: { name: 'units.csv', data: '单位名称,所属网格\n探针单位,第1网格\n' },
      },
    }),
  },
  'GET /api/records/units/export.xlsx': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/units/export.xlsx?areaId=${f[s].grid}` }),
  },
  'GET /api/records/thing-classes': { own: VIEW, other: VIEW, probe: fixed('/api/records/thing-classes') },
  'GET /api/records/things': { own: VIEW, other: VIEW, probe: fixed('/api/records/things?q=路灯') },
  'GET /api/records/things/:id': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/things/${f[s].thing}` }),
  },
  'POST /api/records/things': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/records/things',
      body: { classCode: '01', subclassCode: '19', areaId: f[s].grid },
    }),
  },
  'PATCH /api/records/things/:id': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/things/${f[s].thing}`, body: { version: STALE } }),
  },
  'POST /api/records/things/:id/archive': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/things/${f[s].thing}/archive`, body: { version: STALE } }),
  },
  'GET /api/records/things/:id/history': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/things/${f[s].thing}/history` }),
  },
  'GET /api/records/things/import-template.xlsx': {
    own: 'any',
    other: 'any',
    probe: fixed('/api/records/things/import-template.xlsx'),
  },
  'POST /api/records/things/imports': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/records/things/imports',
      form: {
        mode: 'dry_run',
        rootId: String(f[s].community),
        file: { name: 'things.csv', data: '大类代码,小类代码,所属网格\n01,08,第1网格\n' },
      },
    }),
  },
  'GET /api/records/things/export.xlsx': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/records/things/export.xlsx?areaId=${f[s].grid}` }),
  },
  // a stateless look at the caller's own file: anyone who may import rosters somewhere
  'POST /api/records/people/preview': {
    own: STAFF,
    other: STAFF,
    probe: () => ({
      path: '/api/records/people/preview',
      form: { file: { name: 'x.csv', data: '姓名,证件,楼栋\n张三,110105194912310029,1栋\n' } },
    }),
  },
  // a stateless look at the caller's own file: anyone who may import rosters somewhere
  'POST /api/records/units/preview': {
    own: STAFF,
    other: STAFF,
    probe: () => ({
      path: '/api/records/units/preview',
      form: { file: { name: 'x.csv', data: '单位名称\n探针\n' } },
    }),
  },
  // a stateless look at the caller's own file: anyone who may import rosters somewhere
  'POST /api/records/things/preview': {
    own: STAFF,
    other: STAFF,
    probe: () => ({
      path: '/api/records/things/preview',
      form: { file: { name: 'x.csv', data: '大类代码,小类代码\n01,08\n' } },
    }),
  },
  'GET /api/my/data-access': { own: 'any', other: 'any', probe: fixed('/api/my/data-access') },
  'GET /api/my/records': { own: 'any', other: 'any', probe: fixed('/api/my/records') },
  'POST /api/my/notifications/read': {
    own: 'any',
    other: 'any',
    probe: fixed('/api/my/notifications/read', { all: true }),
  },
  // 延期, 回访 and the rating review (follow-up.ts): a stale version, so allowed callers get 409; who may do
  // which step in which state is tested in follow-up.test.ts
  'POST /api/requests/:id/delays': {
    own: [...VIEW, 'responder'],
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/requests/${f[s].request}/delays`,
      body: { version: STALE, workingDays: 2, reason: '探针：等待配件' },
    }),
  },
  'POST /api/requests/:id/delays/:delayId/decision': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/requests/${f[s].request}/delays/1/decision`,
      body: { decision: 'refuse', version: STALE, note: '探针：不同意' },
    }),
  },
  // the probed request is open, so staff get 409 (re-visits follow closure or reopening)
  'POST /api/requests/:id/revisits': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/requests/${f[s].request}/revisits`,
      body: { method: 'phone', contact: '探针', result: 'unreachable' },
    }),
  },
  'POST /api/requests/:id/rating-exclusions': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/requests/${f[s].request}/rating-exclusions`,
      body: { version: STALE, reason: '探针：恶意评价' },
    }),
  },
  'POST /api/requests/:id/rating-exclusions/:exclusionId/decision': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/requests/${f[s].request}/rating-exclusions/1/decision`,
      body: { decision: 'approve', version: STALE },
    }),
  },
  // history import, the suggester's accuracy, the workbench export and bulk dispatch: request.triage holders; an
  // import or accuracy report names a community (grid workers hold only their grid); the export and bulk dispatch
  // work over the caller's own reach (a stale version makes the probe's dispatch fail inside a 200)
  'GET /api/requests/history/template.xlsx': {
    own: VIEW,
    other: VIEW,
    probe: fixed('/api/requests/history/template.xlsx'),
  },
  'POST /api/requests/history/preview': {
    own: VIEW,
    other: VIEW,
    probe: () => ({
      path: '/api/requests/history/preview',
      form: { file: { name: 'h.csv', data: HISTORY_CSV } },
    }),
  },
  'POST /api/requests/history/imports': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/requests/history/imports',
      form: { mode: 'dry_run', rootId: String(f[s].community), file: { name: 'h.csv', data: HISTORY_CSV } },
    }),
  },
  'GET /api/requests/suggester': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/requests/suggester?areaId=${f[s].community}` }),
  },
  'GET /api/requests/export.xlsx': {
    own: VIEW,
    other: VIEW,
    probe: fixed('/api/requests/export.xlsx?queue=all'),
  },
  'POST /api/requests/bulk-dispatch': {
    own: VIEW,
    other: VIEW,
    probe: (f, s) => ({
      path: '/api/requests/bulk-dispatch',
      body: { items: [{ id: f[s].request, version: STALE }], kind: 'owner', orgId: 1 },
    }),
  },
  'GET /api/request-categories': { own: 'any', other: 'any', probe: fixed('/api/request-categories') },
  'GET /api/responder-orgs': { own: VIEW, other: VIEW, probe: fixed('/api/responder-orgs') },
  // the holiday calendar and deadline policies are reference tables: no own/other street; street admins and
  // secretaries view them, only the platform admin edits (probes touch 2099, a stale version, a sheet that lacks
  // the calendar's columns)
  'GET /api/calendar/:year': { own: CALENDAR, other: CALENDAR, probe: fixed('/api/calendar/2026') },
  'GET /api/calendar/changes': { own: CALENDAR, other: CALENDAR, probe: fixed('/api/calendar/changes') },
  'GET /api/calendar/:year/export.xlsx': {
    own: CALENDAR,
    other: CALENDAR,
    probe: fixed('/api/calendar/2026/export.xlsx'),
  },
  'PUT /api/calendar/days/:date': {
    own: ADMIN,
    other: ADMIN,
    probe: fixed('/api/calendar/days/2099-01-05', { kind: 'holiday', name: '探针' }),
  },
  'DELETE /api/calendar/days/:date': {
    own: ADMIN,
    other: ADMIN,
    probe: fixed('/api/calendar/days/2099-01-05'),
  },
  'POST /api/calendar/:year/import': {
    own: ADMIN,
    other: ADMIN,
    probe: (f) => ({
      path: '/api/calendar/2099/import',
      form: { mode: 'dry_run', file: { name: 'calendar.xlsx', data: f.xlsx } },
    }),
  },
  'GET /api/sla-policies': { own: CALENDAR, other: CALENDAR, probe: fixed('/api/sla-policies') },
  'PUT /api/sla-policies/:slaClass/:urgency': {
    own: ADMIN,
    other: ADMIN,
    probe: fixed('/api/sla-policies/normal/normal', {
      version: STALE,
      clock: 'working',
      responseMinutes: 1440,
      resolveMinutes: 7 * 1440,
      yellowAt: 0.5,
      redAt: 0.8,
    }),
  },

  'GET /api/party-orgs': { own: 'any', other: 'any', probe: fixed('/api/party-orgs') },
  'POST /api/party-orgs': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/party-orgs',
      body: { parentId: f[s].partyOrg, kind: 'grid_branch', name: '探针支部' },
    }),
  },
  'PATCH /api/party-orgs/:id': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/party-orgs/${f[s].partyOrg}`, body: { version: STALE } }),
  },
  // ── Open311 GeoReport v2 (/open311/v2, modules/open311): public reads of a street's requests for third-party
  // clients; jurisdiction_id is the street's code, and each probe names its own street. Posting needs an api_key,
  // which no session replaces: without one every caller, signed in or not, is refused (403) — hence no 'public'.
  'GET /open311/v2/discovery.json': {
    own: 'public',
    other: 'public',
    probe: fixed('/open311/v2/discovery.json'),
  },
  'GET /open311/v2/discovery.xml': {
    own: 'public',
    other: 'public',
    probe: fixed('/open311/v2/discovery.xml'),
  },
  'GET /open311/v2/services.json': {
    own: 'public',
    other: 'public',
    probe: (_f, s) => open311(s, 'services.json'),
  },
  'GET /open311/v2/services.xml': {
    own: 'public',
    other: 'public',
    probe: (_f, s) => open311(s, 'services.xml'),
  },
  'GET /open311/v2/services/:file': {
    own: 'public',
    other: 'public',
    probe: (_f, s) => open311(s, 'services/city.litter.json'),
  },
  'GET /open311/v2/requests.json': {
    own: 'public',
    other: 'public',
    probe: (_f, s) => open311(s, 'requests.json'),
  },
  'GET /open311/v2/requests.xml': {
    own: 'public',
    other: 'public',
    probe: (_f, s) => open311(s, 'requests.xml'),
  },
  'POST /open311/v2/requests.json': {
    own: [],
    other: [],
    probe: (f, s) => ({ path: '/open311/v2/requests.json', body: open311Report(f, s) }),
  },
  'POST /open311/v2/requests.xml': {
    own: [],
    other: [],
    probe: (f, s) => ({ path: '/open311/v2/requests.xml', body: open311Report(f, s) }),
  },
  'GET /open311/v2/requests/:file': {
    own: 'public',
    other: 'public',
    probe: (f, s) => open311(s, `requests/${f[s].request}.json`),
  },
  'GET /open311/v2/tokens/:file': {
    own: 'public',
    other: 'public',
    probe: (f, s) => open311(s, `tokens/${f[s].request}.xml`),
  },
  'GET /open311/v2/servicerequestupdates.json': {
    own: 'public',
    other: 'public',
    probe: (_f, s) => open311(s, 'servicerequestupdates.json', lastDay()),
  },
  'GET /open311/v2/servicerequestupdates.xml': {
    own: 'public',
    other: 'public',
    probe: (_f, s) => open311(s, 'servicerequestupdates.xml', lastDay()),
  },
  // insights: staff and grid workers read their area's figures; leads run the brief and decide its items; only the
  // assignee reports back
  'GET /api/insights/dashboard': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/insights/dashboard?areaId=${f[s].grid}&from=2026-01-01&to=2026-01-31` }),
  },
  'GET /api/insights/dashboard/export': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/insights/dashboard/export?areaId=${f[s].grid}&from=2026-01-01&to=2026-01-31&chart=status`,
    }),
  },
  'GET /api/insights/portrait': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/insights/portrait?areaId=${f[s].grid}&from=2026-01-01&to=2026-01-31` }),
  },
  'GET /api/insights/hotspots': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/insights/hotspots?areaId=${f[s].grid}` }),
  },
  // the street's brief scoring: the leads whose briefs use it read it, street admins change it
  'GET /api/insights/scoring': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/insights/scoring?areaId=${f[s].community}` }),
  },
  'PUT /api/insights/scoring': {
    own: ['street_admin', 'platform_admin'],
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/insights/scoring',
      body: { areaId: f[s].community, version: STALE, scoring: null },
    }),
  },
  'GET /api/insights/monthly-report': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/insights/monthly-report?communityId=${f[s].community}&month=2026-01` }),
  },
  'GET /api/insights/briefs': {
    own: ['community_staff', 'community_secretary', 'street_admin', 'platform_admin'],
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/insights/briefs?communityId=${f[s].community}` }),
  },
  'POST /api/insights/briefs/run': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/insights/briefs/run',
      body: { communityId: f[s].community, day: '2026-01-01' },
    }),
  },
  'POST /api/insights/brief-items/:id/assign': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/insights/brief-items/${f[s].briefItem}/assign`,
      body: { assigneeUserId: 'x', version: STALE },
    }),
  },
  'POST /api/insights/brief-items/:id/dismiss': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/insights/brief-items/${f[s].briefItem}/dismiss`,
      body: { reason: '探针撤销', version: STALE },
    }),
  },
  'POST /api/insights/brief-items/:id/report': {
    own: ['grid_worker'],
    other: [],
    probe: (f, s) => ({
      path: `/api/insights/brief-items/${f[s].briefItem}/report`,
      body: { text: '探针回报', version: STALE },
    }),
  },
  'GET /api/insights/brief-items/mine': {
    own: 'any',
    other: 'any',
    probe: fixed('/api/insights/brief-items/mine'),
  },
  'GET /api/insights/brief-channels': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/insights/brief-channels?communityId=${f[s].community}` }),
  },
  'POST /api/insights/brief-channels': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/insights/brief-channels',
      body: { communityId: f[s].community, kind: 'email', target: 'probe@example.invalid' },
    }),
  },
  // the first allowed caller removes it; the next ones get 409
  'DELETE /api/insights/brief-channels/:id': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/insights/brief-channels/${f[s].briefChannel}` }),
  },
  // insights, using the data (0029): residents read their community's figures and are asked the reverse survey (anyone
  // with a community at or below it); leads restore figures; street admins set the rule; only the reporter consents;
  // the public page and open data need no sign-in
  'GET /api/insights/figures': { own: PEOPLE, other: PEOPLE, probe: fixed('/api/insights/figures') },
  'POST /api/insights/survey/ask': {
    own: PEOPLE,
    other: PEOPLE,
    probe: fixed('/api/insights/survey/ask', {}),
  },
  'POST /api/insights/survey/:id/answer': {
    own: ['resident'],
    other: [],
    probe: (f, s) => ({ path: `/api/insights/survey/${f[s].surveyAsk}/answer`, body: { answer: 'skip' } }),
  },
  'GET /api/insights/figure-weights': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/insights/figure-weights?communityId=${f[s].community}` }),
  },
  'POST /api/insights/figure-weights/restore': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/insights/figure-weights/restore',
      body: { communityId: f[s].community, figure: 'onTimeRate', version: STALE },
    }),
  },
  'PUT /api/insights/survey/settings': {
    own: ['street_admin', 'platform_admin'],
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/insights/survey/settings',
      body: { streetId: f[s].street, minRespondents: 20, askProbability: 0.2 },
    }),
  },
  'GET /api/insights/requests/:id/publish-consent': {
    own: ['resident'],
    other: ['platform_admin'],
    probe: (f, s) => ({ path: `/api/insights/requests/${f[s].request}/publish-consent` }),
  },
  'PUT /api/insights/requests/:id/publish-consent': {
    own: ['resident'],
    // the other street's request was reported by the platform admin (fixtures.ts otherRequest)
    other: ['platform_admin'],
    probe: (f, s) => ({
      path: `/api/insights/requests/${f[s].request}/publish-consent`,
      body: { consent: false },
    }),
  },
  'GET /api/insights/data-use': {
    own: VIEW,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/insights/data-use?areaId=${f[s].grid}&from=2026-01-01&to=2026-01-31` }),
  },
  'GET /api/open/communities/:code': {
    own: 'public',
    other: 'public',
    probe: (_f, s) => ({ path: `/api/open/communities/${s === 'own' ? '990101001001' : '990102001001'}` }),
  },
  'GET /api/open/communities/:code/data.json': {
    own: 'public',
    other: 'public',
    probe: (_f, s) => ({
      path: `/api/open/communities/${s === 'own' ? '990101001001' : '990102001001'}/data.json`,
    }),
  },
  'GET /api/open/communities/:code/data.csv': {
    own: 'public',
    other: 'public',
    probe: (_f, s) => ({
      path: `/api/open/communities/${s === 'own' ? '990101001001' : '990102001001'}/data.csv`,
    }),
  },
  // the ledger: everyone their own accounts; staff their community's (a grid worker has no ledger); leads correct
  'GET /api/ledger/me/accounts': { own: 'any', other: 'any', probe: fixed('/api/ledger/me/accounts') },
  'GET /api/ledger/me/entries': { own: 'any', other: 'any', probe: fixed('/api/ledger/me/entries') },
  'GET /api/ledger/accounts': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/accounts?communityId=${f[s].community}` }),
  },
  'GET /api/ledger/entries': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/entries?communityId=${f[s].community}` }),
  },
  'GET /api/ledger/entries/export': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/entries/export?communityId=${f[s].community}` }),
  },
  // allowed callers get 422: nobody has signed up with the probe's phone
  'POST /api/ledger/awards': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/ledger/awards',
      body: { ruleId: f[s].ledgerRule, communityId: f[s].community, phone: '19900000000' },
    }),
  },
  'POST /api/ledger/entries/:id/reverse': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/ledger/entries/${f[s].ledgerEntry}/reverse`,
      body: { reason: '探针冲正' },
    }),
  },
  'GET /api/ledger/rules': { own: STAFF, other: STAFF, probe: fixed('/api/ledger/rules') },
  'POST /api/ledger/rules': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/ledger/rules',
      body: {
        code: 'probe_rule',
        name: '探针规则',
        eventKind: 'probe.event',
        areaId: f[s].community,
        unit: 'points',
        amount: 1,
        approverRole: 'community_staff',
      },
    }),
  },
  'PATCH /api/ledger/rules/:id': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/rules/${f[s].ledgerRule}`, body: { version: STALE } }),
  },
  // 积分超市: the community's people see and redeem (allowed callers without points get 409); its merchant or staff
  // mark a voucher used (the first allowed caller 200, the rest 409)
  'GET /api/ledger/items': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/items?communityId=${f[s].community}` }),
  },
  'POST /api/ledger/items': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/ledger/items',
      body: { communityId: f[s].community, name: '探针商品', unit: 'points', price: 1, stock: 1 },
    }),
  },
  'PATCH /api/ledger/items/:id': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/items/${f[s].ledgerItem}`, body: { version: STALE } }),
  },
  'POST /api/ledger/items/:id/redeem': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/items/${f[s].ledgerItem}/redeem` }),
  },
  // 时间银行: anyone gives their own hours to family (allowed callers get 422: nobody has the probe's phone)
  'POST /api/ledger/me/transfers': {
    own: 'any',
    other: 'any',
    probe: fixed('/api/ledger/me/transfers', { unit: 'hours', amount: 1, phone: '19900000000' }),
  },
  'GET /api/ledger/me/annual': { own: 'any', other: 'any', probe: fixed('/api/ledger/me/annual?year=2026') },
  'GET /api/ledger/vouchers/mine': { own: 'any', other: 'any', probe: fixed('/api/ledger/vouchers/mine') },
  'GET /api/ledger/vouchers/merchant': {
    own: 'any',
    other: 'any',
    probe: fixed('/api/ledger/vouchers/merchant'),
  },
  'POST /api/ledger/vouchers/use': {
    own: [...STAFF, 'merchant'],
    other: ADMIN,
    probe: (f, s) => ({ path: '/api/ledger/vouchers/use', body: { code: f[s].voucherCode } }),
  },
  // 党员积分: staff see a year's statement and export it; leads close a year (allowed callers get 422: a future year)
  'GET /api/ledger/party/statement': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/party/statement?communityId=${f[s].community}&year=2026` }),
  },
  'GET /api/ledger/party/statement/export': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/party/statement/export?communityId=${f[s].community}&year=2026` }),
  },
  'POST /api/ledger/party/close': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({ path: '/api/ledger/party/close', body: { communityId: f[s].community, year: 2100 } }),
  },
  // funds: staff see their community's; only its leads record money (each allowed probe records 1 fen)
  'GET /api/ledger/funds': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/funds?communityId=${f[s].community}` }),
  },
  'GET /api/ledger/funds/:id/flows': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/funds/${f[s].ledgerFund}/flows` }),
  },
  'GET /api/ledger/funds/:id/flows/export': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/funds/${f[s].ledgerFund}/flows/export` }),
  },
  'POST /api/ledger/funds/:id/flows': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/ledger/funds/${f[s].ledgerFund}/flows`,
      body: { kind: 'donation', counterparty: '探针捐赠', amount: 1 },
    }),
  },
  'POST /api/ledger/funds/:id/backfeed': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/ledger/funds/${f[s].ledgerFund}/backfeed`,
      body: { project: '探针项目', netProfit: 100 },
    }),
  },
  'PATCH /api/ledger/funds/:id': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ledger/funds/${f[s].ledgerFund}`, body: { version: STALE } }),
  },

  // participation: the community's people see and take part; staff moderate and run meetings, votes and lists.
  // Posting a wish or declaring skills happens in one's own community (PEOPLE: a role at or below a community).
  'GET /api/wishes': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/wishes?communityId=${f[s].community}` }),
  },
  'POST /api/wishes': {
    own: PEOPLE,
    other: PEOPLE,
    probe: fixed('/api/wishes', { text: '探针心愿：帮忙修门锁', category: 'repair', byDate: '2099-12-31' }),
  },
  'GET /api/wishes/:id': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/wishes/${f[s].wish}` }),
  },
  'GET /api/wishes/:id/matches': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/wishes/${f[s].wish}/matches` }),
  },
  'POST /api/wishes/:id/moderate': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/wishes/${f[s].wish}/moderate`, body: { action: 'approve' } }),
  },
  // the first allowed caller claims it, the rest get 409 (its author 422)
  'POST /api/wishes/:id/claim': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/wishes/${f[s].wish}/claim`, body: { kind: 'volunteer' } }),
  },
  'POST /api/wishes/:id/fulfil': {
    own: ['party_member'],
    other: [],
    probe: (f, s) => ({ path: `/api/wishes/${f[s].claimedWish}/fulfil`, body: { note: '探针：已完成' } }),
  },
  'POST /api/wishes/:id/confirm': {
    own: ['resident'],
    other: [],
    probe: (f, s) => ({ path: `/api/wishes/${f[s].fulfilledWish}/confirm`, body: { done: true } }),
  },
  'GET /api/wishes/skills/mine': { own: 'any', other: 'any', probe: fixed('/api/wishes/skills/mine') },
  'PUT /api/wishes/skills/mine': {
    own: PEOPLE,
    other: PEOPLE,
    probe: fixed('/api/wishes/skills/mine', { items: [{ category: 'repair', note: '探针' }] }),
  },
  'GET /api/wishes/figures': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/wishes/figures?communityId=${f[s].community}` }),
  },
  'GET /api/topics': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/topics?communityId=${f[s].community}` }),
  },
  'POST /api/topics': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: '/api/topics', body: { communityId: f[s].community, title: '探针议题' } }),
  },
  'POST /api/topics/:id/support': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/topics/${f[s].topic}/support` }),
  },
  'POST /api/topics/:id/status': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/topics/${f[s].topic}/status`, body: { action: 'agenda' } }),
  },
  'GET /api/participation/settings': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/participation/settings?communityId=${f[s].community}` }),
  },
  'PUT /api/participation/settings': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/participation/settings',
      body: { communityId: f[s].community, supportThreshold: 10 },
    }),
  },
  'GET /api/meetings': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/meetings?communityId=${f[s].community}` }),
  },
  'POST /api/meetings': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/meetings',
      body: {
        communityId: f[s].community,
        title: '探针会议',
        startsAt: '2099-01-05T19:00:00+08:00',
        place: '议事厅',
        convener: '探针',
      },
    }),
  },
  'PUT /api/meetings/:id/minutes': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/meetings/${f[s].meeting}/minutes`, body: { minutes: '探针纪要' } }),
  },
  // allowed callers get 422: the probe's code is wrong
  'POST /api/meetings/:id/checkin': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/meetings/${f[s].meeting}/checkin`, body: { code: '000000' } }),
  },
  'GET /api/meetings/:id/attendance': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/meetings/${f[s].meeting}/attendance` }),
  },
  // allowed callers invite the community's party members (a second invitation of the same people is a no-op)
  'POST /api/meetings/:id/invitations': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/meetings/${f[s].meeting}/invitations`,
      body: { roles: ['party_member'] },
    }),
  },
  'GET /api/meetings/:id/invitations': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/meetings/${f[s].meeting}/invitations` }),
  },
  'POST /api/meetings/:id/attendance': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/meetings/${f[s].meeting}/attendance`, body: { name: '探针到会' } }),
  },
  'GET /api/votes': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/votes?communityId=${f[s].community}` }),
  },
  'POST /api/votes': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/votes',
      body: { communityId: f[s].community, question: '探针表决', options: ['同意', '不同意'] },
    }),
  },
  'POST /api/votes/:id/ballots': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/votes/${f[s].vote}/ballots`, body: { choices: [0] } }),
  },
  // the first allowed caller enters it, the rest get 409 (that person has voted)
  'POST /api/votes/:id/proxy-ballots': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/votes/${f[s].vote}/proxy-ballots`,
      body: { choices: [1], voter: '探针大爷 1栋101' },
    }),
  },
  'POST /api/votes/:id/close': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/votes/${f[s].vote}/close` }),
  },
  'GET /api/resolutions': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/resolutions?communityId=${f[s].community}` }),
  },
  'POST /api/resolutions': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/resolutions',
      body: { communityId: f[s].community, text: '探针决议', ownerName: '探针', dueDate: '2099-01-31' },
    }),
  },
  'PATCH /api/resolutions/:id': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/resolutions/${f[s].resolution}`, body: { progress: 50 } }),
  },
  'GET /api/lists/items': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/lists/items?communityId=${f[s].community}` }),
  },
  'POST /api/lists/items': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/lists/items',
      body: {
        communityId: f[s].community,
        kind: 'need',
        publisherKind: 'community',
        publisherName: '探针',
        title: '探针需求',
      },
    }),
  },
  // the first allowed caller claims it, the rest get 409
  'POST /api/lists/items/:id/claim': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/lists/items/${f[s].listItem}/claim`, body: { ownerName: '探针单位' } }),
  },
  'GET /api/lists/projects': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/lists/projects?communityId=${f[s].community}` }),
  },
  'PATCH /api/lists/projects/:id': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/lists/projects/${f[s].project}`, body: { results: '探针成效' } }),
  },
  'POST /api/lists/projects/:id/milestones': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/lists/projects/${f[s].project}/milestones`,
      body: { title: '探针里程碑' },
    }),
  },
  'POST /api/lists/projects/:id/milestones/:milestoneId': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/lists/projects/${f[s].project}/milestones/${f[s].milestone}`,
      body: { done: true },
    }),
  },
  // 共建协议: staff of the community upload, list and download (the fixture's agreement is the stored test photo)
  'POST /api/lists/projects/:id/agreements': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/lists/projects/${f[s].project}/agreements`,
      form: { file: { name: '共建协议.png', data: f.png } },
    }),
  },
  'GET /api/lists/projects/:id/agreements': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/lists/projects/${f[s].project}/agreements` }),
  },
  'GET /api/lists/projects/:id/agreements/:agreementId/file': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/lists/projects/${f[s].project}/agreements/${f[s].agreement}/file` }),
  },
  'GET /api/lists/export': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/lists/export?communityId=${f[s].community}` }),
  },
  'GET /api/lists/import-template.xlsx': {
    own: 'any',
    other: 'any',
    probe: fixed('/api/lists/import-template.xlsx'),
  },
  'GET /api/lists/projects/import-template.xlsx': {
    own: 'any',
    other: 'any',
    probe: fixed('/api/lists/projects/import-template.xlsx'),
  },
  'POST /api/lists/imports/preview': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/lists/imports/preview?communityId=${f[s].community}`,
      form: { file: { name: 'lists.csv', data: '类别,名称\n需求,探针需求\n' } },
    }),
  },
  'POST /api/lists/imports': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/lists/imports?communityId=${f[s].community}`,
      form: { mode: 'dry_run', file: { name: 'lists.csv', data: '类别,名称\n需求,探针需求\n' } },
    }),
  },
  // 民生微实事: the community's people see and propose; staff move projects along and answer objections. The
  // fixture project is past 初审: allowed callers of stage-bound actions get 409, denied ones 403/404 first.
  'GET /api/microprojects/types': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/microprojects/types?communityId=${f[s].community}` }),
  },
  'POST /api/microprojects/types': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/microprojects/types',
      body: { communityId: f[s].community, name: '探针新类', cap: 100000 },
    }),
  },
  'PATCH /api/microprojects/types/:id': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/microprojects/types/${f[s].microType}`, body: { cap: 20000000 } }),
  },
  'GET /api/microprojects': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/microprojects?communityId=${f[s].community}` }),
  },
  'POST /api/microprojects': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/microprojects',
      body: { communityId: f[s].community, typeId: f[s].microType, title: '探针微实事', budget: 100 },
    }),
  },
  'GET /api/microprojects/:id': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/microprojects/${f[s].microproject}` }),
  },
  'POST /api/microprojects/:id/actions': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/microprojects/${f[s].microproject}/actions`,
      body: { action: 'screen', version: 1, pass: true },
    }),
  },
  'POST /api/microprojects/:id/objections': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/microprojects/${f[s].microproject}/objections`,
      body: { text: '探针异议' },
    }),
  },
  'POST /api/microprojects/:id/objections/:objectionId/answer': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/microprojects/${f[s].microproject}/objections/${f[s].microObjection}/answer`,
      body: { answer: '探针答复' },
    }),
  },
  'POST /api/microprojects/:id/ratings': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/microprojects/${f[s].microproject}/ratings`, body: { stars: 5 } }),
  },
  // 群众阅卷: the community's people mark its cadres (allowed callers: 201 once, then 409; the cadre himself 422)
  'GET /api/ratings/cadres': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ratings/cadres?communityId=${f[s].community}` }),
  },
  'POST /api/ratings': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/ratings',
      body: { communityId: f[s].community, targetUserId: f[s].cadre, score: 4 },
    }),
  },
  'GET /api/ratings/ranking': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/ratings/ranking?communityId=${f[s].community}` }),
  },
  'GET /api/ratings/received': { own: 'any', other: 'any', probe: fixed('/api/ratings/received') },

  // 社区学院: the community's people browse, sign up, cancel and check in (allowed callers get 409: not open yet);
  // staff see rosters, mark presence, read figures and export
  'GET /api/activities/courses': { own: 'any', other: 'any', probe: fixed('/api/activities/courses') },
  'POST /api/activities/courses': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/activities/courses',
      body: {
        communityId: f[s].community,
        series: '探针',
        title: '探针课程',
        place: '活动室',
        organiser: '探针',
        capacity: 5,
        repeat: 'once',
        firstDate: '2030-01-02',
        startTime: '10:00',
        minutes: 60,
      },
    }),
  },
  'GET /api/activities/sessions': { own: 'any', other: 'any', probe: fixed('/api/activities/sessions') },
  'GET /api/activities/me/signups': { own: 'any', other: 'any', probe: fixed('/api/activities/me/signups') },
  'POST /api/activities/sessions/:id/signup': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/activities/sessions/${f[s].session}/signup` }),
  },
  // after the sign-up probe every allowed caller has a sign-up to cancel
  'POST /api/activities/sessions/:id/cancel': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/activities/sessions/${f[s].session}/cancel` }),
  },
  'POST /api/activities/checkin': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: '/api/activities/checkin', body: { code: f[s].checkinCode } }),
  },
  'GET /api/activities/sessions/:id/roster': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/activities/sessions/${f[s].session}/roster` }),
  },
  'POST /api/activities/signups/:id/present': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/activities/signups/${f[s].signup}/present`, body: { present: true } }),
  },
  'GET /api/activities/figures': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/activities/figures?communityId=${f[s].community}` }),
  },
  'GET /api/activities/attendance/export': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/activities/attendance/export?communityId=${f[s].community}` }),
  },
  // volunteers: the community's people join; staff or the team's leader (陈党员) record hours (allowed callers get
  // 422: nobody has the probe's phone); another staff member approves (the first allowed 200, the rest 409)
  'GET /api/volunteers/teams': { own: 'any', other: 'any', probe: fixed('/api/volunteers/teams') },
  'POST /api/volunteers/teams': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/volunteers/teams',
      body: { communityId: f[s].community, name: '探针志愿队' },
    }),
  },
  'POST /api/volunteers/teams/:id/join': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/volunteers/teams/${f[s].team}/join`, body: { skills: ['探针'] } }),
  },
  'GET /api/volunteers/teams/:id/members': {
    own: [...STAFF, 'party_member'],
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/volunteers/teams/${f[s].team}/members` }),
  },
  'POST /api/volunteers/hours': {
    own: [...STAFF, 'party_member'],
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/volunteers/hours',
      body: {
        teamId: f[s].team,
        phone: '19900000000',
        event: '探针',
        startedAt: '2026-01-01T09:00:00+08:00',
        endedAt: '2026-01-01T10:00:00+08:00',
      },
    }),
  },
  'GET /api/volunteers/hours': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/volunteers/hours?communityId=${f[s].community}` }),
  },
  'POST /api/volunteers/hours/:id/decide': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/volunteers/hours/${f[s].hours}/decide`, body: { approve: true } }),
  },
  'GET /api/volunteers/me': { own: 'any', other: 'any', probe: fixed('/api/volunteers/me') },
  // 暗夜走访: the plan's team of three and staff over the community (starting again gets 409: one is under way)
  'GET /api/patrols/plans': { own: 'any', other: 'any', probe: fixed('/api/patrols/plans') },
  'POST /api/patrols/plans': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/patrols/plans',
      body: {
        communityId: f[s].community,
        name: '探针走访',
        windowStart: '21:00',
        windowEnd: '24:00',
        secretaryPhone: '13800000002',
        gridWorkerPhone: '13800000004',
        propertyPhone: '13800000005',
        places: ['便利店'],
      },
    }),
  },
  'POST /api/patrols/plans/:id/start': {
    own: PATROL,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/patrols/plans/${f[s].patrolPlan}/start` }),
  },
  'GET /api/patrols': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/patrols?communityId=${f[s].community}` }),
  },
  'GET /api/patrols/:id': {
    own: PATROL,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/patrols/${f[s].patrol}` }),
  },
  'POST /api/patrols/:id/checkins': {
    own: PATROL,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/patrols/${f[s].patrol}/checkins`, body: { place: '探针点位' } }),
  },
  'POST /api/patrols/:id/close': {
    own: PATROL,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/patrols/${f[s].patrol}/close`, body: { summary: '探针小结' } }),
  },
  // 党员: anyone reports in (allowed callers outside the branch's area get 422); staff see; secretaries confirm and
  // assign posts; the member on a post (陈党员) or a secretary counts its work
  'GET /api/party-members/me': { own: 'any', other: 'any', probe: fixed('/api/party-members/me') },
  'POST /api/party-members/me/report': {
    own: 'any',
    other: 'any',
    probe: (f, s) => ({
      path: '/api/party-members/me/report',
      body: { branchId: f[s].partyBranch, workplaceBranch: '探针支部', commitment: '探针承诺' },
    }),
  },
  'GET /api/party-members/reports': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/party-members/reports?communityId=${f[s].community}` }),
  },
  'POST /api/party-members/reports/:id/confirm': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/party-members/reports/${f[s].partyReport}/confirm` }),
  },
  'GET /api/party-members/posts': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/party-members/posts?communityId=${f[s].community}` }),
  },
  'POST /api/party-members/posts': {
    own: LEAD,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/party-members/posts',
      body: { communityId: f[s].community, kind: 'pioneer_post', name: '探针岗', memberPhone: '19900000000' },
    }),
  },
  // 兴趣链: the community's people see and join; staff create; the leader (陈党员) or staff record products
  // (allowed callers get 422: the probe links a request that does not exist)
  'GET /api/interest-groups': { own: 'any', other: 'any', probe: fixed('/api/interest-groups') },
  'POST /api/interest-groups': {
    own: STAFF,
    other: ADMIN,
    probe: (f, s) => ({
      path: '/api/interest-groups',
      body: { communityId: f[s].community, name: '探针兴趣链' },
    }),
  },
  'POST /api/interest-groups/:id/join': {
    own: 'any',
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/interest-groups/${f[s].interestGroup}/join` }),
  },
  'POST /api/interest-groups/:id/products': {
    own: [...STAFF, 'party_member'],
    other: ADMIN,
    probe: (f, s) => ({
      path: `/api/interest-groups/${f[s].interestGroup}/products`,
      body: { title: '探针成果', quantity: 1, unit: '处', requestIds: [999_999_999] },
    }),
  },
  'POST /api/party-members/posts/:id/work': {
    own: [...LEAD, 'party_member'],
    other: ADMIN,
    probe: (f, s) => ({ path: `/api/party-members/posts/${f[s].partyPost}/work`, body: { kind: 'visit' } }),
  },
};

/** An Open311 path in the probed street (990101001 长江路街道, or the other street 990102001). */
function open311(s: Subject, path: string, query = '') {
  return { path: `/open311/v2/${path}?jurisdiction_id=${s === 'own' ? '990101001' : '990102001'}${query}` };
}
const lastDay = () =>
  `&start_date=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&end_date=${encodeURIComponent(new Date().toISOString())}`;
/** A complete report without an api_key. */
const open311Report = (f: Fixtures, s: Subject) => ({
  jurisdiction_id: s === 'own' ? '990101001' : '990102001',
  service_code: 'city.facility',
  description: '探针：路灯不亮',
  lat: f[s].point.lat,
  long: f[s].point.lng,
});
