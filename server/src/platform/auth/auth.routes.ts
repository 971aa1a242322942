import { Phone } from '@doorstep/contract';
import type {} from '@fastify/rate-limit';
import { fromNodeHeaders } from 'better-auth/node';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cachedActor, forgetSession, rememberActor } from '../access/actor-cache';
import { loadActor } from '../access/scopes';
import type { AppContext } from '../context';
import { unauthenticated } from '../http/errors';
import { keyLimiter } from '../http/key-limiter';

const PasswordSignIn = z.object({
  phoneNumber: Phone,
  password: z.string().min(1).max(128),
  rememberMe: z.boolean().optional(),
});
const SendOtp = z.object({ phoneNumber: Phone });
const VerifyOtp = z.object({ phoneNumber: Phone, code: z.string().regex(/^\d{4,8}$/) });

/** Mounts better-auth under /api/auth, with Doorstep's limits per IP and per phone in front. */
export async function authRoutes(app: FastifyInstance, ctx: AppContext) {
  const forward = async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.url.startsWith('/api/auth/sign-out')) {
      const key = sessionKey(req.headers.cookie);
      if (key) forgetSession(key);
    }
    const url = new URL(req.url, ctx.config.publicUrl);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const response = await ctx.auth.handler(
      new Request(url, {
        method: req.method,
        headers: fromNodeHeaders(req.headers),
        body: hasBody ? JSON.stringify(req.body ?? {}) : undefined,
      }),
    );
    reply.code(response.status);
    for (const [key, value] of response.headers) if (key !== 'set-cookie') reply.header(key, value);
    const cookies = response.headers.getSetCookie();
    if (cookies.length) reply.header('set-cookie', cookies);
    const text = await response.text();
    if (response.status >= 400) {
      // better-auth's own error body, reshaped as problem+json so clients see one error format
      let body: { code?: string; message?: string } = {};
      try {
        body = JSON.parse(text);
      } catch {}
      const code = body.code ?? 'AUTH_FAILED';
      const zh = AUTH_ZH[code] ?? '登录失败，请检查手机号和密码或验证码';
      return reply.type('application/problem+json').send({
        type: `https://doorstep.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
        title: code,
        status: response.status,
        code,
        detail: req.headers['accept-language']?.startsWith('en') ? (body.message ?? code) : zh,
        messages: { 'zh-CN': zh, 'en-US': body.message ?? code },
      });
    }
    return reply.send(text || null);
  };

  const perIp = (max: number, minutes: number) =>
    app.rateLimit({ max, timeWindow: minutes * 60_000, keyGenerator: (req) => `ip:${req.ip}` });
  const perPhone = (max: number, minutes: number) =>
    keyLimiter({
      max,
      windowMs: minutes * 60_000,
      key: (req) => (req.body as { phoneNumber?: string } | undefined)?.phoneNumber,
    });

  const z_ = app.withTypeProvider<ZodTypeProvider>();
  const common = { config: { auth: 'public' as const } };
  z_.post('/api/auth/sign-in/phone-number', {
    ...common,
    schema: {
      tags: ['auth'],
      summary: '手机号 + 密码登录 / Sign in with phone and password',
      body: PasswordSignIn,
    },
    onRequest: perIp(20, 1),
    preHandler: perPhone(10, 10),
    handler: forward,
  });
  z_.post('/api/auth/phone-number/send-otp', {
    ...common,
    schema: { tags: ['auth'], summary: '发送短信验证码 / Send a one-time code', body: SendOtp },
    onRequest: perIp(10, 10),
    preHandler: perPhone(5, 60),
    handler: forward,
  });
  z_.post('/api/auth/phone-number/verify', {
    ...common,
    schema: { tags: ['auth'], summary: '验证码登录 / Sign in with the one-time code', body: VerifyOtp },
    onRequest: perIp(20, 1),
    preHandler: perPhone(10, 10),
    handler: forward,
  });
  z_.post('/api/auth/sign-out', {
    ...common,
    schema: { tags: ['auth'], summary: '退出登录 / Sign out' },
    handler: forward,
  });
  z_.get('/api/auth/get-session', {
    ...common,
    schema: { tags: ['auth'], summary: '当前会话 / Current session' },
    handler: forward,
  });
}

/** Every request outside the public routes needs a signed-in user; scopes load once per request. */
export function registerAuthHook(app: FastifyInstance, ctx: AppContext) {
  app.addHook('preHandler', async (req) => {
    const url = req.routeOptions.url;
    // only the API needs a user; static files, health and metrics are public
    if (
      !url?.startsWith('/api/') ||
      url.startsWith('/api/docs') ||
      req.routeOptions.config?.auth === 'public'
    )
      return;
    const key = sessionKey(req.headers.cookie);
    if (!key) throw unauthenticated();
    const cached = cachedActor(key);
    if (cached) {
      req.actor = cached;
      return;
    }
    const session = await ctx.auth.api.getSession({ headers: fromNodeHeaders(req.headers) });
    if (!session) throw unauthenticated();
    req.actor = await loadActor(
      ctx.pool,
      session.user as { id: string; name: string; phoneNumber?: string | null },
    );
    rememberActor(key, req.actor, new Date(session.session.expiresAt));
  });
}

/** The signed session-token cookie (better-auth signs it, so it cannot be forged to hit the cache). */
function sessionKey(cookie: string | undefined): string | undefined {
  const m = /(?:^|;\s*)(?:__Secure-)?doorstep\.session_token=([^;]+)/.exec(cookie ?? '');
  return m?.[1];
}

const AUTH_ZH: Record<string, string> = {
  INVALID_PHONE_NUMBER_OR_PASSWORD: '手机号或密码不正确',
  INVALID_PHONE_NUMBER: '手机号格式不正确',
  INVALID_OTP: '验证码不正确',
  OTP_EXPIRED: '验证码已过期，请重新获取',
  OTP_NOT_FOUND: '请先获取验证码',
  TOO_MANY_ATTEMPTS: '尝试次数过多，请重新获取验证码',
  PHONE_NUMBER_NOT_VERIFIED: '手机号尚未验证',
};
