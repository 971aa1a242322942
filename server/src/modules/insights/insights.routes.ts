import {
  AssignBriefItemBody,
  BriefChannelBody,
  BriefChannelList,
  BriefItem,
  BriefList,
  BriefsQuery,
  Dashboard,
  DashboardExportQuery,
  DashboardQuery,
  DismissBriefItemBody,
  HotspotQuery,
  Hotspots,
  IdParams,
  MyBriefItems,
  Ok,
  Portrait,
  PortraitQuery,
  ReportBriefItemBody,
  RunBriefBody,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import { can, tenantFilter } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { sendXlsx, workbookBuffer } from '../../platform/excel/excel';
import { conflict, invalid, notFound } from '../../platform/http/errors';
import { findArea } from '../areas';
import { communityById, runBrief, yesterday } from './brief';
import { redact, webhookAllowed } from './channels';
import { chartSheet, dashboard } from './dashboard';
import { dataUseRoutes } from './datause.routes';
import { defs } from './definitions';
import { hotspots } from './hotspots';
import { assignees, assignItem, dismissItem, ITEM_SELECT, presentItem, reportItem } from './loop';
import { portrait } from './portrait';
import { publicRoutes } from './public.routes';
import { reportRoutes } from './report.routes';
import { scoringRoutes } from './settings.routes';
import { surveyRoutes } from './survey.routes';

const tags = ['insights'];
const MAX_DAYS = 731;

/** An area the actor may read insights of, and a sane period. */
async function areaFor(db: Queryable, actor: Actor, id: number, period?: { from: string; to: string }) {
  const area = await findArea(db, id, tenantFilter(actor));
  if (!area || !can(actor, 'insights.view', area)) throw notFound('Area', '区域');
  if (period) {
    if (period.from > period.to)
      throw invalid('PERIOD_INVALID', '开始日期不能晚于结束日期', 'The period starts after it ends');
    if ((Date.parse(period.to) - Date.parse(period.from)) / 86400_000 > MAX_DAYS)
      throw invalid('PERIOD_TOO_LONG', '时段最长两年', 'The period is at most two years');
  }
  return area;
}

async function communityFor(
  db: Queryable,
  actor: Actor,
  id: number,
  cap: 'insights.view' | 'insights.brief',
) {
  const area = await findArea(db, id, tenantFilter(actor));
  if (!area || !can(actor, 'insights.view', area)) throw notFound('Community', '社区');
  if (area.kind !== 'community') throw invalid('NOT_A_COMMUNITY', '请选择社区', 'Choose a community');
  if (!can(actor, cap, area)) throw notFound('Community', '社区');
  return area;
}

/** Dashboards, data portrait, hot spots, and the morning brief with its loop and delivery channels. */
export async function insightsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;
  await surveyRoutes(app, ctx);
  await publicRoutes(app, ctx);
  await dataUseRoutes(app, ctx);

  r.get('/api/insights/dashboard', {
    schema: {
      tags,
      summary: '数据看板 / Dashboard',
      querystring: DashboardQuery,
      response: { 200: Dashboard },
    },
    handler: async (req) => {
      const area = await areaFor(pool, req.actor, req.query.areaId, req.query);
      return dashboard(pool, area, req.query);
    },
  });

  r.get('/api/insights/dashboard/export', {
    schema: {
      tags,
      summary: '导出图表数据 / A chart’s data as Excel',
      querystring: DashboardExportQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },
    handler: async (req, reply) => {
      const area = await areaFor(pool, req.actor, req.query.areaId, req.query);
      const d = await dashboard(pool, area, req.query);
      const sheet = chartSheet(d, req.query.chart);
      const buffer = await workbookBuffer(
        req.query.chart,
        sheet.columns,
        sheet.rows as Record<string, unknown>[],
      );
      return sendXlsx(
        reply,
        `${area.name}-${req.query.chart}-${req.query.from}-${req.query.to}.xlsx`,
        buffer,
      );
    },
  });

  r.get('/api/insights/portrait', {
    schema: {
      tags,
      summary: '数据画像 / Data portrait',
      querystring: PortraitQuery,
      response: { 200: Portrait },
    },
    handler: async (req) => {
      const area = await areaFor(pool, req.actor, req.query.areaId, req.query);
      return portrait(pool, ctx.config.pii, area, req.query);
    },
  });

  r.get('/api/insights/hotspots', {
    schema: {
      tags,
      summary: '热点（主动治理）/ Hot spots',
      querystring: HotspotQuery,
      response: { 200: Hotspots },
    },
    handler: async (req) => {
      const area = await areaFor(pool, req.actor, req.query.areaId);
      return hotspots(pool, area, req.query);
    },
  });

  // ——— the morning brief ———
  r.get('/api/insights/briefs', {
    schema: {
      tags,
      summary: '数据晨读 / A community’s morning briefs',
      querystring: BriefsQuery,
      response: { 200: BriefList },
    },
    handler: async (req) => {
      const c = await communityFor(pool, req.actor, req.query.communityId, 'insights.view');
      const { rows: briefs } = await pool.query(
        `select b.id, b.community_id, b.day::text as day, b.created_at from insight_briefs b
          where b.tenant_id = $1 and b.community_id = $2 order by b.day desc limit 14`,
        [c.tenantId, c.id],
      );
      const ids = briefs.map((b) => b.id);
      const [items, deliveries, closed] = await Promise.all([
        pool.query(
          `${ITEM_SELECT} where i.tenant_id = $1 and i.brief_id = any($2::bigint[]) order by i.rank`,
          [c.tenantId, ids],
        ),
        pool.query(
          `select brief_id, channel, target, ok, error from insight_brief_deliveries
            where tenant_id = $1 and brief_id = any($2::bigint[]) order by id`,
          [c.tenantId, ids],
        ),
        // closed the same day: reported back or dismissed before midnight of the meeting's day (the day after `day`)
        pool.query(
          `select count(*)::int as denominator,
                  count(*) filter (where coalesce(i.reported_at, case when i.state = 'dismissed' then i.decided_at end)
                     < ((b.day + 2)::timestamp at time zone 'Asia/Shanghai'))::int as numerator
             from insight_brief_items i join insight_briefs b on b.tenant_id = i.tenant_id and b.id = i.brief_id
            where i.tenant_id = $1 and i.brief_id = any($2::bigint[])`,
          [c.tenantId, ids],
        ),
      ]);
      const k = closed.rows[0];
      return {
        items: briefs.map((b) => ({
          id: Number(b.id),
          communityId: Number(b.community_id),
          communityName: c.name,
          day: b.day,
          createdAt: new Date(b.created_at).toISOString(),
          items: items.rows.filter((i) => i.brief_id === b.id).map(presentItem),
          deliveries: deliveries.rows
            .filter((d) => d.brief_id === b.id)
            .map((d) => ({ channel: d.channel, target: d.target, ok: d.ok, error: d.error })),
        })),
        closedSameDay: {
          numerator: k.numerator,
          denominator: k.denominator,
          value: k.denominator ? Math.round((k.numerator / k.denominator) * 10000) / 10000 : null,
        },
        definitions: defs('closedSameDay'),
        assignees: await assignees(pool, c.tenantId, c.path),
      };
    },
  });

  r.post('/api/insights/briefs/run', {
    schema: {
      tags,
      summary: '立即生成晨读 / Run the brief now',
      body: RunBriefBody,
      response: { 200: z.object({ id: z.number(), created: z.boolean() }) },
    },
    handler: async (req) => {
      const area = await communityFor(pool, req.actor, req.body.communityId, 'insights.brief');
      const day = req.body.day ?? yesterday();
      if (day > yesterday())
        throw invalid(
          'DAY_NOT_OVER',
          '只能为已经过去的日子生成晨读',
          'A brief looks back on a day that is over',
        );
      const c = await communityById(pool, area.tenantId, area.id);
      if (!c) throw notFound('Community', '社区');
      return runBrief(pool, c, day, req.actor.userId);
    },
  });

  const itemById = async (id: number) =>
    presentItem((await pool.query(`${ITEM_SELECT} where i.id = $1`, [id])).rows[0]);

  r.post('/api/insights/brief-items/:id/assign', {
    schema: {
      tags,
      summary: '交办 / Assign an item',
      params: IdParams,
      body: AssignBriefItemBody,
      response: { 200: BriefItem },
    },
    handler: async (req) =>
      itemById(await inTx(pool, (tx) => assignItem(tx, req.actor, req.params.id, req.body))),
  });
  r.post('/api/insights/brief-items/:id/dismiss', {
    schema: {
      tags,
      summary: '说明理由后撤销 / Dismiss with a reason',
      params: IdParams,
      body: DismissBriefItemBody,
      response: { 200: BriefItem },
    },
    handler: async (req) =>
      itemById(await inTx(pool, (tx) => dismissItem(tx, req.actor, req.params.id, req.body))),
  });
  r.post('/api/insights/brief-items/:id/report', {
    schema: {
      tags,
      summary: '回报 / Report back',
      params: IdParams,
      body: ReportBriefItemBody,
      response: { 200: BriefItem },
    },
    handler: async (req) =>
      itemById(await inTx(pool, (tx) => reportItem(tx, req.actor, req.params.id, req.body))),
  });
  r.get('/api/insights/brief-items/mine', {
    schema: { tags, summary: '交办给我的晨读事项 / Items assigned to me', response: { 200: MyBriefItems } },
    handler: async (req) => {
      const { rows } = await pool.query(
        `${ITEM_SELECT} where i.assignee_user_id = $1 order by i.state = 'assigned' desc, i.due_at desc limit 50`,
        [req.actor.userId],
      );
      return { items: rows.map(presentItem) };
    },
  });

  // ——— delivery channels (e-mail, robots) ———
  const presentChannel = (c: pg.QueryResultRow) => ({
    id: Number(c.id),
    communityId: Number(c.community_id),
    kind: c.kind,
    target: redact(c as { kind: string; target: string }),
    signed: !!c.secret,
    createdAt: new Date(c.created_at).toISOString(),
  });
  r.get('/api/insights/brief-channels', {
    schema: {
      tags,
      summary: '晨读推送渠道 / Delivery channels',
      querystring: BriefsQuery,
      response: { 200: BriefChannelList },
    },
    handler: async (req) => {
      const c = await communityFor(pool, req.actor, req.query.communityId, 'insights.brief');
      const { rows } = await pool.query(
        'select * from insight_brief_channels where tenant_id = $1 and community_id = $2 and archived_at is null order by id',
        [c.tenantId, c.id],
      );
      return { items: rows.map(presentChannel) };
    },
  });
  r.post('/api/insights/brief-channels', {
    schema: {
      tags,
      summary: '添加推送渠道 / Add a channel',
      body: BriefChannelBody,
      response: { 200: BriefChannelList.shape.items.element },
    },
    handler: async (req) => {
      const c = await communityFor(pool, req.actor, req.body.communityId, 'insights.brief');
      if (req.body.kind !== 'email' && !webhookAllowed(req.body.kind, req.body.target))
        throw invalid(
          'WEBHOOK_HOST_NOT_ALLOWED',
          '机器人地址必须是企业微信、钉钉或飞书的官方 HTTPS 地址（其他地址需运维在 BRIEF_WEBHOOK_HOSTS 中允许）',
          'A robot URL must be the official HTTPS address of WeCom, DingTalk or Feishu (others need BRIEF_WEBHOOK_HOSTS)',
        );
      return inTx(pool, async (tx) => {
        const { rows } = await tx.query(
          `insert into insight_brief_channels (tenant_id, community_id, kind, target, secret, created_by)
           values ($1, $2, $3, $4, $5, $6) returning *`,
          [c.tenantId, c.id, req.body.kind, req.body.target, req.body.secret ?? null, req.actor.userId],
        );
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'insights.channel.create',
          entityType: 'insight_brief_channel',
          entityId: rows[0].id,
          summary: { kind: req.body.kind, target: redact(req.body) },
        });
        return presentChannel(rows[0]);
      });
    },
  });
  r.delete('/api/insights/brief-channels/:id', {
    schema: { tags, summary: '删除推送渠道 / Remove a channel', params: IdParams, response: { 200: Ok } },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const { rows } = await tx.query(
          'select tenant_id, community_id, kind, target, archived_at from insight_brief_channels where id = $1 for update',
          [req.params.id],
        );
        const ch = rows[0];
        if (!ch) throw notFound('Channel', '推送渠道');
        await communityFor(tx, req.actor, Number(ch.community_id), 'insights.brief').catch(() => {
          throw notFound('Channel', '推送渠道');
        });
        if (ch.archived_at)
          throw conflict('CHANNEL_REMOVED', '该渠道已删除', 'The channel was already removed');
        await tx.query(
          'update insight_brief_channels set archived_at = now() where tenant_id = $1 and id = $2',
          [ch.tenant_id, req.params.id],
        );
        await recordAudit(tx, {
          tenantId: Number(ch.tenant_id),
          actorUserId: req.actor.userId,
          action: 'insights.channel.delete',
          entityType: 'insight_brief_channel',
          entityId: req.params.id,
          summary: { kind: ch.kind, target: redact(ch) },
        });
        return { ok: true as const };
      }),
  });
  await scoringRoutes(app, ctx);
  await reportRoutes(app, ctx);
}
