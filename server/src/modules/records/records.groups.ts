import type { Queryable } from '../../platform/db/tx';

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
