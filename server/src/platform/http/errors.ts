/** A failure the client can act on: a stable code, an HTTP status and a message in Chinese and English. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly details?: unknown,
  ) {
    super(en);
  }
}

export const notFound = (what: string, zhWhat: string) =>
  new AppError(404, 'NOT_FOUND', `${zhWhat}不存在或无权查看`, `${what} not found or not visible to you`);

export const forbidden = (zh = '没有权限执行此操作', en = 'You are not allowed to do this') =>
  new AppError(403, 'FORBIDDEN', zh, en);

export const unauthenticated = () => new AppError(401, 'UNAUTHENTICATED', '请先登录', 'Please sign in first');

export const conflict = (code: string, zh: string, en: string) => new AppError(409, code, zh, en);

export const invalid = (code: string, zh: string, en: string, details?: unknown) =>
  new AppError(422, code, zh, en, details);

/** RFC 9457 problem document, with the message in the language the client asked for and both kept. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  messages: { 'zh-CN': string; 'en-US': string };
  errors?: unknown;
  instance?: string;
}

export function toProblem(err: AppError, lang: 'zh-CN' | 'en-US', instance?: string): Problem {
  return {
    type: `https://doorstep.dev/problems/${err.code.toLowerCase().replaceAll('_', '-')}`,
    title: err.code,
    status: err.status,
    code: err.code,
    detail: lang === 'zh-CN' ? err.zh : err.en,
    messages: { 'zh-CN': err.zh, 'en-US': err.en },
    ...(err.details === undefined ? {} : { errors: err.details }),
    ...(instance ? { instance } : {}),
  };
}
