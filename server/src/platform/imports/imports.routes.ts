import { IdParams, ImportJob } from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { tenantFilter } from '../access/policy';
import type { Actor } from '../access/scopes';
import type { AppContext } from '../context';
import { sendXlsx, workbookBuffer } from '../excel/excel';
import { notFound } from '../http/errors';
import { findImportJob } from './jobs';

/** Progress of any import, and its error report as Excel (the rejected rows with their original values). */
export async function importJobRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const load = async (actor: Actor, id: number) => {
    const job = await findImportJob(ctx.pool, id, tenantFilter(actor), actor.userId, actor.isPlatformAdmin);
    if (!job) throw notFound('Import', '导入任务');
    return job;
  };
  r.get('/api/imports/:id', {
    schema: {
      tags: ['imports'],
      summary: '导入进度与结果 / Import progress and result',
      params: IdParams,
      response: { 200: ImportJob },
    },
    handler: async (req) => {
      const { tenantId: _t, ...job } = await load(req.actor, req.params.id);
      return job;
    },
  });
  r.get('/api/imports/:id/errors.xlsx', {
    schema: { tags: ['imports'], summary: '下载错误报告 / Download the error report', params: IdParams },
    handler: async (req, reply) => {
      const job = await load(req.actor, req.params.id);
      const valueKeys = [...new Set(job.errors.flatMap((e) => Object.keys(e.values)))];
      const columns = [
        { header: '行号', key: '__row', width: 6 },
        { header: '字段', key: '__field', width: 10 },
        { header: '错误', key: '__message', width: 40 },
        { header: '错误码', key: '__code', width: 18 },
        ...valueKeys.map((k) => ({ header: k, key: `v:${k}`, width: 16 })),
      ];
      const rows = job.errors.map((e) => ({
        __row: e.row,
        __field: e.field ?? '',
        __message: e.message['zh-CN'],
        __code: e.code,
        ...Object.fromEntries(valueKeys.map((k) => [`v:${k}`, e.values[k] ?? ''])),
      }));
      return sendXlsx(reply, `导入错误-${job.fileName}.xlsx`, await workbookBuffer('错误', columns, rows));
    },
  });
}
