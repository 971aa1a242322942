import type { Queryable } from '../../platform/db/tx';
import type { PiiKeys } from '../../platform/pii';
import { groupTagsOfPhones, groupTagsOfUsers, peopleByTag } from '../records';
import { byGroup, computeMeasures } from '../requests';
import type { AreaRef } from './dashboard';
import { SCOPE } from './dashboard';
import { defs } from './definitions';

const UNTAGGED = '未登记';

/**
 * 数据画像: per population group (the basic records' group tags) — share of people, the channel most of its
 * requests came through, requests and 解决率 (the requests module's byGroup) — and per channel.
 */
export async function portrait(db: Queryable, keys: PiiKeys, area: AreaRef, q: { from: string; to: string }) {
  const m = await computeMeasures(db, {
    tenantId: area.tenantId,
    path: area.path,
    from: q.from,
    to: q.to,
    reporterPhones: true,
  });
  // residents with an account by their account; those staff took in (visits, 12345…) by their phone
  const keysOf = m.byReporter.map((r) => r.user_id);
  const tags = await groupTagsOfUsers(
    db,
    area.tenantId,
    keysOf.filter((k) => !k.startsWith('tel:')),
  );
  const phones = keysOf.filter((k) => k.startsWith('tel:')).map((k) => k.slice(4));
  for (const [phone, t] of await groupTagsOfPhones(db, keys, area.tenantId, phones))
    tags.set(`tel:${phone}`, t);
  const groups = byGroup(m.byReporter, tags, UNTAGGED);
  const people = await peopleByTag(db, area.tenantId, area.path);
  const { rows: channels } = await db.query(
    `with scope as (${SCOPE}) select coalesce(reporter_user_id, 'tel:' || reporter_phone) as user_id, channel,
            count(*)::int as n
       from scope where reporter_user_id is not null or reporter_phone is not null group by 1, 2`,
    [area.tenantId, area.path, q.from, q.to],
  );
  const channelCounts = new Map<string, Map<string, number>>();
  for (const c of channels) {
    const userTags = tags.get(c.user_id);
    for (const g of userTags?.length ? userTags : [UNTAGGED]) {
      const acc = channelCounts.get(g) ?? new Map<string, number>();
      acc.set(c.channel, (acc.get(c.channel) ?? 0) + c.n);
      channelCounts.set(g, acc);
    }
  }
  const mainChannel = (g: string) =>
    [...(channelCounts.get(g) ?? new Map<string, number>())].sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
    )[0]?.[0] ?? null;
  const names = new Set([...people.byTag.keys(), ...groups.map((g) => g.group)]);
  const byName = new Map(groups.map((g) => [g.group, g]));
  return {
    area: { id: area.id, name: area.name },
    from: q.from,
    to: q.to,
    definitions: defs('portraitShare', 'resolutionRate', 'temperatureGap'),
    people: people.people,
    groups: [...names]
      .map((group) => {
        const g = byName.get(group);
        const n = group === UNTAGGED ? 0 : (people.byTag.get(group) ?? 0);
        return {
          group,
          people: n,
          share: people.people && group !== UNTAGGED ? Math.round((n / people.people) * 10000) / 10000 : null,
          mainChannel: mainChannel(group),
          reporters: g?.residents ?? 0,
          requests: g?.requests ?? 0,
          resolutionRate: g?.resolutionRate.value ?? null,
          rated: g?.resolutionRate.denominator ?? 0,
        };
      })
      .sort((a, b) =>
        a.group === UNTAGGED ? 1 : b.group === UNTAGGED ? -1 : b.people - a.people || b.requests - a.requests,
      ),
    channels: m.byChannel,
  };
}
