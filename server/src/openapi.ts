import pg from 'pg';
import pino from 'pino';
import { buildApp } from './app';
import { createAuth } from './platform/auth/auth';
import { ConsoleSms } from './platform/auth/sms';
import { loadConfig } from './platform/config';

/** The OpenAPI document, built from the route schemas without a database (the pool is never used). */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const log = pino({ level: 'silent' });
  const pool = new pg.Pool({ connectionString: 'postgres://unused@127.0.0.1:1/unused' });
  const config = {
    ...loadConfig({
      DATA_DIR: '/tmp/doorstep-openapi',
      AUTH_SECRET: 'x'.repeat(32),
      WEB_DIST: '/nonexistent',
    }),
  };
  const sms = new ConsoleSms(log);
  const auth = createAuth({
    pool,
    secret: config.authSecret,
    baseURL: config.publicUrl,
    sms,
    secureCookies: false,
  });
  const app = await buildApp({ config, log, pool, auth, sms });
  await app.ready();
  const doc = app.swagger() as unknown as Record<string, unknown>;
  await app.close();
  await pool.end();
  return doc;
}

export const OPENAPI_FILE = new URL('../../docs/api/openapi.json', import.meta.url).pathname;
