import type { Unit, UnitBody, UnitListQuery, UnitPatch } from '@doorstep/contract';
import { type Capability, can } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { diff, recordAudit } from '../../platform/audit/audit';
import { binder } from '../../platform/db/bind';
import type { Queryable } from '../../platform/db/tx';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { decrypt, encrypt, lookupHash, normalisePhone, type PiiKeys } from '../../platform/pii';
import { maskPhone } from '../../platform/privacy';
import { merchantAccountsById } from '../ledger';
import { checkCreditCode } from './records.codes';
import { addressLabel, reach } from './records.queries';
import { backfillPinyin, nameMatch } from './records.search';
import {
  areaFor,
  canUnmask,
  phoneInvalid,
  placeOf,
  UNMASK_MINUTES,
  versionConflict,
} from './records.service';

/** Units and merchants 实有单位: CRUD at a version with a masked audit diff; contact phones encrypted like people's. */

export const UNIT_SELECT = `
  select u.tenant_id, u.id, u.name, u.kind, u.credit_code, u.area_id, u.address_id, u.address_note, u.contact_name,
         u.contact_phone_enc, u.ledger_account_id, u.note, u.version, u.archived_at, u.updated_at,
         a.name as area_name, a.path::text as area_path,
         ad.unit, ad.room, b.name as building_name, k.name as compound_name
    from record_units u
    join areas a on a.tenant_id = u.tenant_id and a.id = u.area_id
    left join addresses ad on ad.tenant_id = u.tenant_id and ad.id = u.address_id
    left join areas b on b.tenant_id = ad.tenant_id and b.id = ad.building_id
    left join areas k on k.tenant_id = b.tenant_id and k.id = b.parent_id`;

export interface UnitRow {
  tenant_id: number;
  id: number;
  name: string;
  kind: Unit['kind'];
  credit_code: string | null;
  area_id: number;
  address_id: number | null;
  address_note: string;
  contact_name: string;
  contact_phone_enc: string | null;
  ledger_account_id: number | null;
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

export const unitAddressLabel = (r: UnitRow) =>
  r.address_id && r.building_name
    ? addressLabel({
        compound_name: r.compound_name,
        building_name: r.building_name,
        unit: r.unit ?? '',
        room: r.room ?? '',
      })
    : null;

/** Units as lists and details show them (contact phone masked), with their ledger accounts. */
export async function presentUnits(db: Queryable, keys: PiiKeys, rows: UnitRow[]): Promise<Unit[]> {
  const accounts = new Map<string, { id: number; name: string; unit: string; balance: number }>();
  for (const tenantId of new Set(rows.map((r) => Number(r.tenant_id)))) {
    const ids = rows
      .filter((r) => Number(r.tenant_id) === tenantId && r.ledger_account_id)
      .map((r) => Number(r.ledger_account_id));
    for (const [id, a] of await merchantAccountsById(db, tenantId, ids))
      accounts.set(`${tenantId}/${id}`, { id, name: a.name, unit: a.unit, balance: a.balance });
  }
  return rows.map((r) => {
    const label = unitAddressLabel(r);
    return {
      id: Number(r.id),
      name: r.name,
      kind: r.kind,
      creditCode: r.credit_code,
      area: { id: Number(r.area_id), name: r.area_name },
      address: label ? { id: Number(r.address_id), label } : null,
      addressNote: r.address_note,
      contactName: r.contact_name,
      contactPhone: maskPhone(decrypt(keys, r.contact_phone_enc)),
      ledgerAccount: r.ledger_account_id
        ? (accounts.get(`${r.tenant_id}/${Number(r.ledger_account_id)}`) ?? null)
        : null,
      note: r.note,
      archived: r.archived_at !== null,
      version: r.version,
      updatedAt: r.updated_at.toISOString(),
    };
  });
}

/** The unit list's WHERE clause for one actor and filters, shared by the list and the Excel export. */
export async function unitFilter(db: Queryable, actor: Actor, q: Omit<UnitListQuery, 'page' | 'pageSize'>) {
  const b = binder();
  const where: string[] = [];
  const scope = reach(actor, 'records.view', 'a', b);
  if (scope) where.push(scope);
  where.push(q.archived ? 'u.archived_at is not null' : 'u.archived_at is null');
  if (q.areaId) {
    const area = await areaFor(db, actor, q.areaId, 'records.view');
    where.push(b.bind('a.tenant_id = ?', area.tenant_id), b.bind('a.path <@ ?::ltree', area.path));
  }
  if (q.kind) where.push(b.bind('u.kind = ?', q.kind));
  if (q.q)
    for (const word of q.q.split(/\s+/).filter(Boolean).slice(0, 5))
      where.push(
        `(${nameMatch('u', word, b)} or ${b.bind("u.credit_code like upper(?) || '%'", word.replace(/[%_\\]/g, ''))}
          or ${b.bind(
            `exists (select 1 from addresses ad2 join areas b2 on b2.tenant_id = ad2.tenant_id and b2.id = ad2.building_id
                       left join areas k2 on k2.tenant_id = b2.tenant_id and k2.id = b2.parent_id
                      where ad2.tenant_id = u.tenant_id and ad2.id = u.address_id
                        and (coalesce(k2.name, '') || b2.name || u.address_note) ilike '%' || ? || '%')`,
            word.replace(/[%_\\]/g, (c) => `\\${c}`),
          )})`,
      );
  return {
    from: `from record_units u join areas a on a.tenant_id = u.tenant_id and a.id = u.area_id where ${where.join(' and ')}`,
    values: b.values,
  };
}

export async function findUnit(db: Queryable, id: number, lock = false): Promise<UnitRow | null> {
  const { rows } = await db.query(`${UNIT_SELECT} where u.id = $1${lock ? ' for update of u' : ''}`, [id]);
  return (rows[0] as UnitRow | undefined) ?? null;
}

/** The unit if the actor holds `cap` where it is; 404 when out of reach. */
export async function unitFor(db: Queryable, actor: Actor, id: number, cap: Capability, lock = false) {
  const u = await findUnit(db, id, lock);
  if (!u || !can(actor, 'records.view', { tenantId: u.tenant_id, path: u.area_path }))
    throw notFound('Unit', '单位');
  if (!can(actor, cap, { tenantId: u.tenant_id, path: u.area_path })) throw forbidden();
  return u;
}

export const creditCodeInvalid = (problem: string) =>
  invalid(
    'CREDIT_CODE_INVALID',
    problem === 'checksum'
      ? '统一社会信用代码校验位不正确'
      : '统一社会信用代码应为18位（数字或大写字母，不含 I、O、Z、S、V），或填写6–30位营业执照注册号',
    problem === 'checksum'
      ? 'The unified social credit code check character is wrong'
      : 'A unified social credit code has 18 digits or capital letters (no I, O, Z, S, V); a licence number 6–30',
  );
const codeTaken = () =>
  conflict('CREDIT_CODE_TAKEN', '该信用代码已登记', 'That credit code is already on the roster');
const accountTaken = () =>
  conflict(
    'LEDGER_ACCOUNT_LINKED',
    '该商户账户已关联其他单位',
    'That merchant account is linked to another unit',
  );

/** A clean credit code (null when empty). */
export function cleanCreditCode(raw: string | null | undefined) {
  if (!raw) return null;
  const c = checkCreditCode(raw);
  if (!c.ok) throw creditCodeInvalid(c.problem);
  return c.code;
}

/** A merchant ledger account in the unit's street and in the actor's reach, not linked to another live unit. */
async function checkAccount(
  db: Queryable,
  actor: Actor,
  tenantId: number,
  accountId: number | null,
  unitId: number | null,
) {
  if (!accountId) return;
  const a = (await merchantAccountsById(db, tenantId, [accountId])).get(accountId);
  if (!a || !can(actor, 'records.view', { tenantId, path: a.areaPath }))
    throw invalid('LEDGER_ACCOUNT_UNKNOWN', '找不到该商户账户', 'Unknown merchant account');
  const { rowCount } = await db.query(
    `select 1 from record_units where tenant_id = $1 and ledger_account_id = $2 and archived_at is null
        and ($3::bigint is null or id <> $3)`,
    [tenantId, accountId, unitId],
  );
  if (rowCount) throw accountTaken();
}

async function checkCodeFree(db: Queryable, tenantId: number, code: string | null, unitId: number | null) {
  if (!code) return;
  const { rowCount } = await db.query(
    `select 1 from record_units where tenant_id = $1 and credit_code = $2 and archived_at is null
        and ($3::bigint is null or id <> $3)`,
    [tenantId, code, unitId],
  );
  if (rowCount) throw codeTaken();
}

const cleanPhone = (raw: string | null | undefined) => {
  if (!raw) return null;
  const p = normalisePhone(raw);
  if (!p) throw phoneInvalid();
  return p;
};

/** What the audit holds: the contact phone masked. */
const auditView = (u: {
  name: string;
  kind: string;
  creditCode: string | null;
  areaId: number;
  addressId: number | null;
  addressNote: string;
  contactName: string;
  contactPhone: string | null;
  ledgerAccountId: number | null;
  note: string;
}) => ({ ...u, contactPhone: maskPhone(u.contactPhone) });

export async function createUnit(db: Queryable, keys: PiiKeys, actor: Actor, body: UnitBody) {
  const place = await placeOf(db, actor, body);
  const creditCode = cleanCreditCode(body.creditCode);
  const phone = cleanPhone(body.contactPhone);
  await checkCodeFree(db, place.tenantId, creditCode, null);
  await checkAccount(db, actor, place.tenantId, body.ledgerAccountId ?? null, null);
  const { rows } = await db.query(
    `insert into record_units (tenant_id, name, kind, credit_code, area_id, address_id, address_note, contact_name,
                               contact_phone_enc, contact_phone_hash, ledger_account_id, note, created_by, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) returning id`,
    [
      place.tenantId,
      body.name,
      body.kind,
      creditCode,
      place.areaId,
      place.addressId,
      body.addressNote,
      body.contactName,
      encrypt(keys, phone),
      phone ? lookupHash(keys, 'phone', phone) : null,
      body.ledgerAccountId ?? null,
      body.note,
      actor.userId,
    ],
  );
  const id = Number(rows[0].id);
  await backfillPinyin(db, place.tenantId);
  await recordAudit(db, {
    tenantId: place.tenantId,
    actorUserId: actor.userId,
    action: 'unit.create',
    entityType: 'unit',
    entityId: id,
    summary: auditView({
      name: body.name,
      kind: body.kind,
      creditCode,
      areaId: place.areaId,
      addressId: place.addressId,
      addressNote: body.addressNote,
      contactName: body.contactName,
      contactPhone: phone,
      ledgerAccountId: body.ledgerAccountId ?? null,
      note: body.note,
    }),
  });
  return id;
}

export async function updateUnit(db: Queryable, keys: PiiKeys, actor: Actor, id: number, patch: UnitPatch) {
  const u = await unitFor(db, actor, id, 'records.edit', true);
  if (u.archived_at) throw conflict('UNIT_ARCHIVED', '该单位已归档', 'The unit is archived');
  if (u.version !== patch.version) throw versionConflict();
  const place =
    patch.addressId !== undefined || patch.areaId !== undefined
      ? await placeOf(db, actor, {
          addressId: patch.addressId === undefined ? null : patch.addressId,
          areaId: patch.areaId ?? (patch.addressId === null ? u.area_id : null),
        })
      : { tenantId: u.tenant_id, areaId: u.area_id, addressId: u.address_id };
  if (Number(place.tenantId) !== Number(u.tenant_id))
    throw invalid('PLACE_OTHER_STREET', '不能把单位移到其他街道', 'A unit cannot move to another street');
  const beforePhone = decrypt(keys, u.contact_phone_enc);
  const before = {
    name: u.name,
    kind: u.kind,
    creditCode: u.credit_code,
    areaId: Number(u.area_id),
    addressId: u.address_id === null ? null : Number(u.address_id),
    addressNote: u.address_note,
    contactName: u.contact_name,
    contactPhone: beforePhone,
    ledgerAccountId: u.ledger_account_id === null ? null : Number(u.ledger_account_id),
    note: u.note,
  };
  const after = {
    name: patch.name ?? u.name,
    kind: patch.kind ?? u.kind,
    creditCode: patch.creditCode === undefined ? u.credit_code : cleanCreditCode(patch.creditCode),
    areaId: Number(place.areaId),
    addressId: place.addressId === null ? null : Number(place.addressId),
    addressNote: patch.addressNote ?? u.address_note,
    contactName: patch.contactName ?? u.contact_name,
    contactPhone: patch.contactPhone === undefined ? beforePhone : cleanPhone(patch.contactPhone),
    ledgerAccountId: patch.ledgerAccountId === undefined ? before.ledgerAccountId : patch.ledgerAccountId,
    note: patch.note ?? u.note,
  };
  if (after.creditCode !== before.creditCode) await checkCodeFree(db, u.tenant_id, after.creditCode, id);
  if (after.ledgerAccountId !== before.ledgerAccountId)
    await checkAccount(db, actor, u.tenant_id, after.ledgerAccountId, id);
  await db.query(
    `update record_units set name = $3, kind = $4, credit_code = $5, area_id = $6, address_id = $7, address_note = $8,
            contact_name = $9, contact_phone_enc = $10, contact_phone_hash = $11, ledger_account_id = $12, note = $13,
            updated_by = $14, version = version + 1, updated_at = now()
      where tenant_id = $1 and id = $2`,
    [
      u.tenant_id,
      id,
      after.name,
      after.kind,
      after.creditCode,
      after.areaId,
      after.addressId,
      after.addressNote,
      after.contactName,
      after.contactPhone === beforePhone ? u.contact_phone_enc : encrypt(keys, after.contactPhone),
      after.contactPhone ? lookupHash(keys, 'phone', after.contactPhone) : null,
      after.ledgerAccountId,
      after.note,
      actor.userId,
    ],
  );
  await backfillPinyin(db, u.tenant_id);
  await recordAudit(db, {
    tenantId: u.tenant_id,
    actorUserId: actor.userId,
    action: 'unit.update',
    entityType: 'unit',
    entityId: id,
    summary: diff(auditView(before), auditView(after)),
  });
}

export async function archiveUnit(
  db: Queryable,
  actor: Actor,
  id: number,
  version: number,
  archived: boolean,
) {
  const u = await unitFor(db, actor, id, 'records.edit', true);
  if (u.version !== version) throw versionConflict();
  if ((u.archived_at !== null) === archived)
    throw conflict(
      'ALREADY_DONE',
      archived ? '该单位已归档' : '该单位未归档',
      archived ? 'Already archived' : 'Not archived',
    );
  if (!archived) {
    await checkCodeFree(db, u.tenant_id, u.credit_code, id);
    if (u.ledger_account_id) {
      const { rowCount } = await db.query(
        'select 1 from record_units where tenant_id = $1 and ledger_account_id = $2 and archived_at is null and id <> $3',
        [u.tenant_id, u.ledger_account_id, id],
      );
      if (rowCount) throw accountTaken();
    }
  }
  await db.query(
    `update record_units set archived_at = ${archived ? 'now()' : 'null'}, version = version + 1, updated_at = now(),
            updated_by = $3 where tenant_id = $1 and id = $2`,
    [u.tenant_id, id, actor.userId],
  );
  await recordAudit(db, {
    tenantId: u.tenant_id,
    actorUserId: actor.userId,
    action: archived ? 'unit.archive' : 'unit.restore',
    entityType: 'unit',
    entityId: id,
  });
}

/** The partial unique indexes caught a race the pre-checks missed. */
export function uniqueUnit(err: unknown): never {
  const c = (err as { constraint?: string }).constraint;
  if (c === 'record_units_code_uq') throw codeTaken();
  if (c === 'record_units_ledger_uq') throw accountTaken();
  throw err;
}

/**
 * 查看完整联系电话: the people's grant mechanism (decision 0018) for a unit's contact phone — records.unmask in a
 * scope over the unit (community secretary, street admin), a stated purpose, a 10-minute grant, an audit entry.
 */
export async function unmaskUnit(db: Queryable, keys: PiiKeys, actor: Actor, id: number, purpose: string) {
  const u = await unitFor(db, actor, id, 'records.view');
  if (!canUnmask(actor, u))
    throw forbidden(
      '只有社区书记和街道管理员可以查看完整信息',
      'Only community secretaries and street admins may unmask',
    );
  const { rows } = await db.query(
    `insert into pii_grants (tenant_id, unit_id, viewer_user_id, purpose, expires_at)
     values ($1, $2, $3, $4, now() + make_interval(mins => $5)) returning expires_at`,
    [u.tenant_id, u.id, actor.userId, purpose, UNMASK_MINUTES],
  );
  const expiresAt = (rows[0].expires_at as Date).toISOString();
  await recordAudit(db, {
    tenantId: u.tenant_id,
    actorUserId: actor.userId,
    action: 'unit.unmask',
    entityType: 'unit',
    entityId: u.id,
    summary: { purpose, fields: ['contactPhone'], expiresAt },
  });
  return { contactPhone: decrypt(keys, u.contact_phone_enc), purpose, expiresAt };
}

/** The unit's contact phone again while the actor's grant lasts (each read audited). */
export async function readUnmaskedUnit(db: Queryable, keys: PiiKeys, actor: Actor, id: number) {
  const u = await unitFor(db, actor, id, 'records.view');
  const { rows } = await db.query(
    `select purpose, expires_at from pii_grants where tenant_id = $1 and unit_id = $2 and viewer_user_id = $3
        and expires_at > now() order by expires_at desc limit 1`,
    [u.tenant_id, u.id, actor.userId],
  );
  if (!rows[0] || !canUnmask(actor, u))
    throw new AppError(
      403,
      'UNMASK_GRANT_REQUIRED',
      '请先说明用途以查看完整信息（授权有效期10分钟）',
      'State a purpose first to see the full data (valid for 10 minutes)',
    );
  await recordAudit(db, {
    tenantId: u.tenant_id,
    actorUserId: actor.userId,
    action: 'unit.unmask.read',
    entityType: 'unit',
    entityId: u.id,
    summary: { purpose: rows[0].purpose },
  });
  return {
    contactPhone: decrypt(keys, u.contact_phone_enc),
    purpose: rows[0].purpose as string,
    expiresAt: (rows[0].expires_at as Date).toISOString(),
  };
}

/** A live unit's name when it is at or below `path` (for other modules naming a unit, e.g. a micro-project's 承接方). */
export async function unitNameWithin(
  db: Queryable,
  tenantId: number,
  unitId: number,
  path: string,
): Promise<string | null> {
  const { rows } = await db.query(
    `select u.name from record_units u join areas a on a.tenant_id = u.tenant_id and a.id = u.area_id
      where u.tenant_id = $1 and u.id = $2 and u.archived_at is null and a.path <@ $3::ltree`,
    [tenantId, unitId, path],
  );
  return rows[0]?.name ?? null;
}
