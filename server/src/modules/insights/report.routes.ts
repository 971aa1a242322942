import { MonthlyReportQuery } from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { can, tenantFilter } from '../../platform/access/policy';
import type { AppContext } from '../../platform/context';
import { sendXlsx } from '../../platform/excel/excel';
import { invalid, notFound } from '../../platform/http/errors';
import { findArea } from '../areas';
import { monthlyHtml, monthlyReport, monthlyWorkbook } from './report';

/** 月报: a community's month, for the staff over it (the same readers as its dashboard). */
export async function reportRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/insights/monthly-report', {
    schema: {
      tags: ['insights'],
      summary: '社区月报（Excel 或可打印页面）/ A community’s monthly report (Excel or printable page)',
      querystring: MonthlyReportQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/html'],
    },
    handler: async (req, reply) => {
      const area = await findArea(ctx.pool, req.query.communityId, tenantFilter(req.actor));
      if (!area || !can(req.actor, 'insights.view', area)) throw notFound('Community', '社区');
      if (area.kind !== 'community') throw invalid('NOT_A_COMMUNITY', '请选择社区', 'Choose a community');
      const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
      if (req.query.month > thisMonth)
        throw invalid('MONTH_NOT_STARTED', '该月份尚未开始', 'The month has not started yet');
      const report = await monthlyReport(ctx.pool, area, req.query.month);
      if (req.query.format === 'html')
        return reply
          .type('text/html; charset=utf-8')
          .header(
            'content-security-policy',
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
          )
          .send(monthlyHtml(report));
      return sendXlsx(reply, `${area.name}-${req.query.month}-月报.xlsx`, await monthlyWorkbook(report));
    },
  });
}
