import {
  CommunityQuery,
  IdParams,
  MicroActionBody,
  MicroAnswerBody,
  MicroListQuery,
  MicroObjectionBody,
  MicroObjectionParams,
  MicroProjectDetail,
  MicroProjectList,
  MicroProposeBody,
  MicroRatingBody,
  MicroType,
  MicroTypeBody,
  MicroTypeList,
  MicroTypePatch,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx } from '../../platform/db/tx';
import { conflict, notFound } from '../../platform/http/errors';
import { microFundBalance } from '../ledger';
import {
  actMicro,
  answerObjection,
  ensureTypes,
  listMicro,
  listTypes,
  microDetail,
  objectMicro,
  proposeMicro,
  rateMicro,
} from './microprojects.service';
import { communityById, communityOf, isStaffOf, staffCommunity } from './participation.common';

const tags = ['participation'];

/** 民生微实事 routes (docs/decisions/0028-microprojects.md). */
export async function microprojectRoutes(app: FastifyInstance, { pool }: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/microprojects/types', {
    schema: {
      tags,
      summary: '民生微实事项目类型及预算上限 / Micro-project types and their caps',
      querystring: CommunityQuery,
      response: { 200: MicroTypeList },
    },
    handler: async (req) => {
      const c = await communityOf(pool, req.actor, req.query.communityId);
      await ensureTypes(pool, c);
      return { items: await listTypes(pool, c) };
    },
  });

  r.post('/api/microprojects/types', {
    schema: {
      tags,
      summary: '新增项目类型 / Add a project type',
      body: MicroTypeBody,
      response: { 201: MicroType },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const out = await inTx(pool, async (tx) => {
        const c = await staffCommunity(tx, req.actor, b.communityId, 'participation.manage');
        const { rows } = await tx.query(
          `insert into microproject_types (tenant_id, community_id, name, cap_fen) values ($1, $2, $3, $4)
           on conflict do nothing returning id`,
          [c.tenantId, c.id, b.name, b.cap],
        );
        if (!rows[0]) throw conflict('MICRO_TYPE_EXISTS', '已有同名类型', 'A type of that name exists');
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'microproject.type.create',
          entityType: 'microproject_type',
          entityId: rows[0].id,
          summary: { name: b.name, cap: b.cap },
        });
        return { id: Number(rows[0].id), name: b.name, cap: b.cap };
      });
      return reply.code(201).send(out);
    },
  });

  r.patch('/api/microprojects/types/:id', {
    schema: {
      tags,
      summary: '修改类型的预算上限 / Change a type’s cap',
      params: IdParams,
      body: MicroTypePatch,
      response: { 200: MicroType },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const { rows } = await tx.query('select * from microproject_types where id = $1 for update', [
          req.params.id,
        ]);
        const t = rows[0];
        if (!t) throw notFound('Project type', '项目类型');
        const c0 = await communityById(tx, Number(t.tenant_id), Number(t.community_id));
        const c = await staffCommunity(tx, req.actor, c0.id, 'participation.manage');
        await tx.query('update microproject_types set cap_fen = $3 where tenant_id = $1 and id = $2', [
          c.tenantId,
          t.id,
          req.body.cap,
        ]);
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'microproject.type.cap',
          entityType: 'microproject_type',
          entityId: t.id,
          summary: { cap: [Number(t.cap_fen), req.body.cap] },
        });
        return { id: Number(t.id), name: t.name as string, cap: req.body.cap };
      }),
  });

  r.get('/api/microprojects', {
    schema: {
      tags,
      summary: '民生微实事：项目与各阶段数量 / Micro-projects and counts per stage',
      querystring: MicroListQuery,
      response: { 200: MicroProjectList },
    },
    handler: async (req) => {
      const c = await communityOf(pool, req.actor, req.query.communityId);
      const out = await listMicro(pool, req.actor, c, req.query.stage);
      const staff = isStaffOf(req.actor, c, 'participation.view');
      return { ...out, fundBalance: staff ? await microFundBalance(pool, c.tenantId, c.id) : null };
    },
  });

  r.post('/api/microprojects', {
    schema: {
      tags,
      summary: '提议民生微实事（征集）/ Propose a micro-project',
      body: MicroProposeBody,
      response: { 201: MicroProjectDetail },
    },
    handler: async (req, reply) => {
      const { id } = await inTx(pool, (tx) => proposeMicro(tx, req.actor, req.body));
      return reply.code(201).send(await microDetail(pool, req.actor, id));
    },
  });

  r.get('/api/microprojects/:id', {
    schema: {
      tags,
      summary: '微实事详情与时间线 / A micro-project with its timeline',
      params: IdParams,
      response: { 200: MicroProjectDetail },
    },
    handler: async (req) => microDetail(pool, req.actor, req.params.id),
  });

  r.post('/api/microprojects/:id/actions', {
    schema: {
      tags,
      summary:
        '推进微实事（初审、关联表决、公示、承接、督导、付款、验收）/ Move a micro-project along its lifecycle',
      params: IdParams,
      body: MicroActionBody,
      response: { 200: MicroProjectDetail },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => actMicro(tx, req.actor, req.params.id, req.body));
      return microDetail(pool, req.actor, req.params.id);
    },
  });

  r.post('/api/microprojects/:id/objections', {
    schema: {
      tags,
      summary: '公示期内提出异议 / File an objection during the publicity period',
      params: IdParams,
      body: MicroObjectionBody,
      response: { 201: MicroProjectDetail },
    },
    handler: async (req, reply) => {
      await inTx(pool, (tx) => objectMicro(tx, req.actor, req.params.id, req.body.text));
      return reply.code(201).send(await microDetail(pool, req.actor, req.params.id));
    },
  });

  r.post('/api/microprojects/:id/objections/:objectionId/answer', {
    schema: {
      tags,
      summary: '答复异议 / Answer an objection',
      params: MicroObjectionParams,
      body: MicroAnswerBody,
      response: { 200: MicroProjectDetail },
    },
    handler: async (req) => {
      await inTx(pool, (tx) =>
        answerObjection(tx, req.actor, req.params.id, req.params.objectionId, req.body.answer),
      );
      return microDetail(pool, req.actor, req.params.id);
    },
  });

  r.post('/api/microprojects/:id/ratings', {
    schema: {
      tags,
      summary: '验收评价（1–5 星）/ Rate an accepted micro-project',
      params: IdParams,
      body: MicroRatingBody,
      response: { 201: MicroProjectDetail },
    },
    handler: async (req, reply) => {
      await inTx(pool, (tx) => rateMicro(tx, req.actor, req.params.id, req.body.stars, req.body.comment));
      return reply.code(201).send(await microDetail(pool, req.actor, req.params.id));
    },
  });
}
