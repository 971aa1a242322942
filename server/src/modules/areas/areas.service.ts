import {
  type AreaKind,
  CHILD_KINDS,
  type CreateAreaBody,
  type PolygonGeometry,
  type UpdateAreaBody,
} from '@doorstep/contract';
import type pg from 'pg';
import { tenantFilter } from '../../platform/access/policy';
import { type Actor, grantRole, invalidateActors, revokeRole } from '../../platform/access/scopes';
import { diff, recordAudit } from '../../platform/audit/audit';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { canAddChild, canAssignWorkers, canEditArea, canRestructure } from './areas.policy';
import { type AreaRow, findArea } from './areas.queries';
import { codeProblem, KIND_ZH } from './codes';
import { bboxOf, boxLiteral, geometryProblem } from './geo';

/** Loads a node for change under a row lock; 404 if the actor cannot see it. */
export async function lockArea(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  withGeometry = false,
): Promise<AreaRow> {
  // lock first, then read: a version read before the lock could be stale by the time we write
  const tenants = tenantFilter(actor);
  const { rows } = tenants
    ? await tx.query('select tenant_id from areas where tenant_id = any($1) and id = $2 for update', [
        tenants,
        id,
      ])
    : await tx.query('select tenant_id from areas where id = $1 for update', [id]);
  if (!rows[0]) throw notFound('Area', '区域');
  const area = await findArea(tx, id, [rows[0].tenant_id], withGeometry);
  if (!area) throw notFound('Area', '区域');
  return area;
}

function checkVersion(area: AreaRow, version: number) {
  if (area.version !== version)
    throw conflict(
      'AREA_VERSION_CONFLICT',
      '该节点已被他人修改，请刷新后重试',
      'Someone else changed this node; reload and try again',
    );
}

function checkGeometry(kind: AreaKind, g: PolygonGeometry | null | undefined) {
  if (!g) return;
  if (kind !== 'grid' && kind !== 'community' && kind !== 'compound')
    throw invalid(
      'AREA_GEOMETRY_NOT_ALLOWED',
      '只有社区、网格和小区可以有边界',
      'Only communities, grids and compounds have outlines',
    );
  const problem = geometryProblem(g);
  if (problem)
    throw invalid(
      'AREA_GEOMETRY_INVALID',
      '边界多边形无效：环未闭合或点数不足',
      `Invalid outline: ${problem}`,
    );
}

function checkCode(kind: AreaKind, code: string | null | undefined, parentCode: string | null) {
  const p = codeProblem(kind, code, parentCode);
  if (p) throw invalid('AREA_CODE_INVALID', p.zh, p.en);
}

const geometryParams = (g: PolygonGeometry | null | undefined) =>
  g ? [JSON.stringify(g), boxLiteral(bboxOf(g))] : [null, null];

/** Creates a node under a parent (createArea). */
export async function createArea(tx: pg.PoolClient, actor: Actor, input: CreateAreaBody): Promise<number> {
  const parent = await lockArea(tx, actor, input.parentId);
  // under a building nothing may be added: say so (422) to whoever may edit the building
  if (!canAddChild(actor, parent) && !(parent.kind === 'building' && canEditArea(actor, parent)))
    throw forbidden();
  if (!CHILD_KINDS[parent.kind].includes(input.kind))
    throw invalid(
      'AREA_KIND_NOT_ALLOWED',
      `${KIND_ZH[parent.kind]}下不能直接添加${KIND_ZH[input.kind]}`,
      `A ${input.kind} cannot sit under a ${parent.kind}`,
    );
  checkCode(input.kind, input.code, parent.code);
  checkGeometry(input.kind, input.geometry);
  const [geometry, bbox] = geometryParams(input.geometry);
  const { rows } = await tx.query(
    `insert into areas (tenant_id, id, parent_id, kind, name, code, path, geometry, bbox, properties)
     select $1, n.id, $2, $3, $4, $5, $6::ltree || n.id::text, $7, $8::box, $9
       from (select nextval(pg_get_serial_sequence('areas', 'id')) as id) n
     returning id`,
    [
      parent.tenantId,
      parent.id,
      input.kind,
      input.name,
      input.code ?? null,
      parent.path,
      geometry,
      bbox,
      JSON.stringify(input.properties),
    ],
  );
  const id = rows[0].id as number;
  await recordAudit(tx, {
    tenantId: parent.tenantId,
    actorUserId: actor.userId,
    action: 'area.create',
    entityType: 'area',
    entityId: id,
    summary: { kind: input.kind, name: input.name, code: input.code ?? null, parentId: parent.id },
  });
  return id;
}

/** Edits name, code, outline and attributes, guarded by the version the editor saw (updateArea). */
export async function updateArea(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  input: UpdateAreaBody,
): Promise<void> {
  const area = await lockArea(tx, actor, id, true);
  if (!canEditArea(actor, area) || area.archivedAt) throw forbidden();
  checkVersion(area, input.version);
  const parent = area.parentId ? await findArea(tx, area.parentId, [area.tenantId]) : null;
  if (input.code !== undefined) checkCode(area.kind, input.code, parent?.code ?? null);
  if (input.geometry !== undefined) checkGeometry(area.kind, input.geometry);
  const [geometry, bbox] = geometryParams(input.geometry);
  await tx.query(
    `update areas set name = coalesce($3, name),
            code = case when $4::boolean then $5 else code end,
            geometry = case when $6::boolean then $7::jsonb else geometry end,
            bbox = case when $6::boolean then $8::box else bbox end,
            properties = coalesce($9::jsonb, properties),
            version = version + 1, updated_at = now()
      where tenant_id = $1 and id = $2`,
    [
      area.tenantId,
      id,
      input.name ?? null,
      input.code !== undefined,
      input.code ?? null,
      input.geometry !== undefined,
      geometry,
      bbox,
      input.properties ? JSON.stringify(input.properties) : null,
    ],
  );
  const changes = diff(
    { name: area.name, code: area.code, properties: area.properties },
    { name: input.name, code: input.code, properties: input.properties },
  );
  if (input.geometry !== undefined)
    changes.geometry = [area.hasGeometry ? 'outline' : null, input.geometry ? 'outline' : null];
  await recordAudit(tx, {
    tenantId: area.tenantId,
    actorUserId: actor.userId,
    action: 'area.update',
    entityType: 'area',
    entityId: id,
    summary: changes,
  });
}

/** Moves a node (and its subtree) under another parent of the right kind (moveArea). */
export async function moveArea(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  input: { version: number; parentId: number; code?: string },
) {
  const area = await lockArea(tx, actor, id);
  if (!canRestructure(actor, area) || area.archivedAt) throw forbidden();
  checkVersion(area, input.version);
  const target = await lockArea(tx, actor, input.parentId);
  if (target.tenantId !== area.tenantId)
    throw invalid('AREA_MOVE_ACROSS_STREETS', '不能跨街道移动节点', 'Nodes cannot move between streets');
  if (target.archivedAt)
    throw invalid(
      'AREA_PARENT_ARCHIVED',
      '目标上级已归档，请先恢复',
      'The new parent is archived; restore it first',
    );
  if (!canAddChild(actor, target) && !canRestructure(actor, target)) throw forbidden();
  if (target.path === area.path || target.path.startsWith(`${area.path}.`))
    throw invalid(
      'AREA_MOVE_CYCLE',
      '不能移动到自身或其下级节点之下',
      'A node cannot move under itself or its own descendant',
    );
  if (!CHILD_KINDS[target.kind].includes(area.kind))
    throw invalid(
      'AREA_KIND_NOT_ALLOWED',
      `${KIND_ZH[target.kind]}下不能放置${KIND_ZH[area.kind]}`,
      `A ${area.kind} cannot sit under a ${target.kind}`,
    );
  const code = input.code ?? area.code;
  const p = codeProblem(area.kind, code, target.code);
  if (p)
    throw invalid(
      'AREA_CODE_MISMATCH',
      `${p.zh}；移动时请填写新编码`,
      `${p.en}; give a new code with the move`,
    );
  const newPath = `${target.path}.${area.id}`;
  await tx.query(
    `update areas set path = $3::ltree || subpath(path, nlevel($4::ltree)), updated_at = now()
      where tenant_id = $1 and path <@ $4::ltree and id <> $2`,
    [area.tenantId, area.id, newPath, area.path],
  );
  await tx.query(
    `update areas set parent_id = $3, path = $4::ltree, code = $5, version = version + 1, updated_at = now()
      where tenant_id = $1 and id = $2`,
    [area.tenantId, area.id, target.id, newPath, code],
  );
  await recordAudit(tx, {
    tenantId: area.tenantId,
    actorUserId: actor.userId,
    action: 'area.move',
    entityType: 'area',
    entityId: id,
    summary: { parentId: [area.parentId, target.id], code: [area.code, code] },
  });
  invalidateActors(); // role scopes carry area paths
}

/** Archives a node with its whole subtree; restoring brings back what was archived with it (archiveArea). */
export async function setArchived(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  version: number,
  archived: boolean,
) {
  const area = await lockArea(tx, actor, id);
  if (!canRestructure(actor, area)) throw forbidden();
  checkVersion(area, version);
  if (archived === (area.archivedAt !== null)) return;
  if (archived) {
    await tx.query(
      `update areas set archived_at = now(), version = version + 1, updated_at = now()
        where tenant_id = $1 and path <@ $2::ltree and archived_at is null`,
      [area.tenantId, area.path],
    );
  } else {
    const parent = area.parentId ? await findArea(tx, area.parentId, [area.tenantId]) : null;
    if (parent?.archivedAt)
      throw invalid(
        'AREA_PARENT_ARCHIVED',
        '上级节点已归档，请先恢复上级',
        'The parent is archived; restore it first',
      );
    await tx.query(
      `update areas set archived_at = null, version = version + 1, updated_at = now()
        where tenant_id = $1 and path <@ $2::ltree
          and archived_at = (select archived_at from areas where tenant_id = $1 and id = $3)`,
      [area.tenantId, area.path, area.id],
    );
  }
  await recordAudit(tx, {
    tenantId: area.tenantId,
    actorUserId: actor.userId,
    action: archived ? 'area.archive' : 'area.restore',
    entityType: 'area',
    entityId: id,
  });
  invalidateActors(); // scopes on archived areas lapse
}

/** Sets a grid's one lead worker (一格一员) and its members; each gets the grid_worker role there. */
export async function assignGridWorkers(
  tx: pg.PoolClient,
  actor: Actor,
  gridId: number,
  input: { leadUserId: string | null; memberUserIds: string[] },
) {
  const grid = await lockArea(tx, actor, gridId);
  if (!canAssignWorkers(actor, grid) || grid.archivedAt) throw forbidden();
  const members = [...new Set(input.memberUserIds.filter((u) => u !== input.leadUserId))];
  const wanted = [...(input.leadUserId ? [input.leadUserId] : []), ...members];
  if (wanted.length) {
    const { rows } = await tx.query('select id from "user" where id = any($1)', [wanted]);
    if (rows.length !== wanted.length)
      throw invalid('USER_NOT_FOUND', '所选人员中有账号不存在', 'One of the chosen people has no account');
  }
  const { rows: before } = await tx.query(
    'select user_id, role from grid_members where tenant_id = $1 and grid_id = $2',
    [grid.tenantId, gridId],
  );
  await tx.query('delete from grid_members where tenant_id = $1 and grid_id = $2', [grid.tenantId, gridId]);
  for (const userId of wanted) {
    await tx.query('insert into grid_members (tenant_id, grid_id, user_id, role) values ($1, $2, $3, $4)', [
      grid.tenantId,
      gridId,
      userId,
      userId === input.leadUserId ? 'lead' : 'member',
    ]);
    await grantRole(tx, { tenantId: grid.tenantId, userId, role: 'grid_worker', areaId: gridId });
  }
  for (const b of before)
    if (!wanted.includes(b.user_id))
      await revokeRole(tx, {
        tenantId: grid.tenantId,
        userId: b.user_id,
        role: 'grid_worker',
        areaId: gridId,
      });
  await tx.query(
    'update areas set version = version + 1, updated_at = now() where tenant_id = $1 and id = $2',
    [grid.tenantId, gridId],
  );
  await recordAudit(tx, {
    tenantId: grid.tenantId,
    actorUserId: actor.userId,
    action: 'grid.assign_workers',
    entityType: 'area',
    entityId: gridId,
    summary: { before, lead: input.leadUserId, members },
  });
}
