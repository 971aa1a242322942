import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import client from 'prom-client';

/** One value of a database gauge; label values by the gauge's label names. */
export interface GaugeSample {
  labels?: Record<string, string>;
  value: number;
}

/**
 * A gauge read from the database when Prometheus scrapes (e.g. a module's backlog). Modules export these and
 * app.ts hands them to registerMetrics, so the platform never imports a module. `read` runs one cheap query:
 * on an index, and bounded (count at most a cap, or over a recent window); it runs under a statement timeout,
 * at most once per cache period, on one connection shared by every gauge.
 */
export interface DbGauge {
  name: string;
  help: string;
  labelNames?: readonly string[];
  read(db: pg.ClientBase): Promise<GaugeSample[]>;
}

/** Database gauges are read at most this often, whatever the scrape rate; concurrent scrapes share one read. */
export const GAUGE_CACHE_MS = 10_000;
/** Each gauge query is cancelled after this long (the scrape then reports the gauge as missing). */
export const GAUGE_TIMEOUT_MS = 2_000;
/** Counts stop here: a gauge never scans more rows than this. */
export const COUNT_CAP = 100_000;

// pg-boss' own internal queues (__pgboss__send-it…) are left out
const QUEUES = "pgboss.queue q where q.name not like '\\_\\_pgboss\\_\\_%'";

/**
 * The platform's own database gauges: the pg-boss queue (schema `pgboss`, absent until the jobs first start)
 * and import jobs.
 */
export const platformGauges: DbGauge[] = [
  {
    name: 'doorstep_jobs_waiting',
    help: 'Jobs due and not yet picked up, by queue (pg-boss created or retry, start_after passed)',
    labelNames: ['queue'],
    // job_i5 (name, start_after) where state < 'active'
    read: async (db) =>
      (await hasPgBoss(db))
        ? samples(
            await db.query(
              `select q.name as queue, (select count(*)::int from pgboss.job j
                  where j.name = q.name and j.state < 'active' and j.start_after <= now()) as value
                 from ${QUEUES}`,
            ),
          )
        : [],
  },
  {
    name: 'doorstep_jobs_failed_last_hour',
    help: 'Jobs that failed for good (retries used up) in the last hour, by queue',
    labelNames: ['queue'],
    // pg-boss keeps finished jobs in pgboss.job for 12 hours before archiving them: a small table
    read: async (db) =>
      (await hasPgBoss(db))
        ? samples(
            await db.query(
              `select q.name as queue, (select count(*)::int from pgboss.job j
                  where j.name = q.name and j.state = 'failed' and j.completed_on > now() - interval '1 hour') as value
                 from ${QUEUES}`,
            ),
          )
        : [],
  },
  {
    name: 'doorstep_jobs_last_completed_timestamp_seconds',
    help: 'When a job of the queue last completed (Unix time); a scheduled queue that stops moving is stuck',
    labelNames: ['queue'],
    read: async (db) =>
      (await hasPgBoss(db))
        ? samples(
            await db.query(
              `select q.name as queue, extract(epoch from (select max(j.completed_on) from pgboss.job j
                  where j.name = q.name and j.state = 'completed'))::float8 as value
                 from ${QUEUES}`,
            ),
          )
        : [],
  },
  {
    name: 'doorstep_import_jobs_running',
    help: 'Excel/CSV imports in progress',
    read: async (db) =>
      samples(
        await db.query(
          `select count(*)::int as value from (select 1 from import_jobs where status = 'running' limit ${COUNT_CAP}) x`,
        ),
      ),
  },
  {
    name: 'doorstep_import_jobs_oldest_running_seconds',
    help: 'Age of the oldest import still running (0 when none); an import cut off by a restart stays running',
    read: async (db) =>
      samples(
        await db.query(
          `select coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as value
             from import_jobs where status = 'running'`,
        ),
      ),
  },
  {
    name: 'doorstep_import_jobs_failed_last_hour',
    help: 'Imports that failed in the last hour',
    read: async (db) =>
      samples(
        await db.query(
          `select count(*)::int as value from (select 1 from import_jobs
            where status = 'failed' and finished_at > now() - interval '1 hour' limit ${COUNT_CAP}) x`,
        ),
      ),
  },
];

async function hasPgBoss(db: pg.ClientBase): Promise<boolean> {
  const { rows } = await db.query(
    "select to_regclass('pgboss.job') is not null and to_regclass('pgboss.queue') is not null as ok",
  );
  return rows[0].ok === true;
}

/** Rows with a `value` column and one column per label; a null value (nothing to report) is left out. */
export function samples(res: pg.QueryResult): GaugeSample[] {
  return res.rows
    .filter((r) => r.value !== null)
    .map(({ value, ...labels }) => ({
      value: Number(value),
      labels: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])),
    }));
}

/**
 * Prometheus metrics at /metrics: process, HTTP latency by route, database pool, and database gauges (the
 * platform's and the modules'), read through one connection at most every GAUGE_CACHE_MS.
 */
export function registerMetrics(
  app: FastifyInstance,
  pool: pg.Pool,
  token?: string,
  moduleGauges: readonly DbGauge[] = [],
) {
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
  const errors = new client.Counter({
    name: 'doorstep_metrics_gauge_errors_total',
    help: 'Database gauge reads that failed or timed out (the gauge is left out of that scrape)',
    labelNames: ['gauge'],
    registers: [registry],
  });
  const defs = [...platformGauges, ...moduleGauges];
  const gauges = defs.map(
    (d) =>
      new client.Gauge({
        name: d.name,
        help: d.help,
        labelNames: [...(d.labelNames ?? [])],
        registers: [registry],
      }),
  );
  let readAt = 0;
  let reading: Promise<void> | null = null;
  const refresh = async () => {
    // a scrape never queues behind the application's own queries: with the pool exhausted, keep the last values
    if (pool.waitingCount > 0 && readAt > 0) return;
    const db = await pool.connect();
    let broken: Error | undefined;
    try {
      await db.query(`set statement_timeout = ${GAUGE_TIMEOUT_MS}`);
      for (const [i, d] of defs.entries()) {
        const gauge = gauges[i]!;
        gauge.reset();
        try {
          for (const s of await d.read(db)) gauge.set(s.labels ?? {}, s.value);
        } catch (err) {
          errors.inc({ gauge: d.name });
          app.log.warn({ err, gauge: d.name }, 'metrics gauge query failed');
        }
      }
      await db.query('reset statement_timeout');
    } catch (err) {
      broken = err as Error;
      for (const g of gauges) g.reset();
    } finally {
      db.release(broken);
    }
    readAt = Date.now();
  };
  const fresh = () => {
    if (Date.now() - readAt < GAUGE_CACHE_MS) return Promise.resolve();
    reading ??= refresh()
      .catch((err) => app.log.warn({ err }, 'metrics: database unavailable'))
      .finally(() => {
        reading = null;
      });
    return reading;
  };

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    http.observe(
      { method: req.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (token && req.headers.authorization !== `Bearer ${token}`) return reply.code(401).send();
    await fresh();
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
