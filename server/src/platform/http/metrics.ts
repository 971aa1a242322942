import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import client from 'prom-client';

/** Prometheus metrics at /metrics: process, HTTP latency by route, database pool. */
export function registerMetrics(app: FastifyInstance, pool: pg.Pool, token?: string) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'doorstep_' });
  const http = new client.Histogram({
    name: 'doorstep_http_request_duration_seconds',
    help: 'HTTP request duration by route and status class',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  for (const [name, help, read] of [
    ['doorstep_db_pool_total', 'Connections open in the pool', () => pool.totalCount],
    ['doorstep_db_pool_idle', 'Idle connections in the pool', () => pool.idleCount],
    ['doorstep_db_pool_waiting', 'Queries waiting for a connection', () => pool.waitingCount],
  ] as const) {
    new client.Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  }
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    http.observe(
      { method: req.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (token && req.headers.authorization !== `Bearer ${token}`) return reply.code(401).send();
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
