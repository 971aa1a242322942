import { DataUse, DataUseQuery } from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { can, tenantFilter } from '../../platform/access/policy';
import type { AppContext } from '../../platform/context';
import { invalid, notFound } from '../../platform/http/errors';
import { findArea } from '../areas';
import { dataUse } from './datause';

/** 数据使用率: the share of an area's records that fed an assignment, a resolution or a decision. */
export async function dataUseRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/insights/data-use', {
    schema: {
      tags: ['insights'],
      summary: '数据使用率 / Data use share',
      querystring: DataUseQuery,
      response: { 200: DataUse },
    },
    handler: async (req) => {
      const area = await findArea(ctx.pool, req.query.areaId, tenantFilter(req.actor));
      if (!area || !can(req.actor, 'insights.view', area)) throw notFound('Area', '区域');
      if (req.query.from > req.query.to)
        throw invalid('PERIOD_INVALID', '开始日期不能晚于结束日期', 'The period starts after it ends');
      if ((Date.parse(req.query.to) - Date.parse(req.query.from)) / 86400_000 > 731)
        throw invalid('PERIOD_TOO_LONG', '时段最长两年', 'The period is at most two years');
      return dataUse(ctx.pool, area, req.query);
    },
  });
}
