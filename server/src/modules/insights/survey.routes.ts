import {
  FigureWeightList,
  FigureWeightsQuery,
  IdParams,
  Ok,
  PublishConsent,
  PublishConsentBody,
  ResidentFigures,
  RestoreFigureBody,
  SurveyAnswerBody,
  SurveyAnswerResult,
  SurveyAskBody,
  SurveyQuestion,
  SurveySettingsBody,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { can, tenantFilter } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { invalid, notFound } from '../../platform/http/errors';
import { findArea } from '../areas';
import {
  answer,
  communityWithStreet,
  figureWeights,
  maybeAsk,
  ownCommunity,
  restore,
  weightedFigures,
} from './survey';

const tags = ['insights'];

/** A community whose figure weights the actor may read (insights.view) or restore (insights.brief): 404 otherwise. */
async function leadCommunity(
  db: Queryable,
  actor: Actor,
  id: number,
  cap: 'insights.view' | 'insights.brief' = 'insights.brief',
) {
  const area = await findArea(db, id, tenantFilter(actor));
  if (!area || !can(actor, 'insights.view', area)) throw notFound('Community', '社区');
  if (area.kind !== 'community') throw invalid('NOT_A_COMMUNITY', '请选择社区', 'Choose a community');
  if (!can(actor, cap, area)) throw notFound('Community', '社区');
  const c = await communityWithStreet(db, area.tenantId, area.id);
  if (!c) throw notFound('Community', '社区');
  return c;
}

/** The reverse survey 反向问卷: residents' weighted figures, asking and answering; staff restore and settings. */
export async function surveyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/insights/figures', {
    schema: {
      tags,
      summary: '社区数据（居民）/ My community’s figures',
      response: { 200: ResidentFigures },
    },
    handler: async (req) => {
      const c = await ownCommunity(pool, req.actor);
      const f = await weightedFigures(pool, c);
      return {
        community: { id: c.id, name: c.name },
        from: f.from,
        to: f.to,
        figures: f.figures,
        definitions: f.definitions,
      };
    },
  });

  r.post('/api/insights/survey/ask', {
    schema: {
      tags,
      summary: '是否提问（服务端决定）/ Ask a reverse-survey question?',
      body: SurveyAskBody,
      response: { 200: SurveyQuestion },
    },
    handler: async (req) => {
      const c = await ownCommunity(pool, req.actor);
      return { question: await inTx(pool, (tx) => maybeAsk(tx, req.actor, c)) };
    },
  });

  r.post('/api/insights/survey/:id/answer', {
    schema: {
      tags,
      summary: '回答“这条数据与你有关吗?” / Answer the question',
      params: IdParams,
      body: SurveyAnswerBody,
      response: { 200: SurveyAnswerResult },
    },
    handler: async (req) => inTx(pool, (tx) => answer(tx, req.actor, req.params.id, req.body.answer)),
  });

  r.get('/api/insights/figure-weights', {
    schema: {
      tags,
      summary: '数据权重与反向问卷 / Figure weights and survey counts',
      querystring: FigureWeightsQuery,
      response: { 200: FigureWeightList },
    },
    handler: async (req) =>
      figureWeights(pool, await leadCommunity(pool, req.actor, req.query.communityId, 'insights.view')),
  });

  r.post('/api/insights/figure-weights/restore', {
    schema: {
      tags,
      summary: '恢复被降权的数据 / Restore a down-weighted figure',
      body: RestoreFigureBody,
      response: { 200: FigureWeightList },
    },
    handler: async (req) => {
      const c = await leadCommunity(pool, req.actor, req.body.communityId);
      await inTx(pool, (tx) => restore(tx, req.actor, c, req.body.figure, req.body.version));
      return figureWeights(pool, c);
    },
  });

  r.put('/api/insights/survey/settings', {
    schema: {
      tags,
      summary: '街道反向问卷设置 / A street’s survey settings',
      body: SurveySettingsBody,
      response: { 200: Ok },
    },
    handler: async (req) => {
      const area = await findArea(pool, req.body.streetId, tenantFilter(req.actor));
      if (!area || !can(req.actor, 'insights.brief', area)) throw notFound('Street', '街道');
      if (area.kind !== 'street') throw invalid('NOT_A_STREET', '请选择街道', 'Choose a street');
      return inTx(pool, async (tx) => {
        const { rows } = await tx.query(
          'select min_respondents, ask_probability from insight_survey_settings where tenant_id = $1 and street_id = $2',
          [area.tenantId, area.id],
        );
        await tx.query(
          `insert into insight_survey_settings (tenant_id, street_id, min_respondents, ask_probability, updated_by)
           values ($1, $2, $3, $4, $5)
           on conflict (tenant_id, street_id) do update set min_respondents = excluded.min_respondents,
             ask_probability = excluded.ask_probability, updated_by = excluded.updated_by, updated_at = now()`,
          [area.tenantId, area.id, req.body.minRespondents, req.body.askProbability, req.actor.userId],
        );
        await recordAudit(tx, {
          tenantId: area.tenantId,
          actorUserId: req.actor.userId,
          action: 'insights.survey.settings',
          entityType: 'insight_survey_settings',
          entityId: area.id,
          summary: {
            before: rows[0]
              ? { minRespondents: rows[0].min_respondents, askProbability: Number(rows[0].ask_probability) }
              : null,
            after: { minRespondents: req.body.minRespondents, askProbability: req.body.askProbability },
          },
        });
        return { ok: true as const };
      });
    },
  });

  r.get('/api/insights/requests/:id/publish-consent', {
    schema: {
      tags,
      summary: '我是否同意公开这件诉求 / My consent to show this request publicly',
      params: IdParams,
      response: { 200: PublishConsent },
    },
    handler: async (req) => {
      const { rows } = await pool.query(
        `select r.reporter_user_id, coalesce(pc.consent, false) as consent from requests r
           left join insight_publish_consents pc on pc.tenant_id = r.tenant_id and pc.request_id = r.id
          where r.id = $1`,
        [req.params.id],
      );
      if (!rows[0] || rows[0].reporter_user_id !== req.actor.userId) throw notFound('Request', '诉求');
      return { requestId: req.params.id, consent: rows[0].consent as boolean };
    },
  });

  r.put('/api/insights/requests/:id/publish-consent', {
    schema: {
      tags,
      summary: '同意在社区公开页展示已解决的诉求 / Consent to show my resolved request publicly',
      params: IdParams,
      body: PublishConsentBody,
      response: { 200: PublishConsent },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const { rows } = await tx.query('select tenant_id, reporter_user_id from requests where id = $1', [
          req.params.id,
        ]);
        if (!rows[0] || rows[0].reporter_user_id !== req.actor.userId) throw notFound('Request', '诉求');
        const tenantId = Number(rows[0].tenant_id);
        await tx.query(
          `insert into insight_publish_consents (tenant_id, request_id, consent, user_id) values ($1, $2, $3, $4)
           on conflict (tenant_id, request_id) do update set consent = excluded.consent, user_id = excluded.user_id,
             updated_at = now()`,
          [tenantId, req.params.id, req.body.consent, req.actor.userId],
        );
        await recordAudit(tx, {
          tenantId,
          actorUserId: req.actor.userId,
          action: 'insights.publish_consent',
          entityType: 'request',
          entityId: req.params.id,
          summary: { consent: req.body.consent },
        });
        return { requestId: req.params.id, consent: req.body.consent };
      }),
  });
}
