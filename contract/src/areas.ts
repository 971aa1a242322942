import { z } from 'zod';
import { PersonRef } from './accounts';
import { Id, PolygonGeometry } from './common';

/** 街道 → 社区 → 网格 → 小区 → 楼栋; the district (区) above the street is a reference row. */
export const AreaKind = z.enum(['street', 'community', 'grid', 'compound', 'building']);
export type AreaKind = z.infer<typeof AreaKind>;

/** Which kinds may sit under which: a building may hang directly under a grid (散居楼栋). */
export const CHILD_KINDS: Record<AreaKind, AreaKind[]> = {
  street: ['community'],
  community: ['grid'],
  grid: ['compound', 'building'],
  compound: ['building'],
  building: [],
};

/** GB/T 30428.1 grid code: 6 area + 3 street + 3 community + 3 sequence. */
export const GRID_CODE_RE = /^\d{15}$/;
export const Code = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{1,32}$/, 'code');

/** Free attributes staff keep per node: households (户数), population (常住人口), address… */
export const AreaProperties = z
  .object({
    households: z.number().int().min(0).max(10_000_000).optional(),
    population: z.number().int().min(0).max(100_000_000).optional(),
    buildings: z.number().int().min(0).max(100_000).optional(),
    areaKm2: z.number().min(0).max(100_000).optional(),
    address: z.string().max(200).optional(),
    note: z.string().max(500).optional(),
  })
  .strict();
export type AreaProperties = z.infer<typeof AreaProperties>;

export const AreaPolicies = z.object({
  canEdit: z.boolean(),
  canAddChild: z.boolean(),
  canMove: z.boolean(),
  canArchive: z.boolean(),
  canAssignWorkers: z.boolean(),
  /** may import rows under this node (Excel areas, GeoJSON outlines) */
  canImport: z.boolean(),
});

export const AreaNode = z.object({
  id: z.number(),
  tenantId: z.number(),
  parentId: z.number().nullable(),
  kind: AreaKind,
  name: z.string(),
  code: z.string().nullable(),
  /** ids from the street down to this node, joined by '.' */
  path: z.string(),
  childCount: z.number(),
  archived: z.boolean(),
  version: z.number(),
  hasGeometry: z.boolean(),
  properties: AreaProperties,
  leadWorker: PersonRef.nullable(),
  policies: AreaPolicies,
});
export type AreaNode = z.infer<typeof AreaNode>;

export const AreaDetail = AreaNode.extend({
  geometry: PolygonGeometry.nullable(),
  ancestors: z.array(z.object({ id: z.number(), kind: AreaKind, name: z.string() })),
  district: z.object({ code: z.string(), name: z.string() }),
  members: z.array(PersonRef.extend({ role: z.enum(['lead', 'member']) })),
});
export type AreaDetail = z.infer<typeof AreaDetail>;

export const AreaListQuery = z.object({
  parentId: Id.optional(),
  includeArchived: z.enum(['true', 'false']).default('false'),
});
export const AreaList = z.object({ items: z.array(AreaNode) });

export const AreaSearchQuery = z.object({
  q: z.string().trim().min(1).max(50),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const CreateAreaBody = z.object({
  parentId: z.number().int().positive(),
  kind: AreaKind,
  name: z.string().trim().min(1).max(100),
  code: Code.nullish(),
  geometry: PolygonGeometry.nullish(),
  properties: AreaProperties.default({}),
});
export type CreateAreaBody = z.infer<typeof CreateAreaBody>;

export const UpdateAreaBody = z.object({
  version: z.number().int().positive(),
  name: z.string().trim().min(1).max(100).optional(),
  code: Code.nullish(),
  geometry: PolygonGeometry.nullish(),
  properties: AreaProperties.optional(),
});
export type UpdateAreaBody = z.infer<typeof UpdateAreaBody>;

export const MoveAreaBody = z.object({
  version: z.number().int().positive(),
  parentId: z.number().int().positive(),
  /** A grid moved to another community needs a code under that community. */
  code: Code.optional(),
});
export const VersionBody = z.object({ version: z.number().int().positive() });

/** 一格一员: exactly one lead grid worker, plus members. */
export const AssignWorkersBody = z.object({
  leadUserId: z.string().min(1).max(64).nullable(),
  memberUserIds: z.array(z.string().min(1).max(64)).max(50).default([]),
});

export const LocateQuery = z.object({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  crs: z.enum(['wgs84', 'gcj02']).default('wgs84'),
});
export const LocateResult = z.object({
  grid: z
    .object({ id: z.number(), name: z.string(), code: z.string().nullable(), communityId: z.number() })
    .nullable(),
});

export const GridFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.number(),
      geometry: PolygonGeometry,
      properties: z.object({
        id: z.number(),
        name: z.string(),
        code: z.string().nullable(),
        communityId: z.number(),
        communityName: z.string(),
        leadWorkerName: z.string().nullable(),
      }),
    }),
  ),
});
export const GeoJsonQuery = z.object({ crs: z.enum(['wgs84', 'gcj02']).default('wgs84') });

export const ExportQuery = z.object({
  rootId: Id.optional(),
  includeArchived: z.enum(['true', 'false']).default('false'),
});

/** Party organisations beside the area tree: 党工委 → 社区党委 → 网格党支部 → 楼栋党小组, 非公党支部. */
export const PartyOrgKind = z.enum([
  'working_committee',
  'community_committee',
  'grid_branch',
  'building_group',
  'non_public_branch',
]);
export const PARTY_CHILD_KINDS: Record<z.infer<typeof PartyOrgKind>, z.infer<typeof PartyOrgKind>[]> = {
  working_committee: ['community_committee', 'non_public_branch'],
  community_committee: ['grid_branch', 'non_public_branch'],
  grid_branch: ['building_group'],
  building_group: [],
  non_public_branch: [],
};
export const PartyOrg = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  kind: PartyOrgKind,
  name: z.string(),
  areaId: z.number().nullable(),
  areaName: z.string().nullable(),
  memberCount: z.number(),
  version: z.number(),
  canEdit: z.boolean(),
});
export const PartyOrgList = z.object({ items: z.array(PartyOrg) });
export const CreatePartyOrgBody = z.object({
  parentId: z.number().int().positive(),
  kind: PartyOrgKind,
  name: z.string().trim().min(1).max(100),
  areaId: z.number().int().positive().nullish(),
  memberCount: z.number().int().min(0).max(100000).default(0),
});
export const UpdatePartyOrgBody = z.object({
  version: z.number().int().positive(),
  name: z.string().trim().min(1).max(100).optional(),
  areaId: z.number().int().positive().nullish(),
  memberCount: z.number().int().min(0).max(100000).optional(),
});
