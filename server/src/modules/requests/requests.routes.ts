import { join } from 'node:path';
import {
  ActionBody,
  CategoryList,
  CommentBody,
  IdParams,
  IntakeBody,
  Measures,
  MeasuresQuery,
  ReportBody,
  RequestDetail,
  RequestList,
  RequestListQuery,
  ResponderKind,
  ResponderOrgList,
  SuggestBody,
  Suggestion,
} from '@doorstep/contract';
import type {} from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, scopesWith, tenantFilter, tenantsOf } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import type { AppContext } from '../../platform/context';
import { inTx } from '../../platform/db/tx';
import { checkPhotos } from '../../platform/files/files';
import { forbidden, invalid, notFound } from '../../platform/http/errors';
import { keyLimiter } from '../../platform/http/key-limiter';
import { convertPoint, findArea, locateGrid, placeOf } from '../areas';
import { groupTagsOfUsers } from '../records';
import { calendarRoutes } from './calendar.routes';
import { presentFollowUps } from './follow-up';
import { followUpRoutes } from './follow-up.routes';
import { byGroup, computeMeasures, MEASURES_VERSION } from './measures';
import { requestHistoryRoutes } from './requests.history.routes';
import { listFilter } from './requests.list';
import { allowedActions, canComment, canViewRequest, standingOf } from './requests.policy';
import { presentDetail, presentSummary } from './requests.presenter';
import {
  findRequestFull,
  listNearbySimilar,
  listSimilarInGrid,
  REQUEST_SELECT,
  type RequestRow,
} from './requests.queries';
import { actOnRequest, commentOnRequest, meToo, reportRequest } from './requests.service';
import { currentWarning, loadSla } from './sla';
import { loadCategories, suggestCategories } from './suggest';

const tags = ['requests'];
const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(100)
    .regex(/^[\w-]+$/)
    .optional(),
});

/** Requests: report, intake, workbench list, detail with timeline, lifecycle actions, comments, me-too. */
export async function requestRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;
  const photos = join(ctx.config.dataDir, 'files');
  await calendarRoutes(app, ctx);
  await requestHistoryRoutes(app, ctx);

  const detail = async (actor: Actor, id: number) => {
    const found = await findRequestFull(pool, id, actor.userId);
    if (!found) throw notFound('Request', '诉求');
    const { row, whistles, events, orgs, followUps, following } = found;
    const standing = standingOf(actor, row, whistles, orgs, following);
    const tenants = tenantFilter(actor);
    if (
      !canViewRequest(standing) ||
      (tenants &&
        !tenants.includes(row.tenant_id) &&
        !standing.reporter &&
        !standing.responder &&
        !standing.follower)
    )
      throw notFound('Request', '诉求');
    const sla = await loadSla(pool);
    const internal = standing.staff || standing.responder;
    return presentDetail(
      { ...row, warning: currentWarning(sla, row) },
      {
        showReporter: standing.staff,
        events: events.filter((e: { visible_to_resident: boolean }) => internal || e.visible_to_resident),
        whistles,
        actions: allowedActions(standing, row),
        canComment: canComment(standing, row),
        followUps: presentFollowUps(actor, standing, row, followUps),
      },
    );
  };

  await followUpRoutes(app, ctx, detail);

  // R8: a resident's new reports per ten minutes (a retry with the same Idempotency-Key counts too; 30 is far more
  // than anyone files by hand), and every report per IP per minute (a compound behind one NAT stays well below)
  const perReporter = keyLimiter({
    max: Number(process.env.REPORT_RATE_LIMIT ?? 30),
    windowMs: 10 * 60_000,
    key: (req) => req.actor?.userId,
  });
  r.post('/api/requests', {
    onRequest: app.rateLimit({
      max: Number(process.env.REPORT_IP_RATE_LIMIT ?? 120),
      timeWindow: 60_000,
      keyGenerator: (req) => `report-ip:${req.ip}`,
    }),
    preHandler: perReporter,
    schema: {
      tags,
      summary: '居民上报诉求（随手拍）/ Report a problem',
      headers: IdempotencyHeaders,
      body: ReportBody,
      response: { 200: RequestDetail, 201: RequestDetail },
    },
    handler: async (req, reply) => {
      checkPhotos(photos, req.body.photos);
      const out = await inTx(pool, (tx) =>
        reportRequest(tx, req.actor, req.body, { idempotencyKey: req.headers['idempotency-key'] }),
      );
      return reply.code(out.created ? 201 : 200).send(await detail(req.actor, out.id));
    },
  });

  r.post('/api/requests/intake', {
    schema: {
      tags,
      summary: '工作人员代录（走访、12345、商会…）/ Staff intake from other channels',
      headers: IdempotencyHeaders,
      body: IntakeBody,
      response: { 200: RequestDetail, 201: RequestDetail },
    },
    handler: async (req, reply) => {
      if (!can(req.actor, 'request.triage')) throw forbidden();
      checkPhotos(photos, req.body.photos);
      const out = await inTx(pool, async (tx) => {
        const created = await reportRequest(tx, req.actor, req.body, {
          idempotencyKey: req.headers['idempotency-key'],
          staffIntake: true,
        });
        const { rows } = await tx.query(
          `select coalesce(g.path, c.path)::text as path from requests q
            left join areas g on g.tenant_id = q.tenant_id and g.id = q.grid_id left join areas c on c.tenant_id = q.tenant_id and c.id = q.community_id
           where q.tenant_id = $1 and q.id = $2`,
          [created.tenantId, created.id],
        );
        if (!can(req.actor, 'request.triage', { tenantId: created.tenantId, path: rows[0]?.path ?? '' }))
          throw forbidden('该地点不在您的管辖范围内', 'That place is outside your area');
        return created;
      });
      return reply.code(out.created ? 201 : 200).send(await detail(req.actor, out.id));
    },
  });

  r.post('/api/requests/suggest', {
    schema: {
      tags,
      summary: '分类建议、所属网格与附近相似诉求 / Category, grid and nearby duplicates',
      body: SuggestBody,
      response: { 200: Suggestion },
    },
    handler: async (req) => {
      const home = tenantsOf(req.actor)[0] ?? null;
      if (req.body.lng === undefined || req.body.lat === undefined) {
        // no point: the QR code's place (or the given area) stands for it, grid by grid
        const place = req.body.placeAreaId ? await placeOf(pool, req.body.placeAreaId) : null;
        const categories = await suggestCategories(pool, req.body.description, 3, place?.tenantId ?? home);
        if (!place?.gridId) return { categories, grid: null, duplicates: [] };
        const grid = await findArea(pool, place.gridId, null);
        const similar = await listSimilarInGrid(pool, {
          tenantId: place.tenantId,
          gridId: place.gridId,
          categoryCode: categories[0]?.code ?? null,
          days: 30,
        });
        return {
          categories,
          grid: grid && { id: grid.id, name: grid.name },
          duplicates: similar.map((d) => ({
            id: d.id,
            publicNo: d.public_no,
            description: d.description,
            status: d.status,
            createdAt: d.created_at.toISOString(),
            categoryName: d.category_name,
            distanceM: null,
          })),
        };
      }
      // stored points are WGS-84: convert once, for the grid and the distance both
      const [lng, lat] = convertPoint(req.body.lng, req.body.lat, req.body.crs, 'wgs84');
      const grid = await locateGrid(pool, lng, lat);
      const categories = await suggestCategories(pool, req.body.description, 3, grid?.tenantId ?? home);
      if (!grid) return { categories, grid: null, duplicates: [] };
      const similar = await listNearbySimilar(pool, {
        tenantId: grid.tenantId,
        categoryCode: categories[0]?.code ?? null,
        lng,
        lat,
        meters: 250,
        days: 30,
      });
      return {
        categories,
        grid: { id: grid.id, name: grid.name },
        duplicates: similar.slice(0, 5).map((d) => ({
          id: d.id,
          publicNo: d.public_no,
          description: d.description,
          status: d.status,
          createdAt: d.created_at.toISOString(),
          categoryName: d.category_name,
          distanceM: Math.round(d.distance),
        })),
      };
    },
  });

  r.get('/api/requests', {
    schema: {
      tags,
      summary: '诉求工作台列表（队列与筛选）/ Workbench list',
      querystring: RequestListQuery,
      response: { 200: RequestList },
    },
    handler: async (req) => {
      const q = req.query;
      const scopes = scopesWith(req.actor, 'request.view');
      const { filter, values } = await listFilter(pool, req.actor, q);
      const n = values.length;
      // the page's ids first (index-friendly, no per-row subqueries), then the full rows for just those ids
      const [page, count] = await Promise.all([
        pool.query(
          `select r.tenant_id, r.id ${filter} order by (r.status = 'closed'), r.resolve_due_at nulls last, r.created_at desc, r.id
            limit $${n + 1} offset $${n + 2}`,
          [...values, q.pageSize, (q.page - 1) * q.pageSize],
        ),
        // counting stops at 10,001: "10,000+" is all a queue badge needs
        pool.query(`select count(*)::int as n from (select 1 ${filter} limit 10001) x`, values),
      ]);
      const order = new Map(page.rows.map((p, i) => [`${p.tenant_id}/${p.id}`, i]));
      const { rows } = page.rows.length
        ? await pool.query(
            `${REQUEST_SELECT} where (r.tenant_id, r.id) in (select * from unnest($1::bigint[], $2::bigint[]))`,
            [page.rows.map((p) => p.tenant_id), page.rows.map((p) => p.id)],
          )
        : { rows: [] };
      rows.sort(
        (a: RequestRow, b: RequestRow) =>
          order.get(`${a.tenant_id}/${a.id}`)! - order.get(`${b.tenant_id}/${b.id}`)!,
      );
      const sla = await loadSla(pool);
      return {
        items: rows.map((row: RequestRow) =>
          presentSummary({ ...row, warning: currentWarning(sla, row) }, { showReporter: scopes.length > 0 }),
        ),
        total: count.rows[0].n,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  });

  r.get('/api/requests/measures', {
    schema: {
      tags,
      summary: '三率、按期结案率、综合得分与温差 / Rates, on-time closure, composite and temperature gap',
      querystring: MeasuresQuery,
      response: { 200: Measures },
    },
    handler: async (req) => {
      const area = await findArea(pool, req.query.areaId, tenantFilter(req.actor));
      if (!area || !can(req.actor, 'request.view', area)) throw notFound('Area', '区域');
      if (req.query.from > req.query.to)
        throw invalid('PERIOD_INVALID', '开始日期不能晚于结束日期', 'The period starts after it ends');
      const weights = req.query.weights?.split(',').map(Number);
      if (weights?.every((x) => x === 0))
        throw invalid('WEIGHTS_INVALID', '权重不能全为 0', 'The weights cannot all be 0');
      const { byReporter, ...m } = await computeMeasures(pool, {
        tenantId: area.tenantId,
        path: area.path,
        from: req.query.from,
        to: req.query.to,
        weights: weights && {
          response: weights[0]!,
          resolution: weights[1]!,
          satisfaction: weights[2]!,
          onTime: weights[3]!,
        },
      });
      const tags = await groupTagsOfUsers(
        pool,
        area.tenantId,
        byReporter.map((r) => r.user_id),
      );
      return {
        definitionVersion: MEASURES_VERSION,
        area: { id: area.id, name: area.name },
        from: req.query.from,
        to: req.query.to,
        ...m,
        byGroup: byGroup(byReporter, tags, '未登记'),
      };
    },
  });

  r.get('/api/my/requests', {
    schema: { tags, summary: '我的诉求 / My requests', response: { 200: RequestList } },
    handler: async (req) => {
      const { rows } = await pool.query(
        `${REQUEST_SELECT} where r.reporter_user_id = $1 order by r.created_at desc limit 100`,
        [req.actor.userId],
      );
      const sla = await loadSla(pool);
      return {
        items: rows.map((row: RequestRow) =>
          presentSummary({ ...row, warning: currentWarning(sla, row) }, { showReporter: true }),
        ),
        total: rows.length,
        page: 1,
        pageSize: 100,
      };
    },
  });

  r.get('/api/requests/:id', {
    schema: {
      tags,
      summary: '诉求详情与全过程 / Request with its timeline',
      params: IdParams,
      response: { 200: RequestDetail },
    },
    handler: (req) => detail(req.actor, req.params.id),
  });

  r.post('/api/requests/:id/actions', {
    schema: {
      tags,
      summary: '办理动作：派单/接单/退单/办结/核查/评价… / A lifecycle action',
      params: IdParams,
      body: ActionBody,
      response: { 200: RequestDetail },
    },
    handler: async (req) => {
      if (req.body.action === 'handle') checkPhotos(photos, req.body.photos);
      await inTx(pool, (tx) => actOnRequest(tx, req.actor, req.params.id, req.body));
      return detail(req.actor, req.params.id);
    },
  });

  r.post('/api/requests/:id/comments', {
    schema: {
      tags,
      summary: '留言或进展 / Add a note',
      params: IdParams,
      body: CommentBody,
      response: { 200: RequestDetail },
    },
    handler: async (req) => {
      checkPhotos(photos, req.body.photos);
      await inTx(pool, (tx) => commentOnRequest(tx, req.actor, req.params.id, req.body));
      return detail(req.actor, req.params.id);
    },
  });

  r.post('/api/requests/:id/me-too', {
    schema: {
      tags,
      summary: '我也遇到 / Me too',
      params: IdParams,
      response: { 200: z.object({ meToo: z.number() }) },
    },
    handler: async (req) => ({ meToo: await inTx(pool, (tx) => meToo(tx, req.actor, req.params.id)) }),
  });

  r.get('/api/request-categories', {
    schema: { tags, summary: '诉求分类 / Categories', response: { 200: CategoryList } },
    handler: async () => ({
      items: (await loadCategories(pool)).map((c) => ({
        code: c.code,
        parentCode: c.parent_code,
        nameZh: c.name_zh,
        nameEn: c.name_en,
        slaClass: c.sla_class,
        defaultResponder: c.default_responder,
      })),
    }),
  });

  r.get('/api/responder-orgs', {
    schema: {
      tags,
      summary: '响应单位（吹哨对象）/ Responders',
      querystring: z.object({ kind: ResponderKind.optional() }),
      response: { 200: ResponderOrgList },
    },
    handler: async (req) => {
      if (!can(req.actor, 'request.triage')) throw forbidden();
      const tenants = tenantFilter(req.actor);
      const { rows } = await pool.query(
        `select o.id, o.kind, o.name, o.area_id, a.name as area_name from responder_orgs o join areas a on a.tenant_id = o.tenant_id and a.id = o.area_id
          where o.archived_at is null and ($1::bigint[] is null or o.tenant_id = any($1)) and ($2::text is null or o.kind = $2)
          order by o.kind, o.name collate "zh-x-icu"`,
        [tenants, req.query.kind ?? null],
      );
      return {
        items: rows.map((o) => ({
          id: o.id,
          kind: o.kind,
          name: o.name,
          areaId: o.area_id,
          areaName: o.area_name,
        })),
      };
    },
  });
}
