import './http/augment';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Auth } from './auth/auth';
import type { SmsProvider } from './auth/sms';
import type { Config } from './config';

/** What every module's routes get: the pool, drizzle, auth, providers and settings. No DI container. */
export interface AppContext {
  config: Config;
  log: Logger;
  pool: pg.Pool;
  auth: Auth;
  sms: SmsProvider;
}
