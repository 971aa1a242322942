import { join } from 'node:path';
import {
  DelayAskBody,
  DelayDecisionBody,
  ExclusionDecisionBody,
  ExclusionProposeBody,
  Id,
  IdParams,
  RequestDetail,
  RevisitBody,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../../platform/access/scopes';
import type { AppContext } from '../../platform/context';
import { inTx } from '../../platform/db/tx';
import { checkPhotos } from '../../platform/files/files';
import { askDelay, decideDelay, decideExclusion, proposeExclusion, recordRevisit } from './follow-up';

const tags = ['requests'];
const DelayParams = IdParams.extend({ delayId: Id });
const ExclusionParams = IdParams.extend({ exclusionId: Id });

/**
 * 延期 delay asks and decisions, 回访 re-visits, and the rating-exclusion review. Each answers with the request's
 * detail (as the lifecycle actions do), so the screen shows the new state and the buttons now allowed.
 */
export async function followUpRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  detail: (actor: Actor, id: number) => Promise<RequestDetail>,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;
  const photos = join(ctx.config.dataDir, 'files');

  r.post('/api/requests/:id/delays', {
    schema: {
      tags,
      summary: '申请延期 / Ask for more time',
      params: IdParams,
      body: DelayAskBody,
      response: { 200: RequestDetail },
    },
    handler: async (req) => {
      checkPhotos(photos, req.body.photos);
      await inTx(pool, (tx) => askDelay(tx, req.actor, req.params.id, req.body));
      return detail(req.actor, req.params.id);
    },
  });

  r.post('/api/requests/:id/delays/:delayId/decision', {
    schema: {
      tags,
      summary: '审批延期（同意/不同意）/ Approve or refuse a delay',
      params: DelayParams,
      body: DelayDecisionBody,
      response: { 200: RequestDetail },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => decideDelay(tx, req.actor, req.params.id, req.params.delayId, req.body));
      return detail(req.actor, req.params.id);
    },
  });

  r.post('/api/requests/:id/revisits', {
    schema: {
      tags,
      summary: '记录回访 / Record a re-visit',
      params: IdParams,
      body: RevisitBody,
      response: { 200: RequestDetail },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => recordRevisit(tx, req.actor, req.params.id, req.body));
      return detail(req.actor, req.params.id);
    },
  });

  r.post('/api/requests/:id/rating-exclusions', {
    schema: {
      tags,
      summary: '提议剔除不合理评价 / Propose leaving a rating out of the measures',
      params: IdParams,
      body: ExclusionProposeBody,
      response: { 200: RequestDetail },
    },
    handler: async (req) => {
      await inTx(pool, (tx) => proposeExclusion(tx, req.actor, req.params.id, req.body));
      return detail(req.actor, req.params.id);
    },
  });

  r.post('/api/requests/:id/rating-exclusions/:exclusionId/decision', {
    schema: {
      tags,
      summary: '审核评价剔除（同意/不同意）/ Approve or refuse a rating exclusion',
      params: ExclusionParams,
      body: ExclusionDecisionBody,
      response: { 200: RequestDetail },
    },
    handler: async (req) => {
      await inTx(pool, (tx) =>
        decideExclusion(tx, req.actor, req.params.id, req.params.exclusionId, req.body),
      );
      return detail(req.actor, req.params.id);
    },
  });
}
