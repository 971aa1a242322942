import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors';
import { sendProblem } from './problem';

/** Serves the built console at / and the H5 at /h5/, with SPA fallbacks; API misses get problem+json. */
export async function registerWeb(app: FastifyInstance, webDist: string) {
  const built = existsSync(join(webDist, 'index.html'));
  if (built)
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      wildcard: false,
      index: false,
      maxAge: '1h',
    });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (path.startsWith('/api/') || req.method !== 'GET' || path.startsWith('/assets/')) {
      return sendProblem(req, reply, new AppError(404, 'ROUTE_NOT_FOUND', '接口不存在', 'No such endpoint'));
    }
    if (!built)
      return reply
        .type('text/html; charset=utf-8')
        .send('<p>Web app not built: run <code>npm run build:web</code> / 前端尚未构建</p>');
    const page = path === '/h5' || path.startsWith('/h5/') ? 'h5/index.html' : 'index.html';
    return reply.header('cache-control', 'no-cache').sendFile(page);
  });
}
