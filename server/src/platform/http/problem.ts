import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, toProblem } from './errors';

/** zh-CN unless the client asks for English first. */
export function langOf(req: FastifyRequest): 'zh-CN' | 'en-US' {
  const h = String(req.headers['accept-language'] ?? '').toLowerCase();
  return h.startsWith('en') ? 'en-US' : 'zh-CN';
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: AppError) {
  if (err.status === 503 || err.status === 429)
    reply.header('retry-after', reply.getHeader('retry-after') ?? '10');
  return reply
    .code(err.status)
    .type('application/problem+json')
    .send(toProblem(err, langOf(req), req.url));
}

const PG_ERRORS: Record<string, () => AppError> = {
  '23505': () =>
    new AppError(409, 'DUPLICATE', '数据重复，已存在相同的记录', 'A record with the same key already exists'),
  '23503': () =>
    new AppError(422, 'REFERENCE_INVALID', '引用的记录不存在', 'A referenced record does not exist'),
  '23514': () => new AppError(422, 'CONSTRAINT_VIOLATED', '数据不符合规则', 'The data breaks a rule'),
  '22P02': () => new AppError(400, 'BAD_INPUT', '输入格式不正确', 'Input has the wrong format'),
  '22021': () => new AppError(400, 'BAD_INPUT', '输入包含无效字符', 'Input contains invalid characters'),
  '22P05': () => new AppError(400, 'BAD_INPUT', '输入包含无效字符', 'Input contains invalid characters'),
  '22003': () => new AppError(400, 'BAD_INPUT', '数值超出范围', 'A number is out of range'),
  '54000': () => new AppError(400, 'BAD_INPUT', '输入过长', 'Input is too long'),
  '40001': () =>
    new AppError(409, 'CONCURRENT_UPDATE', '数据正被他人修改，请重试', 'Changed concurrently, please retry'),
  '40P01': () =>
    new AppError(409, 'CONCURRENT_UPDATE', '数据正被他人修改，请重试', 'Changed concurrently, please retry'),
};

/** Maps any thrown error to problem+json; only true server faults become 5xx (and are logged). */
export function toAppError(err: FastifyError & { code?: string }): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      path: `${err.validationContext ?? ''}${v.instancePath}`,
      message: v.message,
    }));
    return new AppError(400, 'VALIDATION_FAILED', '提交的内容不符合要求', 'The request is not valid', issues);
  }
  const pg = err.code && PG_ERRORS[err.code];
  if (pg) return pg();
  const status = err.statusCode ?? 500;
  if (status === 414 || err.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return new AppError(414, 'URI_TOO_LONG', '请求地址过长', 'The request URL is too long');
  if (status === 413)
    return new AppError(413, 'PAYLOAD_TOO_LARGE', '提交的内容过大', 'The request body or file is too large');
  if (status === 415)
    return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型', 'Unsupported content type');
  if (status === 429)
    return new AppError(
      429,
      'RATE_LIMITED',
      '操作太频繁，请稍后再试',
      'Too many requests, please try again later',
    );
  if (status === 503)
    return new AppError(503, 'OVERLOADED', '服务繁忙，请稍后再试', 'Service busy, please retry later');
  if (
    err instanceof SyntaxError ||
    err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
  )
    return new AppError(400, 'MALFORMED_BODY', '请求内容不是有效的 JSON', 'The body is not valid JSON');
  if (status >= 400 && status < 500)
    return new AppError(status, err.code ?? 'BAD_REQUEST', '请求无效', err.message || 'Bad request');
  return new AppError(500, 'INTERNAL', '服务器出错了，请稍后再试', 'Something went wrong on the server');
}

/** Registers the error and not-found handlers for the API (the web app's fallback is separate). */
export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const appErr = toAppError(err);
    if (appErr.status >= 500) req.log.error({ err }, 'request failed');
    return sendProblem(req, reply, appErr);
  });
}

/** Errors Fastify raises before routing (bad URL, over-long parameter) get the same problem+json. */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  return sendProblem(req, reply, toAppError(err));
}

/** Errors Node's HTTP parser raises (header too large, malformed request) before Fastify sees a request. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: import('node:net').Socket) {
  if (!socket.writable) return socket.destroy();
  const [status, code, zh, en] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', '请求头或地址过长', 'Request headers or URL too large']
      : [400, 'BAD_REQUEST', '请求格式错误', 'Malformed request'];
  const body = JSON.stringify({
    type: `https://doorstep.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: code,
    status,
    code,
    detail: zh,
    messages: { 'zh-CN': zh, 'en-US': en },
  });
  socket.end(
    `HTTP/1.1 ${status} ${code}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
