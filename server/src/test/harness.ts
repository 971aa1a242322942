import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { buildApp } from '../app';
import { createAuth } from '../platform/auth/auth';
import { ConsoleSms } from '../platform/auth/sms';
import { loadConfig } from '../platform/config';
import type { AppContext } from '../platform/context';
import { createPool } from '../platform/db/pool';
import { TEST_PII_ENV } from './pii-env';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  sms: ConsoleSms;
  baseUrl: string;
  pool: pg.Pool;
  /** A client signed in as a demo phone (password demo1234), or anonymous when phone is omitted. */
  client(phone?: string): Promise<Client>;
  close(): Promise<void>;
}

/** A fresh database cloned from the seeded template, and the real app listening on a free port. */
export async function startTestApp(): Promise<TestApp> {
  // suites file hundreds of reports as one resident; the limit itself is tested with a low value of its own
  process.env.REPORT_RATE_LIMIT ??= '100000';
  process.env.REPORT_IP_RATE_LIMIT ??= '100000';
  // load shedding would turn a busy CI machine's slow moments into 503s; its own test sets low thresholds
  process.env.OVERLOAD_MAX_DB_WAITING ??= '100000';
  // event-loop shedding off: under-pressure reads a sample window with no measurement as an infinite delay, which a
  // CPU-starved CI machine produces now and then (spurious 503s); the pool-queue signal is what the tests exercise
  process.env.MAX_EVENT_LOOP_DELAY_MS ??= '0';
  const adminUrl = inject('adminUrl');
  const template = inject('template');
  const name = `doorstep_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), 10);
  const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
  const sms = new ConsoleSms(log);
  const config = {
    ...loadConfig({
      DATA_DIR: '/tmp/doorstep-test-data',
      AUTH_SECRET: 'test-secret-test-secret-test-secret',
      WEB_DIST: '/nonexistent',
      ...TEST_PII_ENV,
    }),
    publicUrl: 'http://127.0.0.1',
  };
  const auth = createAuth({
    pool,
    secret: config.authSecret,
    baseURL: config.publicUrl,
    sms,
    secureCookies: false,
  });
  const ctx: AppContext = { config, log, pool, auth, sms };
  const app = await buildApp(ctx);
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    ctx,
    sms,
    baseUrl,
    pool,
    client: async (phone) => {
      const c = new Client(baseUrl);
      if (phone) await c.signIn(phone);
      return c;
    },
    close: async () => {
      await app.close();
      await pool.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies loosely; `Json` is the default body type
export type Json = any;

export interface Res<T = Json> {
  status: number;
  headers: Headers;
  body: T;
}

/** A tiny HTTP client with a cookie jar, over real sockets. */
export class Client {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  async request<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: RequestInit['body'];
    if (body instanceof FormData || typeof body === 'string' || body instanceof Uint8Array)
      payload = body as RequestInit['body'];
    else if (body !== undefined) {
      h['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: payload });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const k = pair!.slice(0, i);
      const v = pair!.slice(i + 1);
      if (v === '' || /max-age=0/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const type = res.headers.get('content-type') ?? '';
    const raw = Buffer.from(await res.arrayBuffer());
    const parsed = type.includes('json')
      ? raw.length
        ? JSON.parse(raw.toString('utf8'))
        : null
      : type.includes('text')
        ? raw.toString('utf8')
        : raw;
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get = <T = Json>(path: string, headers?: Record<string, string>) =>
    this.request<T>('GET', path, undefined, headers);
  post = <T = Json>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
  patch = <T = Json>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
  put = <T = Json>(path: string, body: unknown) => this.request<T>('PUT', path, body);

  async signIn(phone: string, password = 'demo1234') {
    const res = await this.post('/api/auth/sign-in/phone-number', { phoneNumber: phone, password });
    if (res.status !== 200)
      throw new Error(`sign-in ${phone} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }
}

/** Demo phones by role (see demo/seed.ts). */
export const PHONES = {
  platform_admin: '13800000000',
  street_admin: '13800000001',
  community_secretary: '13800000002',
  community_staff: '13800000003',
  grid_worker: '13800000004',
  responder: '13800000005',
  party_member: '13800000006',
  merchant: '13800000007',
  resident: '13800000008',
  other_secretary: '13800000009',
} as const;

/** Id of an area by code (the demo city's codes are stable). */
export async function areaId(pool: pg.Pool, code: string): Promise<number> {
  const { rows } = await pool.query('select id from areas where code = $1', [code]);
  if (!rows[0]) throw new Error(`no area ${code}`);
  return rows[0].id;
}
