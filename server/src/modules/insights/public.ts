import type { OpenCommunity } from '@doorstep/contract';
import type { Queryable } from '../../platform/db/tx';
import { publicProgress } from '../participation';
import { DATA_USE_DEFINITION, dataUse } from './datause';
import { type Community, weightedFigures } from './survey';

/**
 * A community's public page and open data (docs/decisions/0029-using-the-data.md): aggregates only. The figures and
 * counts of the last 90 days, resolved examples whose reporters consented (category, grid, dates and rating — never
 * the text, the reporter, a phone or an address), the hall's resolutions and the projects' progress without owners.
 */
export const LICENCE =
  '开放数据许可：知识共享 署名 4.0 国际（CC BY 4.0），注明“家门口 Doorstep · 社区名称”即可使用 / Licence: CC BY 4.0 — credit "Doorstep · community name"';

export async function openCommunity(db: Queryable, c: Community): Promise<OpenCommunity> {
  const f = await weightedFigures(db, c);
  const [counts, examples, progress, use] = await Promise.all([
    db.query(
      `select count(*)::int as requests, count(*) filter (where r.closed_at is not null)::int as closed
         from requests r
         left join areas g on g.tenant_id = r.tenant_id and g.id = r.grid_id
         left join areas cm on cm.tenant_id = r.tenant_id and cm.id = r.community_id
        where r.tenant_id = $1 and coalesce(g.path, cm.path) <@ $2::ltree
          and r.created_at >= ($3::date::timestamp at time zone 'Asia/Shanghai')
          and r.created_at < (($4::date + 1)::timestamp at time zone 'Asia/Shanghai')`,
      [c.tenantId, c.path, f.from, f.to],
    ),
    db.query(
      `select cat.name_zh, cat.name_en, g.name as grid,
              (r.created_at at time zone 'Asia/Shanghai')::date::text as received_on,
              (r.closed_at at time zone 'Asia/Shanghai')::date::text as closed_on,
              ((r.closed_at at time zone 'Asia/Shanghai')::date - (r.created_at at time zone 'Asia/Shanghai')::date) as days,
              r.resolved, r.satisfaction
         from requests r
         join insight_publish_consents pc on pc.tenant_id = r.tenant_id and pc.request_id = r.id and pc.consent
         join request_categories cat on cat.code = r.category_code
         left join areas g on g.tenant_id = r.tenant_id and g.id = r.grid_id
         left join areas cm on cm.tenant_id = r.tenant_id and cm.id = r.community_id
        where r.tenant_id = $1 and coalesce(g.path, cm.path) <@ $2::ltree
          and r.closed_at is not null and r.closed_at <= now() and r.resolved in ('yes', 'partly') and r.rating_excluded_reason is null
        order by r.closed_at desc limit 10`,
      [c.tenantId, c.path],
    ),
    publicProgress(db, c.tenantId, c.id),
    dataUse(db, c, { from: f.from, to: f.to }),
  ]);
  const k = counts.rows[0];
  return {
    licence: LICENCE,
    generatedAt: new Date().toISOString(),
    community: { code: c.code, name: c.name, street: c.streetName },
    from: f.from,
    to: f.to,
    figures: f.figures,
    counts: { requests: k.requests, closed: k.closed, open: k.requests - k.closed },
    resolvedExamples: examples.rows.map((e) => ({
      category: { 'zh-CN': e.name_zh, 'en-US': e.name_en },
      grid: e.grid ?? null,
      receivedOn: e.received_on,
      closedOn: e.closed_on,
      days: Number(e.days),
      resolved: e.resolved,
      satisfaction: e.satisfaction ?? null,
    })),
    ...progress,
    dataUse: use.share,
    definitions: [...f.definitions, DATA_USE_DEFINITION],
  };
}

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // quote, and defuse spreadsheet formulas (=, +, -, @ at the start of a text cell)
  const safe = /^[=+\-@]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The same aggregates as CSV: one row per value (section, key, value, numerator, denominator, definition version). */
export function openCsv(d: OpenCommunity) {
  const lines: unknown[][] = [
    [`# ${d.licence}`],
    [`# ${d.community.name} (${d.community.code}) ${d.from} – ${d.to}, generated ${d.generatedAt}`],
    ['section', 'key', 'value', 'numerator', 'denominator', 'weight', 'definition_version'],
  ];
  const version = (key: string) => d.definitions.find((x) => x.key === key)?.version ?? '';
  for (const f of d.figures)
    lines.push(['figure', f.key, f.value, f.numerator, f.denominator, f.weight, f.definitionVersion]);
  for (const [k, v] of Object.entries(d.counts)) lines.push(['count', k, v, '', '', '', version('requests')]);
  lines.push([
    'data_use',
    'share',
    d.dataUse.value,
    d.dataUse.numerator,
    d.dataUse.denominator,
    '',
    version('dataUse'),
  ]);
  for (const e of d.resolvedExamples)
    lines.push(['resolved_example', e.category['zh-CN'], e.days, e.receivedOn, e.closedOn, '', e.resolved]);
  for (const r of d.resolutions) lines.push(['resolution', r.text, r.progress, r.status, r.dueDate, '', '']);
  for (const p of d.projects)
    lines.push(['project', p.title, p.milestonesDone, p.milestones, p.budgetYuan, '', '']);
  return `\ufeff${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}
