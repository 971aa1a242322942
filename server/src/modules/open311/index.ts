/**
 * Open311 GeoReport v2 at /open311/v2 for third-party clients (FixMyStreet and others): discovery, services,
 * requests (read, and post with an api_key), tokens and FixMyStreet's servicerequestupdates, in JSON and XML.
 * A gateway over the requests module; its own table is open311_clients. See docs/open311.md.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { OPEN311_PREFIX, open311Plugin, sendOpen311Error } from './open311.routes';

/** Mounted in its own encapsulated context: the form-body parser, error and 404 handlers stay inside it. */
export async function open311Routes(app: FastifyInstance, ctx: AppContext) {
  await app.register(async (scope) => open311Plugin(scope, ctx), { prefix: OPEN311_PREFIX });
}

/**
 * Errors Fastify raises before routing (a malformed or over-long URL) under /open311/ get the spec's error
 * list too; app.ts sends the others to problem+json. Returns false for URLs outside Open311.
 */
export function open311FrameworkError(
  err: Parameters<typeof sendOpen311Error>[0],
  req: Parameters<typeof sendOpen311Error>[1],
  reply: Parameters<typeof sendOpen311Error>[2],
): boolean {
  if (!req.url.startsWith(`${OPEN311_PREFIX}/`)) return false;
  sendOpen311Error(err, req, reply);
  return true;
}
