import type { PersonListQuery, PersonSummary } from '@doorstep/contract';
import { type Capability, scopesWith } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { type Binder, binder } from '../../platform/db/bind';
import type { Queryable } from '../../platform/db/tx';
import { decrypt, lookupHash, normalisePhone, type PiiKeys } from '../../platform/pii';
import { maskIdNumber, maskPhone } from '../../platform/privacy';
import { likeEscape, nameMatch } from './records.search';

/**
 * The actor's reach for a capability as a condition on an area alias (its tenant and ltree path):
 * null for platform admins (everything), 'false' when they hold it nowhere.
 */
export function reach(actor: Actor, cap: Capability, alias: string, b: Binder) {
  if (actor.isPlatformAdmin) return null;
  const scopes = scopesWith(actor, cap);
  if (!scopes.length) return 'false';
  const t = b.bind(
    '?::bigint[]',
    scopes.map((s) => s.tenantId),
  );
  const p = b.bind(
    '?::ltree[]',
    scopes.map((s) => s.path),
  );
  return `exists (select 1 from unnest(${t}, ${p}) s (t, p) where s.t = ${alias}.tenant_id and ${alias}.path <@ s.p)`;
}

/** 聚金万佳苑 1栋 2单元 301室 */
export function addressLabel(a: {
  compound_name?: string | null;
  building_name: string;
  unit: string;
  room: string;
}) {
  return [a.compound_name, a.building_name, a.unit && `${a.unit}单元`, a.room && `${a.room}室`]
    .filter(Boolean)
    .join(' ');
}

export const PERSON_SELECT = `
  select p.tenant_id, p.id, p.name, p.gender, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date, p.id_number_enc,
         p.phone_enc, p.residence, p.area_id, p.address_id, p.user_id, p.note, p.version, p.archived_at,
         p.created_at, p.updated_at, a.name as area_name, a.path::text as area_path,
         ad.unit, ad.room, b.name as building_name, k.name as compound_name,
         coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.id)
                     from person_tags pt join record_tags t on t.tenant_id = pt.tenant_id and t.id = pt.tag_id
                    where pt.tenant_id = p.tenant_id and pt.person_id = p.id), '[]') as tags
    from people p
    join areas a on a.tenant_id = p.tenant_id and a.id = p.area_id
    left join addresses ad on ad.tenant_id = p.tenant_id and ad.id = p.address_id
    left join areas b on b.tenant_id = ad.tenant_id and b.id = ad.building_id
    left join areas k on k.tenant_id = b.tenant_id and k.id = b.parent_id`;

export interface PersonRow {
  tenant_id: number;
  id: number;
  name: string;
  gender: 'male' | 'female' | null;
  birth_date: string | null;
  id_number_enc: string | null;
  phone_enc: string | null;
  residence: PersonSummary['residence'];
  area_id: number;
  address_id: number | null;
  user_id: string | null;
  note: string;
  version: number;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
  area_name: string;
  area_path: string;
  unit: string | null;
  room: string | null;
  building_name: string | null;
  compound_name: string | null;
  tags: { id: number; name: string }[];
}

/** A person as every list and detail shows them: ID number and phone masked. */
export function presentPerson(keys: PiiKeys, r: PersonRow): PersonSummary {
  return {
    id: r.id,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    idNumber: maskIdNumber(decrypt(keys, r.id_number_enc)),
    phone: maskPhone(decrypt(keys, r.phone_enc)),
    residence: r.residence,
    area: { id: r.area_id, name: r.area_name },
    address:
      r.address_id && r.building_name
        ? {
            id: r.address_id,
            label: addressLabel({
              compound_name: r.compound_name,
              building_name: r.building_name,
              unit: r.unit ?? '',
              room: r.room ?? '',
            }),
          }
        : null,
    tags: r.tags,
    linkedAccount: r.user_id !== null,
    archived: r.archived_at !== null,
    version: r.version,
  };
}

export async function findPerson(db: Queryable, id: number, lock = false): Promise<PersonRow | null> {
  const { rows } = await db.query(`${PERSON_SELECT} where p.id = $1${lock ? ' for update of p' : ''}`, [id]);
  return (rows[0] as PersonRow | undefined) ?? null;
}

/** The roster's WHERE clause for one actor and filters, shared by the list and the Excel export. */
export async function personFilter(
  db: Queryable,
  keys: PiiKeys,
  actor: Actor,
  q: Omit<PersonListQuery, 'page' | 'pageSize'>,
) {
  const b = binder();
  const where: string[] = [];
  const scope = reach(actor, 'records.view', 'a', b);
  if (scope) where.push(scope);
  where.push(q.archived ? 'p.archived_at is not null' : 'p.archived_at is null');
  if (q.areaId) {
    const { rows } = await db.query('select tenant_id, path::text from areas where id = $1', [q.areaId]);
    if (!rows[0]) where.push('false');
    else where.push(b.bind('a.tenant_id = ?', rows[0].tenant_id), b.bind('a.path <@ ?::ltree', rows[0].path));
  }
  if (q.tagId)
    where.push(
      b.bind(
        'exists (select 1 from person_tags pt where pt.tenant_id = p.tenant_id and pt.person_id = p.id and pt.tag_id = ?)',
        q.tagId,
      ),
    );
  if (q.residence) where.push(b.bind('p.residence = ?', q.residence));
  if (q.idNumber) where.push(b.bind('p.id_number_hash = ?', lookupHash(keys, 'id', q.idNumber)));
  if (q.phone)
    where.push(b.bind('p.phone_hash = ?', lookupHash(keys, 'phone', normalisePhone(q.phone) ?? q.phone)));
  if (q.q) {
    // every word must match the name (fuzzy: substring, or trigram similarity for a mistyped character) or
    // the address (compound, building)
    for (const word of q.q.split(/\s+/).filter(Boolean).slice(0, 5))
      where.push(
        `(${nameMatch('p', word, b)} or ${b.bind(
          `exists (select 1 from addresses ad2 join areas b2 on b2.tenant_id = ad2.tenant_id and b2.id = ad2.building_id
                     join areas k2 on k2.tenant_id = b2.tenant_id and k2.id = b2.parent_id
                    where ad2.tenant_id = p.tenant_id and ad2.id = p.address_id
                      and (k2.name || b2.name || ad2.unit || '单元' || ad2.room) ilike '%' || ? || '%')`,
          likeEscape(word),
        )})`,
      );
  }
  return {
    from: `from people p join areas a on a.tenant_id = p.tenant_id and a.id = p.area_id where ${where.join(' and ')}`,
    values: b.values,
  };
}
