import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors';

/**
 * A fixed-window counter per key (e.g. per phone number), as a preHandler. @fastify/rate-limit runs one
 * limiter per request, so the per-IP limit stays with it and the per-phone limit lives here.
 * In-process: a multi-instance deployment should move this to Redis or PostgreSQL.
 */
export function keyLimiter(opts: {
  max: number;
  windowMs: number;
  key: (req: FastifyRequest) => string | undefined;
}) {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const key = opts.key(req);
    if (!key) return;
    const now = Date.now();
    if (hits.size > 100_000) for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
    let entry = hits.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + opts.windowMs };
      hits.set(key, entry);
    }
    entry.count++;
    if (entry.count > opts.max) {
      reply.header('retry-after', String(Math.ceil((entry.resetAt - now) / 1000)));
      throw new AppError(
        429,
        'RATE_LIMITED',
        '操作太频繁，请稍后再试',
        'Too many requests, please try again later',
      );
    }
  };
}
