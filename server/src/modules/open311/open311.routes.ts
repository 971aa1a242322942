import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import { inTx } from '../../platform/db/tx';
import { langOf, toAppError } from '../../platform/http/problem';
import { placeByAddress } from '../areas';
import {
  listOpen311Requests,
  listServiceCategories,
  listTimelineUpdates,
  reportOpen311Request,
} from '../requests';
import { clientActor, liveStreets, pickJurisdiction, requireKeyPresent } from './open311.clients';
import {
  badRequest,
  type Format,
  type Message,
  notFound,
  Open311Error,
  parseW3c,
  send,
  sendErrors,
} from './open311.format';
import { coordinate, type Fields, ID_TEXT, list, mainlandMobile, one, reporterName } from './open311.input';
import { presentRequest, presentService, presentUpdate } from './open311.presenter';

export const OPEN311_PREFIX = '/open311/v2';
const FORMATS: Format[] = ['json', 'xml'];
const DAY = 24 * 3600_000;
/** GeoReport v2: "a span of 90 days or first 1000 requests returned, whichever is smallest". */
const MAX_REQUESTS = 1000;
const REQUEST_WINDOW_DAYS = 90;
const UPDATE_WINDOW_DAYS = 31;
const MAX_UPDATES = 1000;
/** Bumped when the endpoints or the service list change shape (Service Discovery's changeset). */
const CHANGESET = '2026-11-21T00:00:00+08:00';

/** "city.litter.json" → { name: 'city.litter', format: 'json' }; an unknown suffix is a missing resource. */
function splitFile(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m)
    throw notFound('没有这个资源（地址须以 .json 或 .xml 结尾）', 'No such resource (use .json or .xml)');
  return { name: m[1]!, format: m[2] as Format };
}

/** start_date/end_date as the spec reads them; `required` for servicerequestupdates. */
function dateWindow(q: Fields, maxDays: number, required: boolean): { start: Date; end: Date } {
  const startText = one(q, 'start_date');
  const endText = one(q, 'end_date');
  const errors: Message[] = [];
  const read = (text: string | undefined, name: string, edge: 'start' | 'end') => {
    if (text === undefined) {
      if (required) errors.push({ zh: `缺少 ${name}`, en: `${name} was not provided` });
      return null;
    }
    const d = parseW3c(text, edge);
    if (!d)
      errors.push({
        zh: `${name} 须为 W3C 日期时间，如 2026-11-21T10:05:00+08:00`,
        en: `${name} must be a W3C datetime, e.g. 2026-11-21T10:05:00+08:00`,
      });
    return d;
  };
  let start = read(startText, 'start_date', 'start');
  let end = read(endText, 'end_date', 'end');
  if (errors.length) throw new Open311Error(400, ...errors);
  const span = maxDays * DAY;
  if (!start && !end) end = new Date();
  if (!start) start = new Date(end!.getTime() - span);
  if (!end) end = new Date(start.getTime() + span);
  if (end < start) throw badRequest('end_date 早于 start_date', 'end_date is before start_date');
  if (end.getTime() - start.getTime() > span)
    throw badRequest(
      `查询时间跨度不能超过 ${maxDays} 天`,
      `The date range may not span more than ${maxDays} days`,
    );
  return { start, end };
}

/**
 * Any error as the spec's error list: 404 and 403 kept, 401 read as 403, HTTP-level refusals (413, 414, 429,
 * 431, 503) and true faults (500, logged) kept, everything else the client can fix is 400.
 */
export function sendOpen311Error(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof Open311Error) return sendErrors(req, reply, err);
  const e = toAppError(err);
  if (e.status >= 500) req.log.error({ err }, 'open311 request failed');
  const status = [403, 404, 413, 414, 429, 431, 503].includes(e.status)
    ? e.status
    : e.status === 401
      ? 403
      : e.status >= 500
        ? 500
        : 400;
  if (status === 429 || status === 503) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
  return sendErrors(req, reply, new Open311Error(status, { zh: e.zh, en: e.en }));
}

/** Open311 GeoReport v2 at /open311/v2 — see docs/open311.md. Hidden from the OpenAPI document. */
export async function open311Plugin(app: FastifyInstance, ctx: AppContext) {
  const pool = ctx.pool;
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  // errors in the spec's list format (never problem+json), in the format the URL asked for
  app.setErrorHandler(sendOpen311Error);
  app.setNotFoundHandler((req, reply) =>
    sendErrors(req, reply, notFound('没有这个 Open311 接口', 'No such Open311 endpoint')),
  );

  const perIp = app.rateLimit({
    max: Number(process.env.OPEN311_RATE_LIMIT ?? 120),
    timeWindow: 60_000,
    keyGenerator: (req) => `open311:${req.ip}`,
  });
  const common = { config: { auth: 'public' as const }, schema: { hide: true }, onRequest: perIp };
  const query = (req: FastifyRequest) => req.query as Fields;
  const jurisdiction = async (src: Fields) =>
    pickJurisdiction(await liveStreets(pool), one(src, 'jurisdiction_id'));

  const services = async (req: FastifyRequest) => {
    await jurisdiction(query(req));
    return listServiceCategories(pool);
  };

  for (const format of FORMATS) {
    // ── Service Discovery ──
    app.get(`/discovery.${format}`, common, async (_req, reply) =>
      send(reply, format, 'discovery', {
        changeset: CHANGESET,
        contact: 'Doorstep 家门口：请联系所在街道办事处 / Contact the street office that runs this service',
        key_service:
          '提交诉求需 api_key，由街道管理员发放 / Ask the street administrator for an api_key (docs/open311.md)',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${ctx.config.publicUrl.replace(/\/$/, '')}${OPEN311_PREFIX}`,
            changeset: CHANGESET,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      }),
    );

    // ── GET Service List ──
    app.get(`/services.${format}`, common, async (req, reply) => {
      const lang = langOf(req);
      return send(
        reply,
        format,
        'services',
        (await services(req)).map((c) => presentService(c, lang)),
      );
    });

    // ── GET Service Requests ──
    app.get(`/requests.${format}`, common, async (req, reply) => {
      const q = query(req);
      const street = await jurisdiction(q);
      const idTexts = list(q, 'service_request_id');
      let ids: number[] | null = null;
      let codes: string[] | null = null;
      let state: 'open' | 'closed' | null = null;
      let window: { start: Date; end: Date } | null = null;
      if (idTexts) {
        if (idTexts.some((t) => !ID_TEXT.test(t)))
          throw badRequest(
            'service_request_id 须为诉求编号（数字）',
            'service_request_id must be request ids (digits)',
          );
        if (idTexts.length > MAX_REQUESTS)
          throw badRequest(
            `最多查询 ${MAX_REQUESTS} 个编号`,
            `At most ${MAX_REQUESTS} service_request_id values`,
          );
        ids = idTexts.map(Number);
      } else {
        const codeList = list(q, 'service_code');
        if (codeList) {
          const known = new Set((await listServiceCategories(pool)).map((c) => c.code));
          const unknown = codeList.filter((c) => !known.has(c));
          if (unknown.length)
            throw badRequest(
              `service_code 不存在：${unknown.join(',').slice(0, 100)}`,
              `Unknown service_code: ${unknown.join(',').slice(0, 100)}`,
            );
          codes = codeList;
        }
        const statuses = list(q, 'status');
        if (statuses) {
          if (statuses.some((s) => s !== 'open' && s !== 'closed'))
            throw badRequest('status 只能是 open 或 closed', 'status must be open or closed');
          state = statuses.length === 1 ? (statuses[0] as 'open' | 'closed') : null;
        }
        window = dateWindow(q, REQUEST_WINDOW_DAYS, false);
      }
      const rows = await listOpen311Requests(pool, {
        tenantId: street.tenantId,
        ids,
        categoryCodes: codes,
        start: window?.start ?? null,
        end: window?.end ?? null,
        state,
        limit: MAX_REQUESTS,
      });
      const opts = { lang: langOf(req), extensions: one(q, 'extensions') === 'true' };
      return send(
        reply,
        format,
        'service_requests',
        rows.map((r) => presentRequest(r, opts)),
      );
    });

    // ── POST Service Request ──
    app.post(`/requests.${format}`, common, async (req, reply) => {
      const body = req.body;
      if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body)))
        throw badRequest(
          '请以表单字段提交',
          'Send the request as form fields (application/x-www-form-urlencoded)',
        );
      const form = (body ?? {}) as Fields;
      const field = (name: string) => one(form, name) ?? one(query(req), name);
      const apiKey = requireKeyPresent(field('api_key'));
      const street = pickJurisdiction(await liveStreets(pool), field('jurisdiction_id'));
      const out = await inTx(pool, async (tx) => {
        const actor = await clientActor(tx, street.tenantId, apiKey);
        const input = await readReport(field, {
          isService: async (code) => (await listServiceCategories(tx)).some((c) => c.code === code),
          placeOfAddress: async (address) =>
            (await placeByAddress(tx, [street.tenantId], address))?.areaId ?? null,
        });
        const person = reporterName({
          firstName: field('first_name'),
          lastName: field('last_name'),
          email: field('email'),
        });
        const created = await reportOpen311Request(
          tx,
          { ...actor, name: person ?? actor.name, phone: mainlandMobile(field('phone')) },
          input,
        );
        if (created.tenantId !== street.tenantId)
          throw badRequest(
            `该位置不在${street.name}辖区内`,
            `The location is outside jurisdiction ${street.code ?? street.name}`,
          );
        return created;
      });
      return send(reply, format, 'service_requests', [
        { service_request_id: String(out.id), service_notice: out.publicNo, account_id: null },
      ]);
    });

    // ── servicerequestupdates (FixMyStreet's extension) ──
    app.get(`/servicerequestupdates.${format}`, common, async (req, reply) => {
      const q = query(req);
      const street = await jurisdiction(q);
      const { start, end } = dateWindow(q, UPDATE_WINDOW_DAYS, true);
      const rows = await listTimelineUpdates(pool, {
        tenantId: street.tenantId,
        start,
        end,
        limit: MAX_UPDATES,
      });
      const lang = langOf(req);
      return send(
        reply,
        format,
        'service_request_updates',
        rows.map((e) => presentUpdate(e, lang)),
      );
    });
  }

  // ── GET Service Definition: services/{service_code}.{format} ──
  app.get('/services/:file', common, async (req, reply) => {
    const { name, format } = splitFile((req.params as { file: string }).file);
    const found = (await services(req)).some((c) => c.code === name);
    if (!found)
      throw notFound(
        `service_code ${name.slice(0, 60)} 不存在`,
        `service_code ${name.slice(0, 60)} was not found`,
      );
    return send(reply, format, 'service_definition', { service_code: name, attributes: [] });
  });

  // ── GET Service Request: requests/{service_request_id}.{format} ──
  app.get('/requests/:file', common, async (req, reply) => {
    const { name, format } = splitFile((req.params as { file: string }).file);
    const row = await oneRequest(req, name);
    const opts = { lang: langOf(req), extensions: one(query(req), 'extensions') === 'true' };
    return send(reply, format, 'service_requests', [presentRequest(row, opts)]);
  });

  // ── GET service_request_id from a token: requests are created at once, so the token is the id ──
  app.get('/tokens/:file', common, async (req, reply) => {
    const { name, format } = splitFile((req.params as { file: string }).file);
    const row = await oneRequest(req, name, true);
    return send(reply, format, 'service_requests', [{ service_request_id: String(row.id), token: name }]);
  });

  async function oneRequest(req: FastifyRequest, idText: string, token = false) {
    const street = await jurisdiction(query(req));
    const what = token ? 'token' : 'service_request_id';
    const missing = notFound(
      `${what} ${idText.slice(0, 40)} 不存在`,
      `${what} ${idText.slice(0, 40)} was not found`,
    );
    if (!ID_TEXT.test(idText)) throw missing;
    const [row] = await listOpen311Requests(pool, {
      tenantId: street.tenantId,
      ids: [Number(idText)],
      categoryCodes: null,
      start: null,
      end: null,
      state: null,
      limit: 1,
    });
    if (!row) throw missing;
    return row;
  }
}

/** The fields of a POST, checked together so the client hears every problem at once. */
async function readReport(
  field: (name: string) => string | undefined,
  lookup: {
    isService: (code: string) => Promise<boolean>;
    placeOfAddress: (address: string) => Promise<number | null>;
  },
) {
  const errors: Message[] = [];
  const description = field('description')?.trim();
  if (!description) errors.push({ zh: '缺少 description（问题描述）', en: 'description was not provided' });
  else if (description.length < 2 || description.length > 2000)
    errors.push({ zh: 'description 须为 2–2000 个字', en: 'description must be 2 to 2000 characters' });
  const categoryCode = field('service_code');
  if (!categoryCode) errors.push({ zh: '缺少 service_code', en: 'service_code was not provided' });
  else if (!(await lookup.isService(categoryCode)))
    errors.push({
      zh: `service_code ${categoryCode.slice(0, 60)} 不存在`,
      en: `Unknown service_code ${categoryCode.slice(0, 60)}`,
    });
  const latText = field('lat');
  const longText = field('long');
  const address = field('address_string')?.trim();
  let lat: number | null = null;
  let lng: number | null = null;
  if (latText !== undefined || longText !== undefined) {
    lat = latText === undefined ? null : coordinate(latText, 90);
    lng = longText === undefined ? null : coordinate(longText, 180);
    if (lat === null || lng === null)
      errors.push({
        zh: 'lat 和 long 须同时提供且为 WGS-84 经纬度',
        en: 'lat and long must both be given, as WGS-84 degrees',
      });
  } else if (!address)
    errors.push({
      zh: '请提供位置：lat 与 long，或 address_string',
      en: 'A location is required: lat and long, or address_string (address_id is not supported)',
    });
  if (address && address.length > 200)
    errors.push({
      zh: 'address_string 不能超过 200 个字',
      en: 'address_string must be at most 200 characters',
    });
  if (errors.length) throw new Open311Error(400, ...errors);
  let placeAreaId: number | undefined;
  if (lat === null || lng === null) {
    placeAreaId = (await lookup.placeOfAddress(address!)) ?? undefined;
    if (!placeAreaId)
      throw badRequest(
        '无法从 address_string 确定小区或楼栋，请提供 lat 与 long',
        'address_string names no known compound or building here; send lat and long',
      );
  }
  return {
    description: description!,
    categoryCode: categoryCode!,
    ...(lat !== null && lng !== null ? { lat, lng } : {}),
    ...(address ? { address } : {}),
    ...(placeAreaId ? { placeAreaId } : {}),
  };
}
