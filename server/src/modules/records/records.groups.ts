import type { Queryable } from '../../platform/db/tx';
import { lookupHash, normalisePhone, type PiiKeys } from '../../platform/pii';

/**
 * The group tags (独居老人, 全职妈妈…) of the people linked to these accounts in one street: what other modules
 * break their figures down by (e.g. the requests' measures by population group).
 */
export async function groupTagsOfUsers(
  db: Queryable,
  tenantId: number,
  userIds: string[],
): Promise<Map<string, string[]>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await db.query(
    `select p.user_id, array_agg(distinct t.name order by t.name) as tags
       from people p
       join person_tags pt on pt.tenant_id = p.tenant_id and pt.person_id = p.id
       join record_tags t on t.tenant_id = pt.tenant_id and t.id = pt.tag_id and t.archived_at is null
      where p.tenant_id = $1 and p.user_id = any($2::text[]) and p.archived_at is null
      group by p.user_id`,
    [tenantId, userIds],
  );
  return new Map(rows.map((r) => [r.user_id as string, r.tags as string[]]));
}

/** People recorded in an area's subtree, and how many carry each active group tag (the data portrait's shares). */
export async function peopleByTag(
  db: Queryable,
  tenantId: number,
  path: string,
): Promise<{ people: number; byTag: Map<string, number> }> {
  const { rows } = await db.query(
    `with pp as (select p.id from people p join areas a on a.tenant_id = p.tenant_id and a.id = p.area_id
                  where p.tenant_id = $1 and p.archived_at is null and a.path <@ $2::ltree)
     select (select count(*)::int from pp) as people,
            coalesce((select json_object_agg(t.name, t.n) from (
              select rt.name, count(*)::int as n from pp
                join person_tags pt on pt.tenant_id = $1 and pt.person_id = pp.id
                join record_tags rt on rt.tenant_id = pt.tenant_id and rt.id = pt.tag_id and rt.archived_at is null
               group by rt.name) t), '{}') as by_tag`,
    [tenantId, path],
  );
  return { people: rows[0].people, byTag: new Map(Object.entries(rows[0].by_tag as Record<string, number>)) };
}

/**
 * Group tags of people found by phone (HMAC lookup, never the clear number in a query): requests taken in by staff
 * (door-to-door visits, WeChat groups, 12345, the chamber of commerce) carry the resident's phone, not an account.
 */
export async function groupTagsOfPhones(
  db: Queryable,
  keys: PiiKeys,
  tenantId: number,
  phones: string[],
): Promise<Map<string, string[]>> {
  const byHash = new Map<string, string>();
  for (const phone of phones) {
    const n = normalisePhone(phone);
    if (n) byHash.set(lookupHash(keys, 'phone', n), phone);
  }
  if (byHash.size === 0) return new Map();
  const { rows } = await db.query(
    `select p.phone_hash, array_agg(distinct t.name order by t.name) as tags
       from people p
       join person_tags pt on pt.tenant_id = p.tenant_id and pt.person_id = p.id
       join record_tags t on t.tenant_id = pt.tenant_id and t.id = pt.tag_id and t.archived_at is null
      where p.tenant_id = $1 and p.phone_hash = any($2::text[]) and p.archived_at is null
      group by p.phone_hash`,
    [tenantId, [...byHash.keys()]],
  );
  return new Map(rows.map((r) => [byHash.get(r.phone_hash)!, r.tags as string[]]));
}
