import { badRequest } from './open311.format';

/** Query string or form fields as Fastify parsed them (repeated names arrive as arrays). */
export type Fields = Record<string, unknown> | null | undefined;

/**
 * One optional argument. GeoReport v2: an empty argument is the same as a missing one. Numbers and booleans
 * (a JSON body) are read as text; lists and objects are refused.
 */
export function one(src: Fields, name: string): string | undefined {
  const v = src?.[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string')
    throw badRequest(`参数 ${name} 只能有一个值`, `${name} must be given once, as text`);
  return v.trim() === '' ? undefined : v;
}

/** A list argument: comma-delimited and/or repeated (status=open,closed or status=open&status=closed). */
export function list(src: Fields, name: string): string[] | undefined {
  const v = src?.[name];
  if (v === undefined || v === null) return undefined;
  const parts = (Array.isArray(v) ? v : [v]).map((x) => {
    if (typeof x === 'number') return String(x);
    if (typeof x !== 'string') throw badRequest(`参数 ${name} 格式不正确`, `${name} must be text`);
    return x;
  });
  const items = parts
    .flatMap((p) => p.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? [...new Set(items)] : undefined;
}

/** A request id as clients send it (our ids are positive integers, sent as strings). */
export const ID_TEXT = /^[1-9]\d{0,14}$/;

/** A WGS-84 coordinate within its range, or null when the text is not one. */
export function coordinate(text: string, limit: 90 | 180): number | null {
  if (!/^[+-]?\d{1,3}(\.\d{1,12})?$/.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

/** A mainland mobile number from what a client sent (+86 138-0013-8000 → 13800138000), else null. */
export function mainlandMobile(text: string | undefined): string | null {
  if (!text) return null;
  const digits = text.replace(/[\s\-()]/g, '').replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/**
 * The reporter's name as the client gave it: family name first for Chinese (张 + 三 → 张三), given name first
 * otherwise (John Smith), with the e-mail address beside it; null when none was given.
 */
export function reporterName(p: { firstName?: string; lastName?: string; email?: string }): string | null {
  const first = p.firstName?.trim() ?? '';
  const last = p.lastName?.trim() ?? '';
  const cjk = /[\u3400-\u9fff]/.test(first + last);
  const name = cjk ? `${last}${first}` : [first, last].filter(Boolean).join(' ');
  const email = p.email?.trim() ?? '';
  const full = name && email ? `${name}（${email}）` : name || email;
  return full ? full.slice(0, 100) : null;
}
