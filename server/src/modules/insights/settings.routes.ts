import { ScoringBody, ScoringQuery, ScoringSettings } from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { can, tenantFilter } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { notFound } from '../../platform/http/errors';
import { findArea } from '../areas';
import { saveScoring, scoringSettings, streetOf } from './settings';

const tags = ['insights'];

/** The street of an area the actor leads (runs briefs in); editing needs insights.scoring over the street. */
async function streetFor(db: Queryable, actor: Actor, areaId: number, edit: boolean) {
  const area = await findArea(db, areaId, tenantFilter(actor));
  if (!area || !can(actor, 'insights.brief', area)) throw notFound('Area', '区域');
  const street = await streetOf(db, area.tenantId, area.path);
  if (!street || (edit && !can(actor, 'insights.scoring', street))) throw notFound('Street', '街道');
  return street;
}

/** 晨读评分设置: read by the leads whose briefs use it, edited by street admins. */
export async function scoringRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/insights/scoring', {
    schema: {
      tags,
      summary: '晨读评分设置 / Morning-brief scoring of the street',
      querystring: ScoringQuery,
      response: { 200: ScoringSettings },
    },
    handler: async (req) => {
      const street = await streetFor(pool, req.actor, req.query.areaId, false);
      return {
        ...(await scoringSettings(pool, street)),
        canEdit: can(req.actor, 'insights.scoring', street),
      };
    },
  });

  r.put('/api/insights/scoring', {
    schema: {
      tags,
      summary: '修改晨读评分设置 / Change the street’s morning-brief scoring',
      body: ScoringBody,
      response: { 200: ScoringSettings },
    },
    handler: async (req) => {
      const street = await streetFor(pool, req.actor, req.body.areaId, true);
      await inTx(pool, (tx) => saveScoring(tx, req.actor, street, req.body));
      return { ...(await scoringSettings(pool, street)), canEdit: true };
    },
  });
}
