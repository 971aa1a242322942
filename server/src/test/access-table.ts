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
  };
  other: {
    building: number;
    compound: number;
    grid: number;
    community: number;
    partyOrg: number;
    importJob: number;
    request: number;
    point: { lng: number; lat: number };
  };
  xlsx: Buffer;
  geojson: string;
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
// who can reach a request: staff over its area, its reporter (孙阿姨), the whistled responder (刘经理, 金茂物业)
const REQUEST_PARTIES = [...VIEW, 'resident', 'responder'] as const;
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
  'GET /api/request-categories': { own: 'any', other: 'any', probe: fixed('/api/request-categories') },
  'GET /api/responder-orgs': { own: VIEW, other: VIEW, probe: fixed('/api/responder-orgs') },

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
};
