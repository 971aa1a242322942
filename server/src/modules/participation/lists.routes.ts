import {
  IdParams,
  ListClaimBody,
  ListItem,
  ListItemBody,
  ListItemList,
  ListItemsQuery,
  MilestoneBody,
  MilestoneDoneBody,
  MilestoneParams,
  Project,
  ProjectList,
  ProjectPatch,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import {
  type Community,
  communityById,
  communityOf,
  day,
  isStaffOf,
  relatedTo,
  staffCommunity,
} from './participation.common';

const tags = ['participation'];
export const PUBLISHER_ZH = {
  community: '社区',
  unit: '驻区单位',
  property: '物业',
  social_org: '社会组织',
} as const;

const ITEM_SELECT = `select i.*, coalesce(pn.id, pr.id) as project_id from list_items i
  left join list_projects pn on pn.tenant_id = i.tenant_id and pn.need_id = i.id
  left join list_projects pr on pr.tenant_id = i.tenant_id and pr.resource_id = i.id`;
const presentItem = (i: Record<string, unknown>): ListItem => ({
  id: Number(i.id),
  communityId: Number(i.community_id),
  kind: i.kind as ListItem['kind'],
  publisherKind: i.publisher_kind as ListItem['publisherKind'],
  publisherName: i.publisher_name as string,
  title: i.title as string,
  description: i.description as string,
  status: i.status as ListItem['status'],
  dormant: i.dormant as boolean,
  owner: (i.owner as string | null) ?? null,
  idleYears: (i.idle_years as number | null) ?? null,
  convertibleUse: (i.convertible_use as string | null) ?? null,
  expectedFunding: (i.expected_funding as string | null) ?? null,
  projectId: i.project_id === null ? null : Number(i.project_id),
});

async function items(db: Queryable, c: Community, kind?: 'need' | 'resource' | 'dormant') {
  const { rows } = await db.query(
    `${ITEM_SELECT} where i.tenant_id = $1 and i.community_id = $2
        and ($3::text is null or ($3 = 'dormant' and i.dormant) or i.kind = $3)
      order by i.kind, i.status, i.id limit 1000`,
    [c.tenantId, c.id, kind ?? null],
  );
  return rows.map(presentItem);
}

async function projects(db: Queryable, c: Community, id?: number): Promise<Project[]> {
  const { rows } = await db.query(
    `select p.*, n.title as need_title, r.title as resource_title,
            coalesce((select json_agg(json_build_object('id', m.id, 'title', m.title, 'dueDate', m.due_date::text,
                                                        'done', m.done_at is not null) order by m.due_date nulls last, m.id)
                        from project_milestones m where m.tenant_id = p.tenant_id and m.project_id = p.id), '[]') as milestones
       from list_projects p
       left join list_items n on n.tenant_id = p.tenant_id and n.id = p.need_id
       left join list_items r on r.tenant_id = p.tenant_id and r.id = p.resource_id
      where p.tenant_id = $1 and p.community_id = $2 and ($3::bigint is null or p.id = $3) order by p.id desc limit 500`,
    [c.tenantId, c.id, id ?? null],
  );
  return rows.map((p) => {
    const ms = (p.milestones as { id: number; title: string; dueDate: string | null; done: boolean }[]).map(
      (m) => ({
        ...m,
        id: Number(m.id),
        dueDate: day(m.dueDate),
      }),
    );
    return {
      id: Number(p.id),
      communityId: Number(p.community_id),
      title: p.title,
      needTitle: p.need_title ?? null,
      resourceTitle: p.resource_title ?? null,
      ownerName: p.owner_name,
      budgetYuan: Number(p.budget_fen) / 100,
      results: p.results,
      agreement: p.agreement,
      milestones: ms,
      progress: ms.length ? Math.round((ms.filter((m) => m.done).length * 100) / ms.length) : 0,
    };
  });
}

async function loadProject(db: Queryable, actor: Actor, id: number, manage: boolean) {
  const { rows } = await db.query('select * from list_projects where id = $1', [id]);
  if (!rows[0]) throw notFound('Project', '项目');
  const c = await communityById(db, Number(rows[0].tenant_id), Number(rows[0].community_id));
  if (!relatedTo(actor, c)) throw notFound('Project', '项目');
  if (manage && !isStaffOf(actor, c, 'participation.manage')) throw forbidden();
  return { p: rows[0], c };
}

/**
 * Publishing one item (the form and every imported row): a dormant asset is a resource; the row and its audit
 * event in the caller's transaction.
 */
export async function publishItem(
  tx: Queryable,
  userId: string,
  c: Community,
  b: z.output<typeof ListItemBody>,
) {
  if (b.dormant && b.kind !== 'resource')
    throw invalid('DORMANT_RESOURCE', '沉睡资源属于资源清单', 'A dormant asset is a resource');
  const { rows } = await tx.query(
    `insert into list_items (tenant_id, community_id, kind, publisher_kind, publisher_name, title, description,
                             dormant, owner, idle_years, convertible_use, expected_funding)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning *, null::bigint as project_id`,
    [
      c.tenantId,
      c.id,
      b.kind,
      b.publisherKind,
      b.publisherName,
      b.title,
      b.description,
      b.dormant,
      b.owner ?? null,
      b.idleYears ?? null,
      b.convertibleUse ?? null,
      b.expectedFunding ?? null,
    ],
  );
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId: userId,
    action: 'list.publish',
    entityType: 'list_item',
    entityId: rows[0].id,
    summary: { kind: b.kind, title: b.title },
  });
  return rows[0] as Record<string, unknown>;
}

/**
 * Claiming (the 认领 button and every imported project row): the items taken in one conditional update — a second
 * claimer finds them claimed (409) — and the pair becomes a project, audited.
 */
export async function claimItems(
  tx: Queryable,
  userId: string,
  c: Community,
  ids: number[],
  b: z.output<typeof ListClaimBody>,
) {
  // both items taken in one conditional update: a second claimer finds them claimed (409)
  const upd = await tx.query(
    `update list_items set status = 'claimed'
        where tenant_id = $1 and community_id = $2 and id = any($3::bigint[]) and status = 'open' returning id, kind, title`,
    [c.tenantId, c.id, ids],
  );
  if (upd.rowCount !== ids.length)
    throw conflict('ITEM_TAKEN', '条目已被认领', 'The item has already been claimed');
  const need = upd.rows.find((i) => i.kind === 'need');
  const resource = upd.rows.find((i) => i.kind === 'resource');
  if (ids.length === 2 && (!need || !resource))
    throw invalid('CLAIM_PAIR', '需求与资源须各一项', 'Pair a need with a resource');
  const { rows: p } = await tx.query(
    `insert into list_projects (tenant_id, community_id, title, need_id, resource_id, owner_name, budget_fen, agreement, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      c.tenantId,
      c.id,
      b.title ?? (need?.title || resource?.title),
      need?.id ?? null,
      resource?.id ?? null,
      b.ownerName,
      Math.round(b.budgetYuan * 100),
      b.agreement,
      userId,
    ],
  );
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId: userId,
    action: 'list.claim',
    entityType: 'list_project',
    entityId: p[0].id,
    summary: { items: ids, owner: b.ownerName },
  });
  return Number(p[0].id);
}

/** 三张清单 (needs, resources, projects) and the 沉睡清单: publish, two-way claim into a project, milestones, export. */
export async function listRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/lists/items', {
    schema: {
      tags,
      summary: '需求清单、资源清单、沉睡清单 / Needs, resources, dormant assets',
      querystring: ListItemsQuery,
      response: { 200: ListItemList },
    },
    handler: async (req) => {
      const c = await communityOf(pool, req.actor, req.query.communityId);
      return { items: await items(pool, c, req.query.kind) };
    },
  });

  r.post('/api/lists/items', {
    schema: {
      tags,
      summary: '发布清单条目 / Publish a list item',
      body: ListItemBody,
      response: { 201: ListItem },
    },
    handler: async (req, reply) => {
      const out = await inTx(pool, async (tx) => {
        const c = await staffCommunity(tx, req.actor, req.body.communityId, 'participation.manage');
        return publishItem(tx, req.actor.userId, c, req.body);
      });
      return reply.code(201).send(presentItem(out));
    },
  });

  r.post('/api/lists/items/:id/claim', {
    schema: {
      tags,
      summary: '认领清单条目（双向认领，成为项目）/ Claim an item: the pair becomes a project',
      params: IdParams,
      body: ListClaimBody,
      response: { 201: Project },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const out = await inTx(pool, async (tx) => {
        const { rows } = await tx.query('select * from list_items where id = $1', [req.params.id]);
        if (!rows[0]) throw notFound('Item', '清单条目');
        const c = await communityById(tx, Number(rows[0].tenant_id), Number(rows[0].community_id));
        if (!relatedTo(req.actor, c)) throw notFound('Item', '清单条目');
        if (!isStaffOf(req.actor, c, 'participation.manage')) throw forbidden();
        const ids = [req.params.id, ...(b.counterpartId ? [b.counterpartId] : [])];
        return { c, id: await claimItems(tx, req.actor.userId, c, ids, b) };
      });
      return reply.code(201).send((await projects(pool, out.c, out.id))[0] as Project);
    },
  });

  r.get('/api/lists/projects', {
    schema: {
      tags,
      summary: '项目清单（里程碑与进度）/ Projects with milestones and progress',
      querystring: z.object({ communityId: ListItemsQuery.shape.communityId.optional() }),
      response: { 200: ProjectList },
    },
    handler: async (req) => {
      const c = await communityOf(pool, req.actor, req.query.communityId);
      return { items: await projects(pool, c) };
    },
  });

  r.patch('/api/lists/projects/:id', {
    schema: {
      tags,
      summary: '记录项目成效 / Record a project’s results',
      params: IdParams,
      body: ProjectPatch,
      response: { 200: Project },
    },
    handler: async (req) => {
      const { p, c } = await loadProject(pool, req.actor, req.params.id, true);
      await pool.query('update list_projects set results = $3 where tenant_id = $1 and id = $2', [
        p.tenant_id,
        p.id,
        req.body.results,
      ]);
      return (await projects(pool, c, Number(p.id)))[0] as Project;
    },
  });

  r.post('/api/lists/projects/:id/milestones', {
    schema: {
      tags,
      summary: '添加里程碑 / Add a milestone',
      params: IdParams,
      body: MilestoneBody,
      response: { 201: Project },
    },
    handler: async (req, reply) => {
      const { p, c } = await loadProject(pool, req.actor, req.params.id, true);
      await pool.query(
        'insert into project_milestones (tenant_id, project_id, title, due_date) values ($1, $2, $3, $4)',
        [p.tenant_id, p.id, req.body.title, req.body.dueDate ?? null],
      );
      return reply.code(201).send((await projects(pool, c, Number(p.id)))[0] as Project);
    },
  });

  r.post('/api/lists/projects/:id/milestones/:milestoneId', {
    schema: {
      tags,
      summary: '标记里程碑完成与否 / Mark a milestone done or not',
      params: MilestoneParams,
      body: MilestoneDoneBody,
      response: { 200: Project },
    },
    handler: async (req) => {
      const { p, c } = await loadProject(pool, req.actor, req.params.id, true);
      const upd = await pool.query(
        `update project_milestones set done_at = case when $4 then coalesce(done_at, now()) end
          where tenant_id = $1 and project_id = $2 and id = $3`,
        [p.tenant_id, p.id, req.params.milestoneId, req.body.done],
      );
      if (upd.rowCount !== 1) throw notFound('Milestone', '里程碑');
      return (await projects(pool, c, Number(p.id)))[0] as Project;
    },
  });

  r.get('/api/lists/export', {
    schema: {
      tags,
      summary: '导出三张清单 Excel / Export the lists',
      querystring: ListItemsQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: z.any() },
    },
    handler: async (req, reply) => {
      const c = await staffCommunity(pool, req.actor, req.query.communityId, 'participation.view');
      const all = await items(pool, c, req.query.kind);
      const buffer = await workbookBuffer(
        '三张清单',
        [
          { header: '类别', key: 'kind', width: 10 },
          { header: '发布方类型', key: 'publisherKind', width: 12 },
          { header: '发布方', key: 'publisherName', width: 18 },
          { header: '名称', key: 'title', width: 24 },
          { header: '说明', key: 'description', width: 30 },
          { header: '状态', key: 'status', width: 8 },
          { header: '权属单位', key: 'owner', width: 14 },
          { header: '闲置年限', key: 'idleYears', width: 10 },
          { header: '可转化用途', key: 'convertibleUse', width: 20 },
          { header: '预计撬动资金', key: 'expectedFunding', width: 20 },
        ],
        all.map((i) => ({
          kind: i.dormant ? '沉睡资源' : i.kind === 'need' ? '需求' : '资源',
          publisherKind: PUBLISHER_ZH[i.publisherKind],
          publisherName: i.publisherName,
          title: i.title,
          description: i.description,
          status: i.status === 'open' ? '待认领' : '已认领',
          owner: i.owner ?? '',
          idleYears: i.idleYears ?? '',
          convertibleUse: i.convertibleUse ?? '',
          expectedFunding: i.expectedFunding ?? '',
        })),
      );
      return sendXlsx(reply, `${c.name}三张清单.xlsx`, buffer);
    },
  });
}
