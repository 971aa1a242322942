import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { accountsRoutes } from './modules/accounts';
import { activityRoutes } from './modules/activities';
import { areasRoutes } from './modules/areas';
import { insightsRoutes } from './modules/insights';
import { ledgerRoutes } from './modules/ledger';
import { notificationRoutes } from './modules/notifications';
import { open311FrameworkError, open311Routes } from './modules/open311';
import { participationRoutes } from './modules/participation';
import { patrolRoutes } from './modules/patrols';
import { recordRoutes } from './modules/records';
import { requestGauges, requestRoutes } from './modules/requests';
import { authRoutes, registerAuthHook } from './platform/auth/auth.routes';
import type { AppContext } from './platform/context';
import { fileRoutes } from './platform/files/files.routes';
import { AppError } from './platform/http/errors';
import { registerMetrics } from './platform/http/metrics';
import { registerLoadShedding } from './platform/http/overload';
import {
  clientErrorHandler,
  frameworkErrors,
  registerProblemHandlers,
  sendProblem,
} from './platform/http/problem';
import { registerWeb } from './platform/http/web';
import { importJobRoutes } from './platform/imports/imports.routes';
import './platform/http/augment';

/** Every module's routes, mounted in this order. A new module adds one line here. */
const MODULES = [
  accountsRoutes,
  areasRoutes,
  requestRoutes,
  notificationRoutes,
  open311Routes,
  recordRoutes,
  ledgerRoutes,
  participationRoutes,
  activityRoutes,
  patrolRoutes,
  insightsRoutes,
] as const;
/** Modules' database gauges on /metrics (what an operator alerts on; see docs/operations.md "Monitoring"). */
const GAUGES = [...requestGauges];

export const BODY_LIMIT = 1024 * 1024;

/** Builds the HTTP application around an already-migrated database. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    trustProxy: process.env.TRUST_PROXY === 'true',
    // per-request log lines only when asked for (LOG_REQUESTS=true); errors are always logged
    logController: new LogController({ disableRequestLogging: process.env.LOG_REQUESTS !== 'true' }),
    routerOptions: { maxParamLength: 200 },
    // Open311 answers even these in its own error format
    frameworkErrors: (err, req, reply) => {
      if (!open311FrameworkError(err, req, reply)) frameworkErrors(err, req, reply);
    },
    clientErrorHandler,
  });
  // Every registered route, for the access-matrix and bad-input tests (a route missing from their tables fails).
  const routes: { method: string; url: string; public: boolean }[] = [];
  app.decorate('routeList', routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat())
      routes.push({ method, url: r.url, public: r.config?.auth === 'public' });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        // map tiles come from a configurable server (天地图/高德 in production)
        'img-src': ["'self'", 'data:', 'blob:', 'https:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        'script-src': ["'self'"],
        'connect-src': ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  // R8: far beyond capacity, API requests get a prompt 503 + Retry-After; probes and static files never do
  await registerLoadShedding(app, ctx.pool);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Doorstep 家门口 API',
        version: '0.1.0',
        description: '基层治理平台接口 / Grassroots governance API',
      },
      components: {
        securitySchemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'doorstep.session_token' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  registerAuthHook(app, ctx);
  registerMetrics(app, ctx.pool, process.env.METRICS_TOKEN, GAUGES);
  app.get('/health', { config: { auth: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { config: { auth: 'public' }, schema: { hide: true } }, async (req, reply) => {
    try {
      await ctx.pool.query('select 1');
      return { status: 'ready' };
    } catch {
      return sendProblem(
        req,
        reply,
        new AppError(503, 'DATABASE_UNAVAILABLE', '数据库不可用', 'Database unavailable'),
      );
    }
  });
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await authRoutes(app, ctx);
  await importJobRoutes(app, ctx);
  await fileRoutes(app, ctx);
  for (const mount of MODULES) await mount(app, ctx);
  await registerWeb(app, ctx.config.webDist);
  return app;
}
