import { z } from 'zod';

/** Area-scoped roles. A role is held at one node of the area tree and reaches that node's subtree. */
export const Role = z.enum([
  'resident', // 居民
  'grid_worker', // 网格员
  'community_staff', // 社区工作者
  'community_secretary', // 社区书记
  'street_admin', // 街道管理员
  'responder', // 响应方（物业、驻区单位、社会组织、志愿队、职能部门）
  'party_member', // 党员
  'merchant', // 商户
  'platform_admin', // 平台管理员
]);
export type Role = z.infer<typeof Role>;

export const RoleAssignment = z.object({
  tenantId: z.number(),
  role: Role,
  areaId: z.number(),
  areaName: z.string(),
  areaKind: z.string(),
  orgName: z.string().nullable(),
});

export const PersonRef = z.object({
  userId: z.string(),
  name: z.string(),
  phoneMasked: z.string().nullable(),
});
export type PersonRef = z.infer<typeof PersonRef>;

/** GET /api/me — who I am, where I belong, and my grid worker (一格一员). */
export const Me = z.object({
  user: z.object({ id: z.string(), name: z.string(), phoneMasked: z.string().nullable() }),
  isPlatformAdmin: z.boolean(),
  roles: z.array(RoleAssignment),
  /** True when any role opens the staff console. */
  consoleAccess: z.boolean(),
  home: z.object({
    street: z.object({ id: z.number(), name: z.string() }).nullable(),
    community: z
      .object({ id: z.number(), name: z.string(), properties: z.record(z.string(), z.unknown()) })
      .nullable(),
    grid: z.object({ id: z.number(), name: z.string(), code: z.string().nullable() }).nullable(),
    /** The lead grid worker's work phone is public (公示), unlike residents' phones. */
    gridWorker: z.object({ userId: z.string(), name: z.string(), phone: z.string().nullable() }).nullable(),
  }),
});
export type Me = z.infer<typeof Me>;

export const UserSearchQuery = z.object({
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const UserList = z.object({ items: z.array(PersonRef.extend({ roles: z.array(Role) })) });
