import { z } from 'zod';

/** Units and merchants 实有单位 and things 部件: the 企事物 of basic records (decision 0025). */

/** 驻区单位 / 物业 / 社会组织 / 商户 / 企业 / 其他 */
export const UnitKind = z.enum([
  'resident_unit',
  'property',
  'social_org',
  'merchant',
  'enterprise',
  'other',
]);
export type UnitKind = z.infer<typeof UnitKind>;
/** 完好 / 破损 / 丢失 / 占用 / 废弃 */
export const ThingState = z.enum(['intact', 'damaged', 'lost', 'occupied', 'removed']);
export type ThingState = z.infer<typeof ThingState>;

const Version = z.number().int().positive();
const Page = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};
const IdRef = z.object({ id: z.number(), name: z.string() });
const Archived = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

// ——— units and merchants ———
export const Unit = z.object({
  id: z.number(),
  name: z.string(),
  kind: UnitKind,
  /** 统一社会信用代码 or licence number (not personal data: shown in full) */
  creditCode: z.string().nullable(),
  area: IdRef,
  address: z.object({ id: z.number(), label: z.string() }).nullable(),
  addressNote: z.string(),
  contactName: z.string(),
  /** masked: 138****5678 */
  contactPhone: z.string().nullable(),
  /** the ledger's merchant account, when linked */
  ledgerAccount: z
    .object({ id: z.number(), name: z.string(), unit: z.string(), balance: z.number() })
    .nullable(),
  note: z.string(),
  archived: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof Unit>;
export const UnitListQuery = z.object({
  /** name (fuzzy), credit code or address words */
  q: z.string().trim().max(50).optional(),
  kind: UnitKind.optional(),
  areaId: z.coerce.number().int().positive().optional(),
  archived: Archived,
  ...Page,
});
export type UnitListQuery = z.infer<typeof UnitListQuery>;
export const UnitList = z.object({ items: z.array(Unit), total: z.number() });
export const UnitBody = z.object({
  name: z.string().trim().min(1).max(100),
  kind: UnitKind,
  creditCode: z.string().trim().max(30).nullish(),
  addressId: z.number().int().positive().nullish(),
  areaId: z.number().int().positive().nullish(),
  addressNote: z.string().trim().max(100).default(''),
  contactName: z.string().trim().max(50).default(''),
  contactPhone: z.string().trim().max(20).nullish(),
  ledgerAccountId: z.number().int().positive().nullish(),
  note: z.string().trim().max(500).default(''),
});
export type UnitBody = z.infer<typeof UnitBody>;
export const UnitPatch = UnitBody.partial().extend({ version: Version });
export type UnitPatch = z.infer<typeof UnitPatch>;
/** 查看完整联系电话 (the purpose goes in UnmaskBody, as for people). */
export const UnitUnmasked = z.object({
  contactPhone: z.string().nullable(),
  purpose: z.string(),
  expiresAt: z.string(),
});
export type UnitUnmasked = z.infer<typeof UnitUnmasked>;
export const UnitExportQuery = UnitListQuery.omit({ page: true, pageSize: true });
/** The ledger's merchant accounts a unit may be linked to (in the caller's communities). */
export const MerchantAccountList = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      unit: z.string(),
      balance: z.number(),
      communityName: z.string(),
      linkedUnitId: z.number().nullable(),
    }),
  ),
});

// ——— things 部件 ———
/** 6 district digits + 2 class + 2 subclass + 6 sequence (GB/T 30428.2 style). */
export const ThingCode = z.string().regex(/^\d{16}$/, 'thing code');
export const Thing = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  classCode: z.string(),
  subclassCode: z.string(),
  state: ThingState,
  area: IdRef,
  address: z.object({ id: z.number(), label: z.string() }).nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  note: z.string(),
  archived: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
});
export type Thing = z.infer<typeof Thing>;
export const ThingListQuery = z.object({
  /** name or code words */
  q: z.string().trim().max(50).optional(),
  classCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  subclassCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  state: ThingState.optional(),
  areaId: z.coerce.number().int().positive().optional(),
  archived: Archived,
  page: Page.page,
  /** the map asks for up to 500 at once */
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
export type ThingListQuery = z.infer<typeof ThingListQuery>;
export const ThingList = z.object({ items: z.array(Thing), total: z.number() });
const Lng = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);
export const ThingBody = z.object({
  /** a full code, or leave it out and give class + subclass: the next sequence is assigned */
  code: ThingCode.nullish(),
  classCode: z
    .string()
    .regex(/^\d{2}$/)
    .nullish(),
  subclassCode: z
    .string()
    .regex(/^\d{2}$/)
    .nullish(),
  name: z.string().trim().min(1).max(50).nullish(),
  state: ThingState.default('intact'),
  addressId: z.number().int().positive().nullish(),
  areaId: z.number().int().positive().nullish(),
  lng: Lng.nullish(),
  lat: Lat.nullish(),
  note: z.string().trim().max(500).default(''),
});
export type ThingBody = z.infer<typeof ThingBody>;
export const ThingPatch = z.object({
  version: Version,
  name: z.string().trim().min(1).max(50).optional(),
  state: ThingState.optional(),
  addressId: z.number().int().positive().nullish(),
  areaId: z.number().int().positive().nullish(),
  lng: Lng.nullish(),
  lat: Lat.nullish(),
  note: z.string().trim().max(500).optional(),
});
export type ThingPatch = z.infer<typeof ThingPatch>;
export const ThingExportQuery = ThingListQuery.omit({ page: true, pageSize: true });
/** The class / subclass dictionary (names for the codes; a street's own subclasses are accepted too). */
export const ThingClasses = z.object({
  districtCode: z.string(),
  classes: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      subclasses: z.array(z.object({ code: z.string(), name: z.string() })),
    }),
  ),
});

/** 预览: a roster file's headers, a few rows (personal data masked) and the guessed column mapping. */
export const RosterPreview = z.object({
  fileName: z.string(),
  encoding: z.enum(['xlsx', 'utf-8', 'gb18030']),
  headers: z.array(z.string()),
  rows: z.number(),
  sample: z.array(z.record(z.string(), z.string())),
  /** field → the file's header */
  mapping: z.record(z.string(), z.string()),
  /** fields the import needs that no header provides yet */
  missing: z.array(z.string()),
});
export type RosterPreview = z.infer<typeof RosterPreview>;
