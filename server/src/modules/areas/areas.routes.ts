import {
  AreaDetail,
  AreaList,
  AreaListQuery,
  AreaSearchQuery,
  AssignWorkersBody,
  AuditList,
  CreateAreaBody,
  GeoJsonQuery,
  GridFeatureCollection,
  IdParams,
  LocateQuery,
  LocateResult,
  MoveAreaBody,
  UpdateAreaBody,
  VersionBody,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, scopesWith, tenantFilter } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { listAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx } from '../../platform/db/tx';
import { forbidden, notFound } from '../../platform/http/errors';
import { canViewArea } from './areas.policy';
import { presentDetail, presentNode } from './areas.presenter';
import * as q from './areas.queries';
import { assignGridWorkers, createArea, moveArea, setArchived, updateArea } from './areas.service';
import { convertGeometry } from './geo';
import { locateGrid } from './locate';

const tags = ['areas'];
const Created = z.object({ id: z.number() });

/** The actor's top visible nodes: their scope areas, without ones nested in another. */
export function viewRoots(actor: Actor) {
  const scopes = scopesWith(actor, 'area.view');
  return scopes.filter(
    (s) => !scopes.some((o) => o !== s && o.tenantId === s.tenantId && s.path.startsWith(`${o.path}.`)),
  );
}

/** Area tree routes: browse, search, edit, move, archive, grid workers, map shapes, point → grid. */
export async function areaRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  const visible = async (actor: Actor, id: number, withGeometry = false) => {
    const area = await q.findArea(pool, id, tenantFilter(actor), withGeometry);
    if (!area || !canViewArea(actor, area)) throw notFound('Area', '区域');
    return area;
  };

  const detail = async (actor: Actor, id: number) => {
    const found = await q.findAreaDetail(pool, id, tenantFilter(actor));
    if (!found || !canViewArea(actor, found.area)) throw notFound('Area', '区域');
    return presentDetail(actor, found.area, found);
  };

  r.get('/api/areas', {
    schema: {
      tags,
      summary: '子节点列表（不带 parentId 时为我可见的顶层节点）/ Children, or my top nodes',
      querystring: AreaListQuery,
      response: { 200: AreaList },
    },
    handler: async (req) => {
      const actor = req.actor;
      const includeArchived = req.query.includeArchived === 'true';
      if (req.query.parentId) {
        const parent = await visible(actor, req.query.parentId);
        return {
          items: (await q.listChildren(pool, parent.tenantId, parent.id, includeArchived)).map((a) =>
            presentNode(actor, a),
          ),
        };
      }
      const rows = actor.isPlatformAdmin
        ? await q.listStreets(pool)
        : await q.listByIds(
            pool,
            viewRoots(actor).map((s) => s.areaId),
            includeArchived,
          );
      return { items: rows.map((a) => presentNode(actor, a)) };
    },
  });

  r.get('/api/areas/search', {
    schema: {
      tags,
      summary: '按名称或编码搜索 / Search by name or code',
      querystring: AreaSearchQuery,
      response: { 200: AreaList },
    },
    handler: async (req) => {
      const roots = req.actor.isPlatformAdmin
        ? null
        : viewRoots(req.actor).map((s) => ({ tenantId: s.tenantId, path: s.path }));
      if (roots && roots.length === 0) return { items: [] };
      const rows = await q.searchAreas(pool, req.query.q, roots, req.query.limit);
      return { items: rows.map((a) => presentNode(req.actor, a)) };
    },
  });

  r.get('/api/areas/locate', {
    schema: {
      tags,
      summary: '坐标所在网格 / Which grid holds a point',
      querystring: LocateQuery,
      response: { 200: LocateResult },
    },
    handler: async (req) => {
      const hit = await locateGrid(pool, req.query.lng, req.query.lat, req.query.crs);
      return {
        grid: hit ? { id: hit.id, name: hit.name, code: hit.code, communityId: hit.communityId } : null,
      };
    },
  });

  r.get('/api/areas/:id', {
    schema: {
      tags,
      summary: '节点详情（含边界、上级、网格员）/ Node detail',
      params: IdParams,
      response: { 200: AreaDetail },
    },
    handler: (req) => detail(req.actor, req.params.id),
  });

  r.get('/api/areas/:id/grids.geojson', {
    schema: {
      tags,
      summary: '节点下网格边界 GeoJSON / Grid outlines under a node',
      params: IdParams,
      querystring: GeoJsonQuery,
      response: { 200: GridFeatureCollection },
    },
    handler: async (req) => {
      const area = await visible(req.actor, req.params.id);
      const rows = await q.listGridShapes(pool, area.tenantId, area.path);
      return {
        type: 'FeatureCollection' as const,
        features: rows.map((g) => ({
          type: 'Feature' as const,
          id: g.id,
          geometry: convertGeometry(g.geometry, 'wgs84', req.query.crs),
          properties: {
            id: g.id,
            name: g.name,
            code: g.code,
            communityId: g.community_id,
            communityName: g.community_name,
            leadWorkerName: g.lead_name,
          },
        })),
      };
    },
  });

  r.get('/api/areas/:id/history', {
    schema: {
      tags,
      summary: '节点变更记录 / Change history of a node',
      params: IdParams,
      response: { 200: AuditList },
    },
    handler: async (req) => {
      const area = await visible(req.actor, req.params.id);
      if (!can(req.actor, 'audit.view', area)) throw forbidden();
      return { items: await listAudit(pool, area.tenantId, 'area', area.id) };
    },
  });

  r.post('/api/areas', {
    schema: { tags, summary: '新建节点 / Create a node', body: CreateAreaBody, response: { 201: Created } },
    handler: async (req, reply) => {
      const id = await inTx(pool, (tx) => createArea(tx, req.actor, req.body));
      return reply.code(201).send({ id });
    },
  });

  r.patch('/api/areas/:id', {
    schema: {
      tags,
      summary: '编辑节点 / Edit a node',
      params: IdParams,
      body: UpdateAreaBody,
      response: { 200: AreaDetail },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => updateArea(tx, req.actor, req.params.id, req.body));
      return detail(req.actor, req.params.id);
    },
  });

  r.post('/api/areas/:id/move', {
    schema: {
      tags,
      summary: '移动节点 / Move a node',
      params: IdParams,
      body: MoveAreaBody,
      response: { 200: z.object({ ok: z.literal(true) }) },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => moveArea(tx, req.actor, req.params.id, req.body));
      return { ok: true as const };
    },
  });

  for (const [verb, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    r.post(`/api/areas/:id/${verb}`, {
      schema: {
        tags,
        summary: archived ? '归档节点（含下级）/ Archive with subtree' : '恢复归档 / Restore',
        params: IdParams,
        body: VersionBody,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
      handler: async (req) => {
        await inTx(pool, (tx) => setArchived(tx, req.actor, req.params.id, req.body.version, archived));
        return { ok: true as const };
      },
    });
  }

  r.put('/api/areas/:id/workers', {
    schema: {
      tags,
      summary: '设置网格员（一格一员）/ Set the grid workers',
      params: IdParams,
      body: AssignWorkersBody,
      response: { 200: z.object({ ok: z.literal(true) }) },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => assignGridWorkers(tx, req.actor, req.params.id, req.body));
      return { ok: true as const };
    },
  });
}
