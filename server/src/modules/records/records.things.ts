import type { Thing, ThingBody, ThingListQuery, ThingPatch } from '@doorstep/contract';
import { type Capability, can } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { diff, recordAudit } from '../../platform/audit/audit';
import { binder } from '../../platform/db/bind';
import type { Queryable } from '../../platform/db/tx';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { checkThingCode, subclassName, thingClass } from './records.codes';
import { addressLabel, reach } from './records.queries';
import { likeEscape, textMatch } from './records.search';
import { areaFor, placeOf, versionConflict } from './records.service';

/** Things 部件: a 16-digit code (district + class + subclass + sequence), location, state; versioned and audited. */

export const THING_SELECT = `
  select t.tenant_id, t.id, t.code, t.name, t.state, t.area_id, t.address_id, t.lng, t.lat, t.note, t.version,
         t.archived_at, t.updated_at, a.name as area_name, a.path::text as area_path,
         ad.unit, ad.room, b.name as building_name, k.name as compound_name
    from record_things t
    join areas a on a.tenant_id = t.tenant_id and a.id = t.area_id
    left join addresses ad on ad.tenant_id = t.tenant_id and ad.id = t.address_id
    left join areas b on b.tenant_id = ad.tenant_id and b.id = ad.building_id
    left join areas k on k.tenant_id = b.tenant_id and k.id = b.parent_id`;

export interface ThingRow {
  tenant_id: number;
  id: number;
  code: string;
  name: string;
  state: Thing['state'];
  area_id: number;
  address_id: number | null;
  lng: number | null;
  lat: number | null;
  note: string;
  version: number;
  archived_at: Date | null;
  updated_at: Date;
  area_name: string;
  area_path: string;
  unit: string | null;
  room: string | null;
  building_name: string | null;
  compound_name: string | null;
}

export const presentThing = (r: ThingRow): Thing => ({
  id: Number(r.id),
  code: r.code,
  name: r.name,
  classCode: r.code.slice(6, 8),
  subclassCode: r.code.slice(8, 10),
  state: r.state,
  area: { id: Number(r.area_id), name: r.area_name },
  address:
    r.address_id && r.building_name
      ? {
          id: Number(r.address_id),
          label: addressLabel({
            compound_name: r.compound_name,
            building_name: r.building_name,
            unit: r.unit ?? '',
            room: r.room ?? '',
          }),
        }
      : null,
  lng: r.lng,
  lat: r.lat,
  note: r.note,
  archived: r.archived_at !== null,
  version: r.version,
  updatedAt: r.updated_at.toISOString(),
});

export async function thingFilter(db: Queryable, actor: Actor, q: Omit<ThingListQuery, 'page' | 'pageSize'>) {
  const b = binder();
  const where: string[] = [];
  const scope = reach(actor, 'records.view', 'a', b);
  if (scope) where.push(scope);
  where.push(q.archived ? 't.archived_at is not null' : 't.archived_at is null');
  if (q.areaId) {
    const area = await areaFor(db, actor, q.areaId, 'records.view');
    where.push(b.bind('a.tenant_id = ?', area.tenant_id), b.bind('a.path <@ ?::ltree', area.path));
  }
  if (q.classCode) where.push(b.bind('substr(t.code, 7, 2) = ?', q.classCode));
  if (q.subclassCode) where.push(b.bind('substr(t.code, 9, 2) = ?', q.subclassCode));
  if (q.state) where.push(b.bind('t.state = ?', q.state));
  if (q.q)
    for (const word of q.q.split(/\s+/).filter(Boolean).slice(0, 5))
      where.push(
        `(${textMatch('t.name', word, b)} or ${b.bind("t.code like '%' || ? || '%'", likeEscape(word))})`,
      );
  return {
    from: `from record_things t join areas a on a.tenant_id = t.tenant_id and a.id = t.area_id where ${where.join(' and ')}`,
    values: b.values,
  };
}

export async function thingFor(db: Queryable, actor: Actor, id: number, cap: Capability, lock = false) {
  const { rows } = await db.query(`${THING_SELECT} where t.id = $1${lock ? ' for update of t' : ''}`, [id]);
  const t = rows[0] as ThingRow | undefined;
  if (!t || !can(actor, 'records.view', { tenantId: t.tenant_id, path: t.area_path }))
    throw notFound('Thing', '部件');
  if (!can(actor, cap, { tenantId: t.tenant_id, path: t.area_path })) throw forbidden();
  return t;
}

export const districtOf = async (db: Queryable, tenantId: number) =>
  (await db.query('select district_code from tenants where tenant_id = $1', [tenantId])).rows[0]
    .district_code as string;

export const thingCodeInvalid = (problem: string, district: string) =>
  invalid(
    'THING_CODE_INVALID',
    problem === 'district'
      ? `部件编码前6位应为本区县代码 ${district}`
      : problem === 'class'
        ? '部件编码的大类（第7–8位）或小类（第9–10位）无效'
        : problem === 'sequence'
          ? '部件编码的流水号（后6位）不能为000000'
          : '部件编码应为16位数字（6位区县 + 2位大类 + 2位小类 + 6位流水号）',
    problem === 'district'
      ? `A thing code starts with the district code ${district}`
      : problem === 'class'
        ? 'The class (digits 7–8) or subclass (9–10) is invalid'
        : problem === 'sequence'
          ? 'The sequence (last 6 digits) cannot be 000000'
          : 'A thing code has 16 digits (6 district + 2 class + 2 subclass + 6 sequence)',
  );
const codeTaken = () =>
  conflict('THING_CODE_TAKEN', '该部件编码已登记', 'That thing code is already registered');

/**
 * The next code for district + class + subclass: the counter row is created or bumped in one statement under its
 * row lock, so two concurrent adds never get the same sequence.
 */
export async function nextThingCode(db: Queryable, tenantId: number, prefix: string) {
  const { rows } = await db.query(
    `insert into thing_code_sequences (tenant_id, prefix, last_seq) values ($1, $2, 1)
     on conflict (tenant_id, prefix) do update set last_seq = thing_code_sequences.last_seq + 1
     returning last_seq`,
    [tenantId, prefix],
  );
  return `${prefix}${String(rows[0].last_seq).padStart(6, '0')}`;
}

/** An explicit code moves the counter past it, so generated codes never collide with imported ones. */
export async function bumpThingSequence(db: Queryable, tenantId: number, prefix: string, seq: number) {
  await db.query(
    `insert into thing_code_sequences (tenant_id, prefix, last_seq) values ($1, $2, $3)
     on conflict (tenant_id, prefix) do update set last_seq = greatest(thing_code_sequences.last_seq, excluded.last_seq)`,
    [tenantId, prefix, seq],
  );
}

export async function createThing(db: Queryable, actor: Actor, body: ThingBody) {
  const place = await placeOf(db, actor, body);
  const district = await districtOf(db, place.tenantId);
  let code: string;
  if (body.code) {
    const c = checkThingCode(body.code, district);
    if (!c.ok) throw thingCodeInvalid(c.problem, district);
    if (body.classCode && body.classCode !== c.code.slice(6, 8))
      throw invalid('THING_CLASS_MISMATCH', '大类与编码不一致', 'The class differs from the code');
    code = c.code;
    await bumpThingSequence(db, place.tenantId, c.prefix, c.seq);
  } else {
    if (!body.classCode || !body.subclassCode)
      throw invalid('THING_CLASS_REQUIRED', '请选择部件大类和小类', 'Choose the class and subclass');
    const c = checkThingCode(`${district}${body.classCode}${body.subclassCode}000001`, district);
    if (!c.ok) throw thingCodeInvalid(c.problem, district);
    code = await nextThingCode(db, place.tenantId, c.prefix);
  }
  const name =
    body.name ?? subclassName(code.slice(6, 8), code.slice(8, 10)) ?? thingClass(code.slice(6, 8))!.name;
  if ((body.lng == null) !== (body.lat == null))
    throw invalid('POINT_INCOMPLETE', '经纬度需同时填写', 'Give both longitude and latitude');
  const { rows } = await db.query(
    `insert into record_things (tenant_id, code, name, state, area_id, address_id, lng, lat, note, created_by, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) on conflict (tenant_id, code) do nothing returning id`,
    [
      place.tenantId,
      code,
      name,
      body.state,
      place.areaId,
      place.addressId,
      body.lng ?? null,
      body.lat ?? null,
      body.note,
      actor.userId,
    ],
  );
  if (!rows[0]) throw codeTaken();
  const id = Number(rows[0].id);
  await recordAudit(db, {
    tenantId: place.tenantId,
    actorUserId: actor.userId,
    action: 'thing.create',
    entityType: 'thing',
    entityId: id,
    summary: { code, name, state: body.state, areaId: place.areaId, addressId: place.addressId },
  });
  return id;
}

export async function updateThing(db: Queryable, actor: Actor, id: number, patch: ThingPatch) {
  const t = await thingFor(db, actor, id, 'records.edit', true);
  if (t.archived_at) throw conflict('THING_ARCHIVED', '该部件已归档', 'The thing is archived');
  if (t.version !== patch.version) throw versionConflict();
  const place =
    patch.addressId !== undefined || patch.areaId !== undefined
      ? await placeOf(db, actor, {
          addressId: patch.addressId === undefined ? null : patch.addressId,
          areaId: patch.areaId ?? (patch.addressId === null ? t.area_id : null),
        })
      : { tenantId: t.tenant_id, areaId: t.area_id, addressId: t.address_id };
  if (Number(place.tenantId) !== Number(t.tenant_id))
    throw invalid('PLACE_OTHER_STREET', '不能把部件移到其他街道', 'A thing cannot move to another street');
  const before = {
    name: t.name,
    state: t.state,
    areaId: Number(t.area_id),
    addressId: t.address_id === null ? null : Number(t.address_id),
    lng: t.lng,
    lat: t.lat,
    note: t.note,
  };
  const after = {
    name: patch.name ?? t.name,
    state: patch.state ?? t.state,
    areaId: Number(place.areaId),
    addressId: place.addressId === null ? null : Number(place.addressId),
    lng: patch.lng === undefined ? t.lng : patch.lng,
    lat: patch.lat === undefined ? t.lat : patch.lat,
    note: patch.note ?? t.note,
  };
  if ((after.lng == null) !== (after.lat == null))
    throw invalid('POINT_INCOMPLETE', '经纬度需同时填写', 'Give both longitude and latitude');
  await db.query(
    `update record_things set name = $3, state = $4, area_id = $5, address_id = $6, lng = $7, lat = $8, note = $9,
            updated_by = $10, version = version + 1, updated_at = now() where tenant_id = $1 and id = $2`,
    [
      t.tenant_id,
      id,
      after.name,
      after.state,
      after.areaId,
      after.addressId,
      after.lng,
      after.lat,
      after.note,
      actor.userId,
    ],
  );
  await recordAudit(db, {
    tenantId: t.tenant_id,
    actorUserId: actor.userId,
    action: 'thing.update',
    entityType: 'thing',
    entityId: id,
    summary: diff(before, after),
  });
}

export async function archiveThing(
  db: Queryable,
  actor: Actor,
  id: number,
  version: number,
  archived: boolean,
) {
  const t = await thingFor(db, actor, id, 'records.edit', true);
  if (t.version !== version) throw versionConflict();
  if ((t.archived_at !== null) === archived)
    throw conflict(
      'ALREADY_DONE',
      archived ? '该部件已归档' : '该部件未归档',
      archived ? 'Already archived' : 'Not archived',
    );
  await db.query(
    `update record_things set archived_at = ${archived ? 'now()' : 'null'}, version = version + 1, updated_at = now(),
            updated_by = $3 where tenant_id = $1 and id = $2`,
    [t.tenant_id, id, actor.userId],
  );
  await recordAudit(db, {
    tenantId: t.tenant_id,
    actorUserId: actor.userId,
    action: archived ? 'thing.archive' : 'thing.restore',
    entityType: 'thing',
    entityId: id,
  });
}
