import { OpenCodeParams, OpenCommunity } from '@doorstep/contract';
import type {} from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/http/errors';
import { LICENCE, openCommunity, openCsv } from './public';
import { communityByCode } from './survey';

/**
 * A community's public page data and open data, anonymous (no sign-in, no cookies read): JSON for the page and for
 * machines, CSV for spreadsheets. Cached per community (OPEN_DATA_CACHE_SECONDS, default 300) and rate-limited per
 * IP (OPEN_DATA_RATE_LIMIT a minute, default 60).
 */
export async function publicRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ttl = Number(process.env.OPEN_DATA_CACHE_SECONDS ?? 300) * 1000;
  const cache = new Map<string, { at: number; data: OpenCommunity }>();
  const perIp = app.rateLimit({
    max: Number(process.env.OPEN_DATA_RATE_LIMIT ?? 60),
    timeWindow: 60_000,
    keyGenerator: (req) => `open:${req.ip}`,
  });
  const load = async (code: string) => {
    const hit = cache.get(code);
    if (hit && Date.now() - hit.at < ttl) return hit.data;
    const c = await communityByCode(ctx.pool, code);
    if (!c) throw notFound('Community', '社区');
    const data = await openCommunity(ctx.pool, c);
    if (cache.size > 5000) cache.clear();
    cache.set(code, { at: Date.now(), data });
    return data;
  };
  const common = { config: { auth: 'public' as const }, onRequest: perIp };
  const cacheHeader = `public, max-age=${Math.round(ttl / 1000)}`;

  r.get('/api/open/communities/:code', {
    ...common,
    schema: {
      tags: ['open data'],
      summary: '社区公开页数据（无需登录）/ A community’s public page (no sign-in)',
      params: OpenCodeParams,
      response: { 200: OpenCommunity },
    },
    handler: async (req, reply) => {
      reply.header('cache-control', cacheHeader);
      return load(req.params.code);
    },
  });
  r.get('/api/open/communities/:code/data.json', {
    ...common,
    schema: {
      tags: ['open data'],
      summary: `开放数据 JSON / Open data as JSON — ${LICENCE}`,
      params: OpenCodeParams,
      response: { 200: OpenCommunity },
    },
    handler: async (req, reply) => {
      reply.header('cache-control', cacheHeader);
      reply.header('content-disposition', `attachment; filename="open-${req.params.code}.json"`);
      return load(req.params.code);
    },
  });
  r.get('/api/open/communities/:code/data.csv', {
    ...common,
    schema: {
      tags: ['open data'],
      summary: `开放数据 CSV / Open data as CSV — ${LICENCE}`,
      params: OpenCodeParams,
      produces: ['text/csv'],
    },
    handler: async (req, reply) => {
      const d = await load(req.params.code);
      reply.header('cache-control', cacheHeader);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="open-${req.params.code}.csv"`);
      return openCsv(d);
    },
  });
}
