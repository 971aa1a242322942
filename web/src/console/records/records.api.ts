import type {
  AreaNode,
  House,
  HouseUse,
  ImportJob,
  ImportMode,
  Me,
  RosterPreview,
  Thing,
  ThingState,
  Unit,
  UnitKind,
} from '@doorstep/contract';
import { queryOptions } from '@tanstack/react-query';
import { ApiError, api, upload } from '../../app/api';
import i18n from '../../app/i18n';
import { queryClient } from '../../app/queries';
import { uploadImport } from '../imports/imports.api';

/** Server calls of the 人房台账 screens; every query lives under ['records']. */

export interface TagRow {
  id: number;
  name: string;
  builtin: boolean;
  archived: boolean;
  version: number;
  people: number;
}
export interface FigureRow {
  areaId: number;
  name: string;
  kind: string;
  people: number;
  byTag: Record<string, number>;
}
export interface Figures {
  tags: { id: number; name: string }[];
  rows: FigureRow[];
  total: FigureRow;
}
export interface AddressRow {
  id: number;
  buildingId: number;
  unit: string;
  room: string;
  label: string;
}

export const HOUSE_USES: HouseUse[] = ['owner_occupied', 'rented', 'vacant', 'commercial'];

/** The roster template's columns, so an error row's original values read in the spreadsheet's order. */
export const ROSTER_COLUMNS = [
  '姓名',
  '性别',
  '身份证号',
  '联系电话',
  '出生日期',
  '户籍/居住状态',
  '小区',
  '楼栋',
  '单元',
  '房号',
  '标签',
  '备注',
];
/** The server's field names in per-row errors → the template column (and the aliases communities use). */
export const FIELD_COLUMNS: Record<string, string[]> = {
  name: ['姓名', '名字', '居民姓名', 'name'],
  gender: ['性别', 'gender'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '证件号码', 'id_number', 'idnumber'],
  phone: ['联系电话', '手机号', '手机号码', '电话', 'phone'],
  birthDate: ['出生日期', '出生年月', 'birth_date', 'birthdate'],
  residence: ['户籍/居住状态', '居住状态', '户籍状态', '人员类型', '居住类型', 'residence'],
  compound: ['小区', '小区名称', 'compound'],
  building: ['楼栋', '楼号', '楼栋号', 'building'],
  unit: ['单元', '单元号', 'unit'],
  room: ['房号', '门牌号', '室', '房间号', 'room'],
  tags: ['标签', '人群标签', '人员类别', '特殊人群', 'tags'],
  note: ['备注', 'note'],
};

/** Who may do what on these screens (the server decides; this only hides buttons that would be refused). */
export function recordsRights(me: Me | undefined) {
  const roles = new Set(me?.roles.map((r) => r.role) ?? []);
  const lead = roles.has('street_admin') || roles.has('community_secretary');
  return {
    /** 导入花名册: staff of a community or street */
    import: lead || roles.has('community_staff'),
    /** 含完整证件号 export and unmasking: secretaries and street admins (not the platform admin) */
    unmask: lead,
    /** the group tag list */
    manageTags: lead || !!me?.isPlatformAdmin,
    /** houses: staff and grid workers */
    edit: lead || roles.has('community_staff') || roles.has('grid_worker'),
  };
}

export const tagsQuery = () =>
  queryOptions({
    queryKey: ['records', 'tags'],
    queryFn: () => api<{ items: TagRow[] }>('/api/records/tags').then((r) => r.items),
  });

export const figuresQuery = (areaId: number | undefined) =>
  queryOptions({
    queryKey: ['records', 'figures', areaId ?? null],
    queryFn: () => api<Figures>(`/api/records/figures${areaId ? `?areaId=${areaId}` : ''}`),
  });

export const housesQuery = (buildingId: number, page: number) =>
  queryOptions({
    queryKey: ['records', 'houses', buildingId, page],
    queryFn: () =>
      api<{ items: House[]; total: number }>(
        `/api/records/houses?buildingId=${buildingId}&page=${page}&pageSize=50`,
      ),
  });

export const areaChildren = (parentId?: number) =>
  api<{ items: AreaNode[] }>(parentId ? `/api/areas?parentId=${parentId}` : '/api/areas').then(
    (r) => r.items,
  );

/** After a change: the lists, counts and figures all show it. */
export const refreshRecords = () => queryClient.invalidateQueries({ queryKey: ['records'] });

/** People by name for the owner / occupant pickers (masked data only). */
export const searchPeople = (q: string) =>
  api<{ items: { id: number; name: string; address: { label: string } | null; area: { name: string } }[] }>(
    `/api/records/people?q=${encodeURIComponent(q)}&pageSize=20`,
  ).then((r) => r.items);

/** The address of a room in a building: the existing one, else a new one. */
export async function addressFor(buildingId: number, unit: string, room: string): Promise<AddressRow> {
  try {
    return await api<AddressRow>('/api/records/addresses', {
      method: 'POST',
      json: { buildingId, unit, room },
    });
  } catch (e) {
    if (!(e instanceof ApiError && e.problem?.code === 'ADDRESS_EXISTS')) throw e;
    const clean = (v: string, suffix: RegExp) => v.trim().replace(suffix, '');
    for (let page = 1; page <= 50; page++) {
      const { items, total } = await api<{ items: AddressRow[]; total: number }>(
        `/api/records/addresses?buildingId=${buildingId}&page=${page}&pageSize=100`,
      );
      const hit = items.find((a) => a.unit === clean(unit, /单元$/) && a.room === clean(room, /[室号]$/));
      if (hit) return hit;
      if (page * 100 >= total) break;
    }
    throw e;
  }
}

export function startRosterImport(
  input: { file: File; mode: ImportMode; rootId: number },
  onProgress: (percent: number) => void,
) {
  return uploadImport(
    '/api/records/people/imports',
    input.file,
    { mode: input.mode, rootId: String(input.rootId) },
    onProgress,
  ) as Promise<ImportJob>;
}

/** POSTs the filters and purpose, and saves the workbook the server answers with. */
export async function downloadClearExport(purpose: string, filters: Record<string, string | number>) {
  let res: Response;
  try {
    res = await fetch('/api/records/people/export.xlsx', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        'accept-language': i18n.language?.startsWith('en') ? 'en-US' : 'zh-CN',
      },
      body: JSON.stringify({ purpose, filters }),
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = '人员台账（含完整信息）.xlsx';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ——— units and merchants, things ———

/** One roster kind's import: its endpoint, template, columns (in the template's order) and aliases. */
export interface RosterConfig {
  key: 'people' | 'units' | 'things';
  /** '/api/records/people' → /imports, /import-template.xlsx */
  base: string;
  templateName: string;
  columns: string[];
  fieldColumns: Record<string, string[]>;
  required: string[];
  /** i18n keys under console.records.<i18n>: title, created, wouldCreate, rootHelp, … (else the people's) */
  i18n: string;
  /** field names in error rows → labels, under console.records.<fields> */
  fields: string;
}

export const UNIT_FIELD_COLUMNS: Record<string, string[]> = {
  name: ['单位名称', '名称', '商户名称', '店名', '企业名称', '单位', 'name'],
  kind: ['单位类型', '类型', '类别', 'kind'],
  creditCode: ['统一社会信用代码', '信用代码', '营业执照号', '注册号', 'credit_code'],
  compound: ['小区', '小区名称', 'compound'],
  building: ['楼栋', '楼号', '楼栋号', 'building'],
  unit: ['单元', '单元号', 'unit'],
  room: ['房号', '门牌号', '室', 'room'],
  area: ['所属网格', '网格', '所属区域', 'area'],
  addressNote: ['详细地址', '地址说明', '门牌', 'address'],
  contactName: ['联系人', '负责人', 'contact_name'],
  contactPhone: ['联系电话', '电话', '手机号', 'contact_phone'],
  note: ['备注', 'note'],
};
export const THING_FIELD_COLUMNS: Record<string, string[]> = {
  code: ['部件编码', '编码', '部件标识码', 'code'],
  classCode: ['大类代码', '大类', 'class'],
  subclassCode: ['小类代码', '小类', 'subclass'],
  name: ['部件名称', '名称', 'name'],
  state: ['状态', '部件状态', 'state'],
  area: ['所属网格', '网格', '所属区域', 'area'],
  compound: ['小区', 'compound'],
  building: ['楼栋', 'building'],
  lng: ['经度', 'lng', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
  note: ['备注', 'note'],
};

export const ROSTERS: Record<RosterConfig['key'], RosterConfig> = {
  people: {
    key: 'people',
    base: '/api/records/people',
    templateName: '人员台账导入模板.xlsx',
    columns: ROSTER_COLUMNS,
    fieldColumns: FIELD_COLUMNS,
    required: ['name', 'building'],
    i18n: 'importing',
    fields: 'fields',
  },
  units: {
    key: 'units',
    base: '/api/records/units',
    templateName: '实有单位导入模板.xlsx',
    columns: Object.values(UNIT_FIELD_COLUMNS).map((a) => a[0]!),
    fieldColumns: UNIT_FIELD_COLUMNS,
    required: ['name'],
    i18n: 'units.importing',
    fields: 'units.fields',
  },
  things: {
    key: 'things',
    base: '/api/records/things',
    templateName: '部件导入模板.xlsx',
    columns: Object.values(THING_FIELD_COLUMNS).map((a) => a[0]!),
    fieldColumns: THING_FIELD_COLUMNS,
    required: [],
    i18n: 'things.importing',
    fields: 'things.fields',
  },
};

export function startImport(
  roster: RosterConfig,
  input: { file: File; mode: ImportMode; rootId: number; mapping?: Record<string, string> },
  onProgress: (percent: number) => void,
) {
  const fields: Record<string, string> = { mode: input.mode, rootId: String(input.rootId) };
  if (input.mapping && Object.keys(input.mapping).length) fields.mapping = JSON.stringify(input.mapping);
  return uploadImport(`${roster.base}/imports`, input.file, fields, onProgress) as Promise<ImportJob>;
}

export const UNIT_KINDS: UnitKind[] = [
  'resident_unit',
  'property',
  'social_org',
  'merchant',
  'enterprise',
  'other',
];
export const THING_STATES: ThingState[] = ['intact', 'damaged', 'lost', 'occupied', 'removed'];

export const unitsQuery = (params: string) =>
  queryOptions({
    queryKey: ['records', 'units', params],
    queryFn: () => api<{ items: Unit[]; total: number }>(`/api/records/units?${params}`),
  });
export const thingsQuery = (params: string) =>
  queryOptions({
    queryKey: ['records', 'things', params],
    queryFn: () => api<{ items: Thing[]; total: number }>(`/api/records/things?${params}`),
  });
export const thingClassesQuery = () =>
  queryOptions({
    queryKey: ['records', 'thing-classes'],
    queryFn: () =>
      api<{
        districtCode: string;
        classes: { code: string; name: string; subclasses: { code: string; name: string }[] }[];
      }>('/api/records/thing-classes'),
    staleTime: Number.POSITIVE_INFINITY,
  });
export const merchantAccountsQuery = () =>
  queryOptions({
    queryKey: ['records', 'merchant-accounts'],
    queryFn: () =>
      api<{
        items: {
          id: number;
          name: string;
          unit: string;
          balance: number;
          communityName: string;
          linkedUnitId: number | null;
        }[];
      }>('/api/records/merchant-accounts').then((r) => r.items),
  });

/** The file's headers, a masked sample and the guessed column mapping (nothing is imported). */
export function previewRoster(roster: RosterConfig, file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return upload<RosterPreview>(`${roster.base}/preview`, form, () => {});
}
