import {
  CreatePartyOrgBody,
  IdParams,
  PARTY_CHILD_KINDS,
  PartyOrgList,
  UpdatePartyOrgBody,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, scopesWith } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx } from '../../platform/db/tx';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { findArea } from './areas.queries';

/** The area path that governs an organisation (alias p): its own area's, else its nearest ancestor's, else the street's. */
const GOVERNING = `coalesce(
    (select ga.path::text from party_orgs anc join areas ga on ga.tenant_id = anc.tenant_id and ga.id = anc.area_id
      where anc.tenant_id = p.tenant_id and anc.path @> p.path order by nlevel(anc.path) desc limit 1),
    (select s.path::text from areas s where s.tenant_id = p.tenant_id and s.kind = 'street' limit 1)) as gov_path`;

/** Party organisations beside the area tree (党工委 → 社区党委 → 网格党支部 → 楼栋党小组, 非公党支部). */
export async function partyOrgRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['party-orgs'];
  // An organisation is governed by whoever governs its area; one without an area (a 非公支部) by whoever governs
  // its nearest ancestor's area, and the street's 党工委 by the street.
  const target = (o: { tenant_id: number; gov_path: string }) => ({
    tenantId: o.tenant_id,
    path: o.gov_path,
  });

  const list = async (actor: Actor) => {
    const tenants = actor.isPlatformAdmin
      ? null
      : [...new Set(scopesWith(actor, 'party.view').map((s) => s.tenantId))];
    const { rows } = await ctx.pool.query(
      `select p.*, a.name as area_name, ${GOVERNING}
         from party_orgs p left join areas a on a.tenant_id = p.tenant_id and a.id = p.area_id
        where p.archived_at is null and ($1::bigint[] is null or p.tenant_id = any($1)) order by p.path`,
      [tenants],
    );
    return rows.filter((o) => can(actor, 'party.view', target(o)));
  };

  r.get('/api/party-orgs', {
    schema: { tags, summary: '党组织树 / Party organisations', response: { 200: PartyOrgList } },
    handler: async (req) => ({
      items: (await list(req.actor)).map((o) => ({
        id: o.id,
        parentId: o.parent_id,
        kind: o.kind,
        name: o.name,
        areaId: o.area_id,
        areaName: o.area_name,
        memberCount: o.member_count,
        version: o.version,
        canEdit: can(req.actor, 'party.manage', target(o)),
      })),
    }),
  });

  const loadForChange = async (tx: import('pg').PoolClient, actor: Actor, id: number) => {
    const { rows } = await tx.query(
      `select p.*, ${GOVERNING} from party_orgs p where p.id = $1 for update of p`,
      [id],
    );
    const o = rows[0];
    if (!o || !can(actor, 'party.view', target(o))) throw notFound('Party organisation', '党组织');
    if (!can(actor, 'party.manage', target(o))) throw forbidden();
    return o;
  };

  const checkArea = async (actor: Actor, tenantId: number, areaId: number | null | undefined) => {
    if (!areaId) return;
    const area = await findArea(ctx.pool, areaId, [tenantId]);
    if (!area || !can(actor, 'party.manage', area))
      throw invalid(
        'AREA_INVALID',
        '所属区域不存在或不在您的管辖范围',
        'The area does not exist or is outside your scope',
      );
  };

  r.post('/api/party-orgs', {
    schema: {
      tags,
      summary: '新建党组织 / Create a party organisation',
      body: CreatePartyOrgBody,
      response: { 201: z.object({ id: z.number() }) },
    },
    handler: async (req, reply) => {
      const id = await inTx(ctx.pool, async (tx) => {
        const parent = await loadForChange(tx, req.actor, req.body.parentId);
        if (!PARTY_CHILD_KINDS[parent.kind as keyof typeof PARTY_CHILD_KINDS].includes(req.body.kind))
          throw invalid(
            'PARTY_KIND_NOT_ALLOWED',
            '该党组织下不能建立此类组织',
            'This kind of organisation cannot sit under that parent',
          );
        await checkArea(req.actor, parent.tenant_id, req.body.areaId);
        const { rows } = await tx.query(
          `insert into party_orgs (tenant_id, id, parent_id, kind, name, area_id, path, member_count)
           select $1, n.id, $2, $3, $4, $5, $6::ltree || n.id::text, $7 from (select nextval(pg_get_serial_sequence('party_orgs', 'id')) as id) n
           returning id`,
          [
            parent.tenant_id,
            parent.id,
            req.body.kind,
            req.body.name,
            req.body.areaId ?? null,
            parent.path,
            req.body.memberCount,
          ],
        );
        await recordAudit(tx, {
          tenantId: parent.tenant_id,
          actorUserId: req.actor.userId,
          action: 'party_org.create',
          entityType: 'party_org',
          entityId: rows[0].id,
          summary: { name: req.body.name, kind: req.body.kind },
        });
        return rows[0].id as number;
      });
      return reply.code(201).send({ id });
    },
  });

  r.patch('/api/party-orgs/:id', {
    schema: {
      tags,
      summary: '编辑党组织 / Edit a party organisation',
      params: IdParams,
      body: UpdatePartyOrgBody,
      response: { 200: z.object({ ok: z.literal(true) }) },
    },
    handler: async (req) => {
      await inTx(ctx.pool, async (tx) => {
        const o = await loadForChange(tx, req.actor, req.params.id);
        if (o.version !== req.body.version)
          throw conflict(
            'PARTY_ORG_VERSION_CONFLICT',
            '该组织已被他人修改，请刷新后重试',
            'Changed by someone else; reload and retry',
          );
        if (req.body.areaId !== undefined) await checkArea(req.actor, o.tenant_id, req.body.areaId);
        await tx.query(
          `update party_orgs set name = coalesce($2, name), area_id = case when $3::boolean then $4 else area_id end,
                  member_count = coalesce($5, member_count), version = version + 1, updated_at = now() where tenant_id = $1 and id = $6`,
          [
            o.tenant_id,
            req.body.name ?? null,
            req.body.areaId !== undefined,
            req.body.areaId ?? null,
            req.body.memberCount ?? null,
            o.id,
          ],
        );
        await recordAudit(tx, {
          tenantId: o.tenant_id,
          actorUserId: req.actor.userId,
          action: 'party_org.update',
          entityType: 'party_org',
          entityId: o.id,
          summary: req.body,
        });
      });
      return { ok: true as const };
    },
  });
}
