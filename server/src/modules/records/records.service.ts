import type { HouseBody, HousePatch, PersonBody, PersonPatch } from '@doorstep/contract';
import type { z } from 'zod';
import { type Capability, can } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { diff, recordAudit } from '../../platform/audit/audit';
import type { Queryable } from '../../platform/db/tx';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import {
  checkIdNumber,
  decrypt,
  encrypt,
  lookupHash,
  normalisePhone,
  type PiiKeys,
} from '../../platform/pii';
import { maskIdNumber, maskPhone } from '../../platform/privacy';
import { findPerson, type PersonRow } from './records.queries';
import { backfillPinyin } from './records.search';

export const UNMASK_MINUTES = 10;

export const versionConflict = () =>
  conflict(
    'VERSION_CONFLICT',
    '记录已被他人修改，请刷新后重试',
    'The record was changed by someone else; reload and retry',
  );

/** An area the actor must hold `cap` over; 404 when it does not exist or is out of reach. */
export async function areaFor(db: Queryable, actor: Actor, id: number, cap: Capability) {
  const { rows } = await db.query(
    'select tenant_id, id, kind, name, path::text as path from areas where id = $1 and archived_at is null',
    [id],
  );
  const a = rows[0] as
    | { tenant_id: number; id: number; kind: string; name: string; path: string }
    | undefined;
  if (!a || !can(actor, 'records.view', { tenantId: a.tenant_id, path: a.path }))
    throw notFound('Area', '区域');
  if (!can(actor, cap, { tenantId: a.tenant_id, path: a.path })) throw forbidden();
  return a;
}

/** A standard address and the path of its building. */
export async function findAddress(db: Queryable, id: number) {
  const { rows } = await db.query(
    `select ad.tenant_id, ad.id, ad.building_id, ad.unit, ad.room, ad.version, ad.archived_at, b.path::text as path,
            b.name as building_name, k.name as compound_name
       from addresses ad join areas b on b.tenant_id = ad.tenant_id and b.id = ad.building_id
       left join areas k on k.tenant_id = b.tenant_id and k.id = b.parent_id
      where ad.id = $1`,
    [id],
  );
  return (
    (rows[0] as
      | {
          tenant_id: number;
          id: number;
          building_id: number;
          unit: string;
          room: string;
          version: number;
          archived_at: Date | null;
          path: string;
          building_name: string;
          compound_name: string | null;
        }
      | undefined) ?? null
  );
}

/** '2单元' → '2', '301室' → '301': the label adds the words back. */
export const cleanUnit = (v: string) => v.trim().replace(/单元$/, '');
export const cleanRoom = (v: string) => v.trim().replace(/[室号]$/, '');

/** Finds or creates the address building + unit + room (idempotent, for imports and the person form). */
export async function ensureAddress(
  db: Queryable,
  tenantId: number,
  buildingId: number,
  unit: string,
  room: string,
) {
  const { rows } = await db.query(
    `with ins as (insert into addresses (tenant_id, building_id, unit, room) values ($1, $2, $3, $4)
                  on conflict (tenant_id, building_id, unit, room) do nothing returning id)
     select id from ins union all
     select id from addresses where tenant_id = $1 and building_id = $2 and unit = $3 and room = $4 limit 1`,
    [tenantId, buildingId, cleanUnit(unit), cleanRoom(room)],
  );
  return Number(rows[0].id);
}

export interface CleanPii {
  idNumber: string | null;
  phone: string | null;
  birthDate: string | null;
  gender: 'male' | 'female' | null;
}

export const idInvalid = (problem: string) =>
  invalid(
    'ID_NUMBER_INVALID',
    problem === 'checksum'
      ? '身份证号校验位不正确'
      : problem === 'birth_date'
        ? '身份证号中的出生日期无效'
        : '身份证号应为18位',
    problem === 'checksum'
      ? 'The ID number check character is wrong'
      : problem === 'birth_date'
        ? 'The birth date inside the ID number is invalid'
        : 'An ID number has 18 characters',
  );
export const phoneInvalid = () => invalid('PHONE_INVALID', '手机号格式不正确', 'Invalid phone number');

/** Validates the ID number (GB 11643) and phone; birth date and gender come from the ID number when missing. */
export function cleanPii(b: {
  idNumber?: string | null;
  phone?: string | null;
  birthDate?: string | null;
  gender?: 'male' | 'female' | null;
}): CleanPii {
  let idNumber: string | null = null;
  let birthDate = b.birthDate ?? null;
  let gender = b.gender ?? null;
  if (b.idNumber) {
    const c = checkIdNumber(b.idNumber);
    if (!c.ok) throw idInvalid(c.problem);
    idNumber = c.id;
    if (birthDate && birthDate !== c.birthDate)
      throw invalid(
        'BIRTH_DATE_MISMATCH',
        '出生日期与身份证号不一致',
        'The birth date differs from the ID number',
      );
    birthDate = c.birthDate;
    gender ??= Number(c.id[16]) % 2 === 1 ? 'male' : 'female';
  }
  let phone: string | null = null;
  if (b.phone) {
    phone = normalisePhone(b.phone);
    if (!phone) throw phoneInvalid();
  }
  return { idNumber, phone, birthDate, gender };
}

/** What audits and history may hold: personal data masked. */
const auditView = (p: {
  name: string;
  gender: string | null;
  birthDate: string | null;
  idNumber: string | null;
  phone: string | null;
  residence: string;
  areaId: number;
  addressId: number | null;
  tagIds: number[];
  linked: boolean;
  note: string;
}) => ({
  ...p,
  idNumber: maskIdNumber(p.idNumber),
  phone: maskPhone(p.phone),
  birthDate: p.birthDate ? `${p.birthDate.slice(0, 4)}-**-**` : null,
});

async function checkTags(db: Queryable, tenantId: number, tagIds: number[]) {
  if (!tagIds.length) return;
  const { rows } = await db.query(
    'select count(*)::int as n from record_tags where tenant_id = $1 and id = any($2::bigint[]) and archived_at is null',
    [tenantId, [...new Set(tagIds)]],
  );
  if (rows[0].n !== new Set(tagIds).size) throw invalid('TAG_UNKNOWN', '标签不存在', 'Unknown tag');
}

async function accountId(db: Queryable, phone: string | null | undefined) {
  if (!phone) return null;
  const { rows } = await db.query('select id from "user" where "phoneNumber" = $1', [phone]);
  if (!rows[0]) throw invalid('ACCOUNT_NOT_FOUND', '该手机号没有注册账号', 'No account uses that phone');
  return rows[0].id as string;
}

/** Where a person lives: an address (its building) or an area; the actor must be allowed to edit there. */
export async function placeOf(
  db: Queryable,
  actor: Actor,
  b: { addressId?: number | null; areaId?: number | null },
) {
  if (b.addressId) {
    const ad = await findAddress(db, b.addressId);
    if (!ad || ad.archived_at || !can(actor, 'records.view', { tenantId: ad.tenant_id, path: ad.path }))
      throw notFound('Address', '地址');
    if (!can(actor, 'records.edit', { tenantId: ad.tenant_id, path: ad.path })) throw forbidden();
    return { tenantId: ad.tenant_id, areaId: ad.building_id, addressId: ad.id };
  }
  if (!b.areaId) throw invalid('PLACE_REQUIRED', '请选择地址或所属区域', 'Choose an address or an area');
  const a = await areaFor(db, actor, b.areaId, 'records.edit');
  if (a.kind === 'street')
    throw invalid('PLACE_TOO_WIDE', '请选择社区及以下的区域', 'Choose a community or smaller');
  return { tenantId: a.tenant_id, areaId: a.id, addressId: null };
}

const taken = () =>
  conflict('ID_NUMBER_TAKEN', '该身份证号已登记', 'That ID number is already on the roster');

async function setTags(db: Queryable, tenantId: number, personId: number, tagIds: number[]) {
  await db.query('delete from person_tags where tenant_id = $1 and person_id = $2', [tenantId, personId]);
  await db.query(
    `insert into person_tags (tenant_id, person_id, tag_id) select $1, $2, unnest($3::bigint[]) on conflict do nothing`,
    [tenantId, personId, [...new Set(tagIds)]],
  );
}

/** Adds a person; ID number and phone are stored encrypted with their lookup hashes. */
export async function createPerson(db: Queryable, keys: PiiKeys, actor: Actor, body: PersonBody) {
  const place = await placeOf(db, actor, body);
  const pii = cleanPii(body);
  await checkTags(db, place.tenantId, body.tagIds);
  const userId = await accountId(db, body.accountPhone);
  const idHash = pii.idNumber ? lookupHash(keys, 'id', pii.idNumber) : null;
  if (idHash) {
    const dup = await db.query(
      'select 1 from people where tenant_id = $1 and id_number_hash = $2 and archived_at is null',
      [place.tenantId, idHash],
    );
    if (dup.rowCount) throw taken();
  }
  const { rows } = await db.query(
    `insert into people (tenant_id, name, gender, birth_date, id_number_enc, id_number_hash, phone_enc, phone_hash,
                         residence, area_id, address_id, user_id, note, created_by, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) returning id`,
    [
      place.tenantId,
      body.name,
      pii.gender,
      pii.birthDate,
      encrypt(keys, pii.idNumber),
      idHash,
      encrypt(keys, pii.phone),
      pii.phone ? lookupHash(keys, 'phone', pii.phone) : null,
      body.residence,
      place.areaId,
      place.addressId,
      userId,
      body.note,
      actor.userId,
    ],
  );
  const id = Number(rows[0].id);
  await setTags(db, place.tenantId, id, body.tagIds);
  await backfillPinyin(db, place.tenantId);
  await recordAudit(db, {
    tenantId: place.tenantId,
    actorUserId: actor.userId,
    action: 'person.create',
    entityType: 'person',
    entityId: id,
    summary: auditView({
      name: body.name,
      gender: pii.gender,
      birthDate: pii.birthDate,
      idNumber: pii.idNumber,
      phone: pii.phone,
      residence: body.residence,
      areaId: place.areaId,
      addressId: place.addressId,
      tagIds: body.tagIds,
      linked: userId !== null,
      note: body.note,
    }),
  });
  return id;
}

/** The person if the actor holds `cap` over where they live; 404 when out of reach. */
export async function personFor(db: Queryable, actor: Actor, id: number, cap: Capability, lock = false) {
  const p = await findPerson(db, id, lock);
  if (!p || !can(actor, 'records.view', { tenantId: p.tenant_id, path: p.area_path }))
    throw notFound('Person', '人员');
  if (!can(actor, cap, { tenantId: p.tenant_id, path: p.area_path })) throw forbidden();
  return p;
}

const viewOf = (keys: PiiKeys, p: PersonRow) => ({
  name: p.name,
  gender: p.gender,
  birthDate: p.birth_date,
  idNumber: decrypt(keys, p.id_number_enc),
  phone: decrypt(keys, p.phone_enc),
  residence: p.residence as string,
  areaId: p.area_id,
  addressId: p.address_id,
  tagIds: p.tags.map((t) => t.id),
  linked: p.user_id !== null,
  note: p.note,
});

/** Edits a person at the version the client saw (409 otherwise); the audit keeps a masked before/after diff. */
export async function updatePerson(
  db: Queryable,
  keys: PiiKeys,
  actor: Actor,
  id: number,
  patch: PersonPatch,
) {
  const p = await personFor(db, actor, id, 'records.edit', true);
  if (p.archived_at) throw conflict('PERSON_ARCHIVED', '该人员已归档', 'The person is archived');
  if (p.version !== patch.version) throw versionConflict();
  const before = viewOf(keys, p);
  const place =
    patch.addressId !== undefined || patch.areaId !== undefined
      ? await placeOf(db, actor, {
          addressId: patch.addressId === undefined ? null : patch.addressId,
          areaId: patch.areaId ?? (patch.addressId === null ? p.area_id : null),
        })
      : { tenantId: p.tenant_id, areaId: p.area_id, addressId: p.address_id };
  if (place.tenantId !== p.tenant_id)
    throw invalid('PLACE_OTHER_STREET', '不能把人员移到其他街道', 'A person cannot move to another street');
  const idNumber = patch.idNumber === undefined ? before.idNumber : patch.idNumber;
  const pii = cleanPii({
    idNumber,
    phone: patch.phone === undefined ? before.phone : patch.phone,
    birthDate:
      patch.birthDate === undefined
        ? idNumber === before.idNumber
          ? before.birthDate
          : null
        : patch.birthDate,
    gender: patch.gender === undefined ? before.gender : patch.gender,
  });
  const idHash = pii.idNumber ? lookupHash(keys, 'id', pii.idNumber) : null;
  if (idHash && pii.idNumber !== before.idNumber) {
    const dup = await db.query(
      'select 1 from people where tenant_id = $1 and id_number_hash = $2 and archived_at is null and id <> $3',
      [p.tenant_id, idHash, id],
    );
    if (dup.rowCount) throw taken();
  }
  const tagIds = patch.tagIds ?? before.tagIds;
  await checkTags(db, p.tenant_id, tagIds);
  const userId = patch.accountPhone === undefined ? p.user_id : await accountId(db, patch.accountPhone);
  const after = {
    name: patch.name ?? p.name,
    gender: pii.gender,
    birthDate: pii.birthDate,
    idNumber: pii.idNumber,
    phone: pii.phone,
    residence: patch.residence ?? p.residence,
    areaId: place.areaId,
    addressId: place.addressId,
    tagIds,
    linked: userId !== null,
    note: patch.note ?? p.note,
  };
  await db.query(
    `update people set name = $3, gender = $4, birth_date = $5, id_number_enc = $6, id_number_hash = $7,
            phone_enc = $8, phone_hash = $9, residence = $10, area_id = $11, address_id = $12, user_id = $13,
            note = $14, updated_by = $15, version = version + 1, updated_at = now()
      where tenant_id = $1 and id = $2`,
    [
      p.tenant_id,
      id,
      after.name,
      after.gender,
      after.birthDate,
      // unchanged values keep their ciphertext (re-encrypting would only churn)
      after.idNumber === before.idNumber ? p.id_number_enc : encrypt(keys, after.idNumber),
      idHash,
      after.phone === before.phone ? p.phone_enc : encrypt(keys, after.phone),
      after.phone ? lookupHash(keys, 'phone', after.phone) : null,
      after.residence,
      after.areaId,
      after.addressId,
      userId,
      after.note,
      actor.userId,
    ],
  );
  await setTags(db, p.tenant_id, id, tagIds);
  await backfillPinyin(db, p.tenant_id);
  await recordAudit(db, {
    tenantId: p.tenant_id,
    actorUserId: actor.userId,
    action: 'person.update',
    entityType: 'person',
    entityId: id,
    summary: {
      ...diff(auditView(before), auditView(after)),
      ...(patch.visitNote ? { visitNote: patch.visitNote } : {}),
    },
  });
}

/** Archives (or restores) a person at a version. */
export async function archivePerson(
  db: Queryable,
  actor: Actor,
  id: number,
  version: number,
  archived: boolean,
) {
  const p = await personFor(db, actor, id, 'records.edit', true);
  if (p.version !== version) throw versionConflict();
  if ((p.archived_at !== null) === archived)
    throw conflict(
      'ALREADY_DONE',
      archived ? '该人员已归档' : '该人员未归档',
      archived ? 'Already archived' : 'Not archived',
    );
  if (!archived) {
    const dup = await db.query(
      `select 1 from people q where q.tenant_id = $1 and q.id <> $2 and q.archived_at is null
          and q.id_number_hash = (select id_number_hash from people where tenant_id = $1 and id = $2)`,
      [p.tenant_id, id],
    );
    if (dup.rowCount) throw taken();
  }
  await db.query(
    `update people set archived_at = ${archived ? 'now()' : 'null'}, version = version + 1, updated_at = now(),
            updated_by = $3 where tenant_id = $1 and id = $2`,
    [p.tenant_id, id, actor.userId],
  );
  await recordAudit(db, {
    tenantId: p.tenant_id,
    actorUserId: actor.userId,
    action: archived ? 'person.archive' : 'person.restore',
    entityType: 'person',
    entityId: id,
  });
}

/**
 * Unmasking needs records.unmask in a scope over the person (community secretary, street admin; not platform
 * administrators, who run the system but do not serve residents), a purpose, and leaves a grant and an audit.
 */
export function canUnmask(actor: Actor, p: { tenant_id: number; area_path: string }) {
  return actor.scopes.some(
    (s) =>
      s.tenantId === p.tenant_id &&
      (p.area_path === s.path || p.area_path.startsWith(`${s.path}.`)) &&
      can({ ...actor, isPlatformAdmin: false, scopes: [s] }, 'records.unmask'),
  );
}

export async function unmaskPerson(db: Queryable, keys: PiiKeys, actor: Actor, id: number, purpose: string) {
  const p = await personFor(db, actor, id, 'records.view');
  if (!canUnmask(actor, p))
    throw forbidden(
      '只有社区书记和街道管理员可以查看完整信息',
      'Only community secretaries and street admins may unmask',
    );
  const { rows } = await db.query(
    `insert into pii_grants (tenant_id, person_id, viewer_user_id, purpose, expires_at)
     values ($1, $2, $3, $4, now() + make_interval(mins => $5)) returning expires_at`,
    [p.tenant_id, id, actor.userId, purpose, UNMASK_MINUTES],
  );
  await recordAudit(db, {
    tenantId: p.tenant_id,
    actorUserId: actor.userId,
    action: 'person.unmask',
    entityType: 'person',
    entityId: id,
    summary: {
      purpose,
      fields: ['idNumber', 'phone'],
      expiresAt: (rows[0].expires_at as Date).toISOString(),
    },
  });
  return {
    idNumber: decrypt(keys, p.id_number_enc),
    phone: decrypt(keys, p.phone_enc),
    purpose,
    expiresAt: (rows[0].expires_at as Date).toISOString(),
  };
}

/** Reads the clear values again while the actor's grant for this person lasts (each read audited). */
export async function readUnmasked(db: Queryable, keys: PiiKeys, actor: Actor, id: number) {
  const p = await personFor(db, actor, id, 'records.view');
  const { rows } = await db.query(
    `select purpose, expires_at from pii_grants where tenant_id = $1 and person_id = $2 and viewer_user_id = $3
        and expires_at > now() order by expires_at desc limit 1`,
    [p.tenant_id, id, actor.userId],
  );
  if (!rows[0] || !canUnmask(actor, p))
    throw new AppError(
      403,
      'UNMASK_GRANT_REQUIRED',
      '请先说明用途以查看完整信息（授权有效期10分钟）',
      'State a purpose first to see the full data (valid for 10 minutes)',
    );
  await recordAudit(db, {
    tenantId: p.tenant_id,
    actorUserId: actor.userId,
    action: 'person.unmask.read',
    entityType: 'person',
    entityId: id,
    summary: { purpose: rows[0].purpose },
  });
  return {
    idNumber: decrypt(keys, p.id_number_enc),
    phone: decrypt(keys, p.phone_enc),
    purpose: rows[0].purpose as string,
    expiresAt: (rows[0].expires_at as Date).toISOString(),
  };
}

// ——— houses ———

type HouseInput = z.infer<typeof HouseBody>;

async function checkPeople(db: Queryable, tenantId: number, ids: number[]) {
  if (!ids.length) return;
  const { rows } = await db.query(
    'select count(*)::int as n from people where tenant_id = $1 and id = any($2::bigint[])',
    [tenantId, [...new Set(ids)]],
  );
  if (rows[0].n !== new Set(ids).size) throw invalid('PERSON_UNKNOWN', '人员不存在', 'Unknown person');
}

export async function createHouse(db: Queryable, actor: Actor, body: HouseInput) {
  const ad = await findAddress(db, body.addressId);
  if (!ad || ad.archived_at || !can(actor, 'records.view', { tenantId: ad.tenant_id, path: ad.path }))
    throw notFound('Address', '地址');
  if (!can(actor, 'records.edit', { tenantId: ad.tenant_id, path: ad.path })) throw forbidden();
  await checkPeople(db, ad.tenant_id, [...body.occupantIds, ...(body.ownerId ? [body.ownerId] : [])]);
  const { rows } = await db.query(
    `insert into houses (tenant_id, address_id, use, area_m2, owner_id) values ($1, $2, $3, $4, $5)
     on conflict (tenant_id, address_id) do nothing returning id`,
    [ad.tenant_id, ad.id, body.use, body.areaM2 ?? null, body.ownerId ?? null],
  );
  if (!rows[0]) throw conflict('HOUSE_EXISTS', '该地址已登记房屋', 'That address already has a house');
  const id = Number(rows[0].id);
  await setOccupants(db, ad.tenant_id, id, body.occupantIds);
  await recordAudit(db, {
    tenantId: ad.tenant_id,
    actorUserId: actor.userId,
    action: 'house.create',
    entityType: 'house',
    entityId: id,
    summary: {
      addressId: ad.id,
      use: body.use,
      ownerId: body.ownerId ?? null,
      occupantIds: body.occupantIds,
    },
  });
  return id;
}

async function setOccupants(db: Queryable, tenantId: number, houseId: number, ids: number[]) {
  await db.query('delete from house_occupants where tenant_id = $1 and house_id = $2', [tenantId, houseId]);
  await db.query(
    'insert into house_occupants (tenant_id, house_id, person_id) select $1, $2, unnest($3::bigint[]) on conflict do nothing',
    [tenantId, houseId, [...new Set(ids)]],
  );
}

export async function houseFor(db: Queryable, actor: Actor, id: number, cap: Capability, lock = false) {
  const { rows } = await db.query(
    `select h.*, b.path::text as path,
            coalesce((select array_agg(o.person_id order by o.person_id) from house_occupants o
                       where o.tenant_id = h.tenant_id and o.house_id = h.id), '{}') as occupant_ids
       from houses h join addresses ad on ad.tenant_id = h.tenant_id and ad.id = h.address_id
       join areas b on b.tenant_id = ad.tenant_id and b.id = ad.building_id
      where h.id = $1${lock ? ' for update of h' : ''}`,
    [id],
  );
  const h = rows[0];
  if (!h || !can(actor, 'records.view', { tenantId: h.tenant_id, path: h.path }))
    throw notFound('House', '房屋');
  if (!can(actor, cap, { tenantId: h.tenant_id, path: h.path })) throw forbidden();
  return h as {
    tenant_id: number;
    id: number;
    address_id: number;
    use: string;
    area_m2: number | null;
    owner_id: number | null;
    version: number;
    occupant_ids: number[];
  };
}

export async function updateHouse(
  db: Queryable,
  actor: Actor,
  id: number,
  patch: z.infer<typeof HousePatch>,
) {
  const h = await houseFor(db, actor, id, 'records.edit', true);
  if (h.version !== patch.version) throw versionConflict();
  if (patch.addressId && patch.addressId !== h.address_id)
    throw invalid(
      'HOUSE_ADDRESS_FIXED',
      '房屋地址不能修改，请新建房屋',
      'A house keeps its address; add a new one',
    );
  const occupantIds = patch.occupantIds ?? h.occupant_ids.map(Number);
  const ownerId = patch.ownerId === undefined ? h.owner_id : patch.ownerId;
  await checkPeople(db, h.tenant_id, [...occupantIds, ...(ownerId ? [ownerId] : [])]);
  const before = {
    use: h.use,
    areaM2: h.area_m2,
    ownerId: h.owner_id,
    occupantIds: h.occupant_ids.map(Number),
  };
  const after = {
    use: patch.use ?? h.use,
    areaM2: patch.areaM2 === undefined ? h.area_m2 : patch.areaM2,
    ownerId,
    occupantIds,
  };
  await db.query(
    `update houses set use = $3, area_m2 = $4, owner_id = $5, version = version + 1, updated_at = now()
      where tenant_id = $1 and id = $2`,
    [h.tenant_id, id, after.use, after.areaM2, after.ownerId],
  );
  await setOccupants(db, h.tenant_id, id, occupantIds);
  await recordAudit(db, {
    tenantId: h.tenant_id,
    actorUserId: actor.userId,
    action: 'house.update',
    entityType: 'house',
    entityId: id,
    summary: { ...diff(before, after), ...(patch.visitNote ? { visitNote: patch.visitNote } : {}) },
  });
}
