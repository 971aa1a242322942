import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { AppError } from './errors';
import { sendProblem } from './problem';

/** Probes an operator or a load balancer must always get an answer from, however busy the server is. */
const EXEMPT = new Set(['/health', '/ready', '/metrics']);

/** Only the API does database work; the web app's static files and the probes are never shed. */
export const sheddable = (req: FastifyRequest) => {
  const path = req.url.split('?', 1)[0]!;
  return !EXEMPT.has(path) && (path.startsWith('/api/') || path.startsWith('/open311/'));
};

export interface OverloadLimits {
  /** shed new API requests while more than this many queries wait for a pool connection (0 = never) */
  maxDbWaiting: number;
  /** shed while the event loop's mean delay over a sample exceeds this (ms; 0 = never) */
  maxEventLoopDelayMs: number;
  /** shed while the event loop is busier than this share of a sample (0–1; 0 = never) */
  maxEventLoopUtilization: number;
  /** seconds a shed client is told to wait (Retry-After) */
  retryAfterSeconds: number;
}

const num = (v: string | undefined, fallback: number) => {
  const n = Number(v);
  return v === undefined || v === '' || !Number.isFinite(n) ? fallback : n;
};

/** Thresholds from the environment (docs/operations.md "Overload"; decision 0020). */
export function overloadLimits(env: NodeJS.ProcessEnv = process.env): OverloadLimits {
  return {
    maxDbWaiting: num(env.OVERLOAD_MAX_DB_WAITING, 40),
    maxEventLoopDelayMs: num(env.MAX_EVENT_LOOP_DELAY_MS, 1000),
    maxEventLoopUtilization: num(env.OVERLOAD_MAX_ELU, 0),
    retryAfterSeconds: num(env.OVERLOAD_RETRY_AFTER_S, 5),
  };
}

export const overloaded = () =>
  new AppError(503, 'OVERLOADED', '服务繁忙，请稍后再试', 'Service busy, please retry later');

/**
 * Load shedding (R8): far beyond capacity, new API requests get a prompt 503 problem+json with Retry-After
 * (code OVERLOADED) instead of queueing into timeouts. The signal is the database pool's waiting queue, read
 * for every request as it arrives (a property read, no sampling lag): once more than `maxDbWaiting` queries
 * already wait for a connection, a new request would only lengthen everyone's wait. Event-loop delay (and,
 * when configured, utilisation) are sampled by @fastify/under-pressure every 250 ms as a backstop for
 * CPU-bound overload. /health, /ready, /metrics and the web app's static files are never shed.
 */
export async function registerLoadShedding(
  app: FastifyInstance,
  pool: pg.Pool,
  limits: OverloadLimits = overloadLimits(),
) {
  const shed = (req: FastifyRequest, reply: FastifyReply) =>
    sendProblem(req, reply.header('retry-after', String(limits.retryAfterSeconds)), overloaded());
  await app.register(underPressure, {
    sampleInterval: 250,
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxEventLoopUtilization: limits.maxEventLoopUtilization,
    eventLoopUtilizationMode: 'interval',
    retryAfter: limits.retryAfterSeconds,
    // returning nothing lets the request through: the probes and static files answer under pressure too
    pressureHandler: (req, reply) => {
      if (sheddable(req)) shed(req, reply);
    },
  });
  if (limits.maxDbWaiting > 0)
    app.addHook('onRequest', async (req, reply) => {
      if (pool.waitingCount > limits.maxDbWaiting && sheddable(req)) {
        req.log.debug({ waiting: pool.waitingCount }, 'shedding: database pool queue');
        return shed(req, reply);
      }
    });
}
