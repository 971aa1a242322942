import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Res, startTestApp, type TestApp } from '../../test/harness';
import { hashKey } from './open311.clients';
import { kids, parseXml, textOf } from './xml-check';

/**
 * The Open311 routes are hidden from the OpenAPI document (they follow their own spec), so src/bad-input.test.ts
 * does not reach them. Here: malformed, oversized, wrong-typed and SQL/XSS input on every Open311 endpoint in
 * both formats answers without a 5xx, and every error is the spec's list — never problem+json.
 */
process.env.OPEN311_RATE_LIMIT = '1000000';
let t: TestApp;
let anon: Client;
const KEY = 'bad-input-open311-key-0123456789';
const J = '990101001';
const V2 = '/open311/v2';

beforeAll(async () => {
  t = await startTestApp();
  anon = await t.client();
  await t.pool.query(
    `insert into open311_clients (tenant_id, name, api_key_hash) select tenant_id, '探针客户端', $1 from areas where code = $2`,
    [hashKey(KEY), J],
  );
});
afterAll(() => t.close());

const NASTY = [
  "'; drop table requests; --",
  '<script>alert(1)</script>',
  '\u0000\u0001',
  'x'.repeat(5_000), // (a 20 000-character query overflows Node's header limit: 431 before any route is found)
  '../../etc/passwd',
  '1 or 1=1',
  '𠮷😀',
  ']]><!--',
  '-1',
  '1e999',
  '',
  'true',
  '[]',
  '0',
  '2026-02-30',
  '2026-11-21T10:05:00+25:00',
];
const enc = encodeURIComponent;

/** Spec errors: [{code, description}] in JSON, <errors><error> in XML; the code is the HTTP status. */
function specError(res: Res, format: 'json' | 'xml'): string | null {
  const type = res.headers.get('content-type') ?? '';
  if (format === 'json') {
    if (type !== 'application/json; charset=utf-8') return `content-type ${type}`;
    const body = res.body;
    if (!Array.isArray(body) || !body.length) return 'not a list';
    return body.every((e) => e.code === res.status && typeof e.description === 'string' && e.description)
      ? null
      : 'bad error item';
  }
  if (type !== 'text/xml; charset=utf-8') return `content-type ${type}`;
  try {
    const root = parseXml(res.body);
    const errors = kids(root, 'error');
    if (root.name !== 'errors' || !errors.length) return 'not <errors>';
    return errors.every((e) => textOf(e, 'code') === String(res.status) && textOf(e, 'description'))
      ? null
      : 'bad <error>';
  } catch (e) {
    return `XML: ${(e as Error).message}`;
  }
}

/** A 2xx in XML must still be well-formed (escaping of whatever went in). */
function wellFormed(res: Res, format: 'json' | 'xml'): string | null {
  if (format === 'json') return null;
  try {
    parseXml(res.body);
    return null;
  } catch (e) {
    return `XML: ${(e as Error).message}`;
  }
}

interface Case {
  label: string;
  method: string;
  path: string;
  body?: string;
  type?: string;
  format: 'json' | 'xml';
}

function cases(): Case[] {
  const out: Case[] = [];
  const params = [
    'jurisdiction_id',
    'service_request_id',
    'service_code',
    'start_date',
    'end_date',
    'status',
    'extensions',
  ];
  for (const format of ['json', 'xml'] as const) {
    const gets = [
      `discovery.${format}`,
      `services.${format}`,
      `services/city.litter.${format}`,
      `requests.${format}`,
      `requests/1.${format}`,
      `tokens/1.${format}`,
      `servicerequestupdates.${format}`,
    ];
    for (const path of gets) {
      for (const p of params)
        for (const bad of NASTY) {
          const base = p === 'jurisdiction_id' ? '' : `jurisdiction_id=${J}&`;
          out.push({
            label: `${p}=${bad.slice(0, 20)}`,
            method: 'GET',
            path: `${V2}/${path}?${base}${p}=${enc(bad)}`,
            format,
          });
        }
      out.push({
        label: 'repeated',
        method: 'GET',
        path: `${V2}/${path}?jurisdiction_id=${J}&jurisdiction_id=${J}&status=open&status=closed`,
        format,
      });
      out.push({ label: 'proto', method: 'GET', path: `${V2}/${path}?__proto__[x]=1&constructor=2`, format });
    }
    for (const resource of ['services', 'requests', 'tokens'])
      for (const bad of [
        'abc',
        '-1',
        '0',
        '99999999999999999999999',
        "1' or '1'='1",
        '1.5',
        '%00',
        '%E0%A4%A',
        'x'.repeat(300),
        '<b>',
      ])
        out.push({
          label: `${resource}/${bad.slice(0, 20)}`,
          method: 'GET',
          path: `${V2}/${resource}/${bad.startsWith('%') ? bad : enc(bad)}.${format}?jurisdiction_id=${J}`,
          format,
        });
    // POST: a good report with one field spoiled at a time, as a form and as JSON
    const good: Record<string, string> = {
      api_key: KEY,
      jurisdiction_id: J,
      service_code: 'city.facility',
      lat: '30.6131',
      long: '104.0484',
      description: '探针：路灯不亮',
      first_name: '三',
      last_name: '张',
      email: 'z@example.com',
      phone: '13912345678',
      address_string: '金茂府',
    };
    const path = `${V2}/requests.${format}`;
    for (const key of Object.keys(good)) {
      for (const bad of NASTY)
        out.push({
          label: `form ${key}=${bad.slice(0, 20)}`,
          method: 'POST',
          path,
          body: new URLSearchParams({ ...good, [key]: bad }).toString(),
          type: 'application/x-www-form-urlencoded',
          format,
        });
      for (const bad of [12345, true, { a: 1 }, ['x'], null, -1e308])
        out.push({
          label: `json ${key}=${JSON.stringify(bad)}`,
          method: 'POST',
          path,
          body: JSON.stringify({ ...good, [key]: bad }),
          type: 'application/json',
          format,
        });
    }
    const raw = (label: string, body: string, type: string) =>
      out.push({ label, method: 'POST', path, body, type, format });
    raw('malformed json', '{"bad": ', 'application/json');
    raw('text body', 'hello', 'text/plain');
    raw('xml body', '<request/>', 'application/xml');
    raw('empty form', '', 'application/x-www-form-urlencoded');
    raw(
      'form array',
      `${new URLSearchParams(good).toString()}&description=again`,
      'application/x-www-form-urlencoded',
    );
    raw(
      'oversized form',
      `api_key=${KEY}&description=${'x'.repeat(100_000)}`,
      'application/x-www-form-urlencoded',
    );
    raw('oversized json', JSON.stringify({ blob: 'x'.repeat(1_500_000) }), 'application/json');
    raw('proto json', '{"__proto__": {"admin": true}, "api_key": "x"}', 'application/json');
    for (const whole of ['[]', '123', '"str"', 'null', 'true'])
      raw(`body ${whole}`, whole, 'application/json');
    out.push({ label: 'unknown method', method: 'PUT', path, body: '{}', type: 'application/json', format });
  }
  return out;
}

describe('Open311 bad input', () => {
  it('never answers 5xx; every error is the spec error list in the asked format', async () => {
    const failures: string[] = [];
    const all = cases();
    for (const c of all) {
      const res = await anon.request(c.method, c.path, c.body, c.type ? { 'content-type': c.type } : {});
      const problem =
        res.status >= 500
          ? 'server error'
          : res.status >= 400
            ? specError(res, c.format)
            : wellFormed(res, c.format);
      if (problem)
        failures.push(
          `${c.method} ${c.path.slice(0, 80)} [${c.label}] → ${res.status} ${problem} ${JSON.stringify(res.body)?.slice(0, 120)}`,
        );
    }
    expect(all.length).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
    expect(
      (await t.pool.query('select count(*)::int as n from request_categories')).rows[0].n,
    ).toBeGreaterThan(30);
  });
});
