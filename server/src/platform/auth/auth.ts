import { betterAuth } from 'better-auth';
import { phoneNumber } from 'better-auth/plugins';
import type pg from 'pg';
import type { SmsProvider } from './sms';

/** Mainland mobile numbers: 11 digits starting with 1[3-9]. */
export const PHONE_RE = /^1[3-9]\d{9}$/;

export const tempEmailFor = (phone: string) => `${phone}@phone.doorstep.invalid`;

export interface AuthOptions {
  pool: pg.Pool;
  secret: string;
  baseURL: string;
  sms: SmsProvider;
  secureCookies: boolean;
}

/** better-auth with phone + password and phone + one-time code; sessions live in HttpOnly cookies. */
export function createAuth(o: AuthOptions) {
  return betterAuth({
    appName: 'Doorstep',
    database: o.pool,
    secret: o.secret,
    baseURL: o.baseURL,
    basePath: '/api/auth',
    trustedOrigins: (request) => (request ? [new URL(request.url).origin] : [o.baseURL]),
    emailAndPassword: { enabled: true, minPasswordLength: 8 },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      cookieCache: { enabled: true, maxAge: 60 },
    },
    // Doorstep's own per-IP and per-phone limits run in front (platform/auth/auth.routes.ts).
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'doorstep',
      useSecureCookies: o.secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    telemetry: { enabled: false },
    plugins: [
      phoneNumber({
        otpLength: 6,
        expiresIn: 300,
        allowedAttempts: 5,
        phoneNumberValidator: (phone) => PHONE_RE.test(phone),
        sendOTP: ({ phoneNumber: phone, code }) => o.sms.sendOtp(phone, code),
        signUpOnVerification: {
          getTempEmail: tempEmailFor,
          getTempName: (phone) => `居民${phone.slice(-4)}`,
        },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
