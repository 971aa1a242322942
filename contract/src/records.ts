import { z } from 'zod';
import { ImportMode } from './imports';

/** 户籍 registered here, 常住 living here, 租住 renting, 流动 floating population. */
export const Residence = z.enum(['household', 'permanent', 'tenant', 'floating']);
export type Residence = z.infer<typeof Residence>;
export const Gender = z.enum(['male', 'female']);
/** 自住 / 出租 / 空置 / 商用 */
export const HouseUse = z.enum(['owner_occupied', 'rented', 'vacant', 'commercial']);
export type HouseUse = z.infer<typeof HouseUse>;

const Version = z.number().int().positive();
const Page = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};
const IdRef = z.object({ id: z.number(), name: z.string() });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date');

// ——— group tags ———
export const RecordTag = z.object({
  id: z.number(),
  name: z.string(),
  builtin: z.boolean(),
  archived: z.boolean(),
  version: z.number(),
  /** live people carrying the tag in the caller's areas */
  people: z.number(),
});
export const RecordTagList = z.object({ items: z.array(RecordTag) });
export const RecordTagBody = z.object({ name: z.string().trim().min(1).max(20) });
export const RecordTagPatch = z.object({
  version: Version,
  name: z.string().trim().min(1).max(20).optional(),
  archived: z.boolean().optional(),
});

// ——— standard addresses 标准地址 ———
export const Address = z.object({
  id: z.number(),
  buildingId: z.number(),
  unit: z.string(),
  room: z.string(),
  /** 聚金万佳苑 1栋 2单元 301室 */
  label: z.string(),
  gridName: z.string().nullable(),
  communityName: z.string().nullable(),
  version: z.number(),
});
export type Address = z.infer<typeof Address>;
export const AddressListQuery = z.object({
  buildingId: z.coerce.number().int().positive().optional(),
  areaId: z.coerce.number().int().positive().optional(),
  ...Page,
});
export const AddressList = z.object({ items: z.array(Address), total: z.number() });
const UnitOrRoom = z
  .string()
  .trim()
  .max(20)
  .regex(/^[\p{L}\p{N}-]*$/u, 'unit or room');
export const AddressBody = z.object({
  buildingId: z.number().int().positive(),
  unit: UnitOrRoom.default(''),
  room: UnitOrRoom.default(''),
});
export const AddressPatch = z.object({
  version: Version,
  unit: UnitOrRoom.optional(),
  room: UnitOrRoom.optional(),
});

// ——— people ———
export const PersonSummary = z.object({
  id: z.number(),
  name: z.string(),
  gender: Gender.nullable(),
  birthDate: z.string().nullable(),
  /** masked: 110************123 */
  idNumber: z.string().nullable(),
  /** masked: 138****5678 */
  phone: z.string().nullable(),
  residence: Residence,
  area: IdRef,
  address: z.object({ id: z.number(), label: z.string() }).nullable(),
  tags: z.array(IdRef),
  /** linked to a resident's account */
  linkedAccount: z.boolean(),
  archived: z.boolean(),
  version: z.number(),
});
export type PersonSummary = z.infer<typeof PersonSummary>;
export const PersonDetail = PersonSummary.extend({
  note: z.string(),
  houses: z.array(z.object({ id: z.number(), label: z.string(), role: z.enum(['owner', 'occupant']) })),
  createdAt: z.string(),
  updatedAt: z.string(),
  canEdit: z.boolean(),
  /** may ask for the clear ID number and phone (with a purpose) */
  canUnmask: z.boolean(),
});
export type PersonDetail = z.infer<typeof PersonDetail>;
export const PersonListQuery = z.object({
  /** name (fuzzy) or address words */
  q: z.string().trim().max(50).optional(),
  /** exact ID number or phone, matched through the lookup hash */
  idNumber: z.string().trim().max(18).optional(),
  phone: z.string().trim().max(20).optional(),
  tagId: z.coerce.number().int().positive().optional(),
  areaId: z.coerce.number().int().positive().optional(),
  residence: Residence.optional(),
  archived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  ...Page,
});
export type PersonListQuery = z.infer<typeof PersonListQuery>;
export const PersonList = z.object({
  items: z.array(PersonSummary),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export const PersonBody = z.object({
  name: z.string().trim().min(1).max(50),
  gender: Gender.nullish(),
  birthDate: Day.nullish(),
  idNumber: z.string().trim().max(18).nullish(),
  phone: z.string().trim().max(20).nullish(),
  residence: Residence,
  /** a standard address, or (when the room is unknown) just an area */
  addressId: z.number().int().positive().nullish(),
  areaId: z.number().int().positive().nullish(),
  tagIds: z.array(z.number().int().positive()).max(20).default([]),
  /** link the resident's account with this phone (their own sign-in) */
  accountPhone: z
    .string()
    .regex(/^1[3-9]\d{9}$/)
    .nullish(),
  note: z.string().trim().max(500).default(''),
});
export type PersonBody = z.infer<typeof PersonBody>;
/** 走访记录: what the grid worker saw while visiting, kept in the change's audit entry (the record's history). */
export const VisitNote = z.string().trim().max(500);
export const PersonPatch = PersonBody.partial().extend({ version: Version, visitNote: VisitNote.optional() });
export type PersonPatch = z.infer<typeof PersonPatch>;

/** 查看完整信息: why (required, shown to the resident), then a grant valid for minutes. */
export const UnmaskBody = z.object({ purpose: z.string().trim().min(4).max(200) });
export const Unmasked = z.object({
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  purpose: z.string(),
  expiresAt: z.string(),
});

// ——— houses ———
export const House = z.object({
  id: z.number(),
  address: z.object({ id: z.number(), label: z.string(), buildingId: z.number() }),
  use: HouseUse,
  areaM2: z.number().nullable(),
  owner: IdRef.nullable(),
  occupants: z.array(IdRef),
  version: z.number(),
});
export type House = z.infer<typeof House>;
export const HouseListQuery = z.object({
  /** address words: compound, building, unit, room (e.g. 聚金 1栋 301) */
  q: z.string().trim().max(50).optional(),
  buildingId: z.coerce.number().int().positive().optional(),
  areaId: z.coerce.number().int().positive().optional(),
  use: HouseUse.optional(),
  ...Page,
});
export const HouseList = z.object({ items: z.array(House), total: z.number() });
export const HouseBody = z.object({
  addressId: z.number().int().positive(),
  use: HouseUse,
  areaM2: z.number().positive().max(100_000).nullish(),
  ownerId: z.number().int().positive().nullish(),
  occupantIds: z.array(z.number().int().positive()).max(50).default([]),
});
export const HousePatch = HouseBody.partial().extend({ version: Version, visitNote: VisitNote.optional() });

// ——— group figures (the data portrait's denominators) ———
export const FiguresQuery = z.object({ areaId: z.coerce.number().int().positive().optional() });
export const FigureRow = z.object({
  areaId: z.number(),
  name: z.string(),
  kind: z.string(),
  people: z.number(),
  /** tag id → live people carrying it */
  byTag: z.record(z.string(), z.number()),
});
export const Figures = z.object({
  tags: z.array(z.object({ id: z.number(), name: z.string() })),
  rows: z.array(FigureRow),
  total: FigureRow,
});

// ——— a resident's own view ———
export const DataAccessList = z.object({
  items: z.array(
    z.object({
      at: z.string(),
      action: z.enum(['unmask', 'export']),
      viewerName: z.string().nullable(),
      /** the viewer's role in the resident's street (community_secretary, street_admin…), if they still hold one */
      viewerRole: z.string().nullable(),
      purpose: z.string(),
    }),
  ),
});
/** A resident's own records, in clear (their own data, PIPL right of access). */
export const MyRecords = z.object({
  people: z.array(
    z.object({
      name: z.string(),
      gender: Gender.nullable(),
      birthDate: z.string().nullable(),
      idNumber: z.string().nullable(),
      phone: z.string().nullable(),
      residence: Residence,
      address: z.string().nullable(),
      tags: z.array(z.string()),
      updatedAt: z.string(),
    }),
  ),
});

// ——— roster import / export ———
export const PersonImportFields = z.object({
  mode: ImportMode,
  /** the community (or grid) the roster's buildings are looked up under */
  rootId: z.coerce.number().int().positive(),
});
export const PersonExportQuery = PersonListQuery.omit({ page: true, pageSize: true });
/** An export with clear ID numbers and phones: allowed to unmask roles only, with a purpose (audited). */
export const PersonExportBody = z.object({
  purpose: z.string().trim().min(4).max(200),
  filters: PersonListQuery.omit({ page: true, pageSize: true, archived: true }).default({}),
});
