import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formOf } from './test/fixtures';
import { type Client, PHONES, type Res, startTestApp, type TestApp } from './test/harness';

/**
 * R5: every route, fed malformed, oversized, wrong-typed and SQL/XSS payloads derived from its OpenAPI
 * schema, answers without a 5xx, and every error is problem+json with a code.
 */
let t: TestApp;
let admin: Client;
let anon: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.client(PHONES.street_admin);
  anon = await t.client();
});
afterAll(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON schema
type Schema = any;
const NASTY = [
  "'; drop table areas; --",
  '<script>alert(1)</script>',
  '\u0000\u0001',
  'x'.repeat(20_000),
  '../../etc/passwd',
  '1 or 1=1',
  '𠮷😀',
];
const WRONG: Record<string, unknown[]> = {
  string: [12345, true, { a: 1 }, ['x'], null],
  number: ['abc', '1e999', true, {}, null, -1e308],
  integer: ['abc', 1.5, -1, 1e20, {}, null],
  boolean: ['yes', 2, {}, null],
  array: ['x', { a: 1 }, 7, Array.from({ length: 1000 }, () => 'x')],
  object: ['x', 7, [1, 2]],
};

/** A plausible value for a schema, so one wrong field at a time gets past the others. */
function sample(s: Schema): unknown {
  if (!s) return 'x';
  if (s.enum) return s.enum[0];
  if (s.const !== undefined) return s.const;
  if (s.anyOf ?? s.oneOf) return sample((s.anyOf ?? s.oneOf).find((x: Schema) => x.type !== 'null') ?? {});
  const type = Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type;
  if (type === 'object' || s.properties)
    return Object.fromEntries(
      Object.entries(s.properties ?? {})
        .filter(([k]) => (s.required ?? []).includes(k))
        .map(([k, v]) => [k, sample(v)]),
    );
  if (type === 'array') return [];
  if (type === 'integer' || type === 'number') return Math.max(1, s.minimum ?? 1);
  if (type === 'boolean') return true;
  return 'x';
}
const typeOf = (s: Schema): string => {
  if (s?.anyOf ?? s?.oneOf) return typeOf((s.anyOf ?? s.oneOf).find((x: Schema) => x.type !== 'null') ?? {});
  return (
    (Array.isArray(s?.type) ? s.type.find((x: string) => x !== 'null') : s?.type) ??
    (s?.properties ? 'object' : 'string')
  );
};

interface Case {
  label: string;
  path: string;
  body?: unknown;
  raw?: { body: string; type: string };
}

function casesFor(method: string, url: string, op: Schema): Case[] {
  const params: Schema[] = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const query = params.filter((p) => p.in === 'query');
  const fill = (overrides: Record<string, string> = {}) =>
    url.replace(/\{(\w+)\}/g, (_m, name) => overrides[name] ?? '1') +
    (query.length
      ? `?${query
          .filter((q) => q.required)
          .map((q) => `${q.name}=${encodeURIComponent(String(sample(q.schema)))}`)
          .join('&')}`
      : '');
  const out: Case[] = [];
  for (const p of pathParams)
    for (const bad of [
      'abc',
      '-1',
      '0',
      '99999999999999999999999',
      "1' or '1'='1",
      '1.5',
      '%00',
      'x'.repeat(300),
    ])
      out.push({
        label: `path ${p.name}=${bad.slice(0, 20)}`,
        path: fill({ [p.name]: encodeURIComponent(bad) }),
      });
  for (const q of query) {
    const others = query
      .filter((o) => o !== q && o.required)
      .map((o) => `${o.name}=${encodeURIComponent(String(sample(o.schema)))}`);
    for (const bad of [...NASTY.slice(0, 6), '-1', '1e999', '', 'true', '[]'])
      out.push({
        label: `query ${q.name}=${bad.slice(0, 20)}`,
        path: `${url.replace(/\{(\w+)\}/g, '1')}?${[...others, `${q.name}=${encodeURIComponent(bad)}`].join('&')}`,
      });
  }
  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  if (method !== 'GET' && bodySchema) {
    const base = sample(bodySchema) as Record<string, unknown>;
    const path = fill();
    out.push({ label: 'malformed json', path, raw: { body: '{"bad": ', type: 'application/json' } });
    out.push({ label: 'text body', path, raw: { body: 'hello', type: 'text/plain' } });
    out.push({
      label: 'oversized',
      path,
      raw: { body: JSON.stringify({ blob: 'x'.repeat(1_500_000) }), type: 'application/json' },
    });
    for (const whole of [[], 123, 'str', null, true])
      out.push({ label: `body ${JSON.stringify(whole)}`, path, body: whole });
    for (const [key, prop] of Object.entries((bodySchema.properties ?? {}) as Record<string, Schema>)) {
      for (const bad of WRONG[typeOf(prop)] ?? [])
        out.push({
          label: `${key}=${JSON.stringify(bad)?.slice(0, 20)}`,
          path,
          body: { ...base, [key]: bad },
        });
      if (typeOf(prop) === 'string')
        for (const bad of NASTY)
          out.push({ label: `${key}=${bad.slice(0, 20)}`, path, body: { ...base, [key]: bad } });
    }
    out.push({
      label: 'extra fields',
      path,
      body: { ...base, __proto__: { admin: true }, constructor: 'x', tenantId: 2 },
    });
  }
  return out;
}

const isProblem = (res: Res) =>
  (res.headers.get('content-type') ?? '').includes('application/problem+json') &&
  typeof res.body?.code === 'string' &&
  typeof res.body?.messages?.['zh-CN'] === 'string';

describe('bad input (schema-driven)', () => {
  it('never answers 5xx, and every error is problem+json', async () => {
    const doc = t.app.swagger() as Schema;
    const failures: string[] = [];
    let count = 0;
    for (const [url, ops] of Object.entries(doc.paths as Record<string, Schema>)) {
      for (const [method, op] of Object.entries(ops as Record<string, Schema>)) {
        const m = method.toUpperCase();
        const client = url.startsWith('/api/auth/') ? anon : admin;
        if (url === '/api/auth/sign-out') continue; // would end the session the other probes use
        for (const c of casesFor(m, url, op)) {
          count++;
          const res = c.raw
            ? await client.request(m, c.path, c.raw.body, { 'content-type': c.raw.type })
            : await client.request(m, c.path, m === 'GET' ? undefined : c.body);
          if (res.status >= 500 || (res.status >= 400 && !isProblem(res)))
            failures.push(
              `${m} ${url} [${c.label}] → ${res.status} ${String(res.headers.get('content-type'))} ${JSON.stringify(res.body)?.slice(0, 150)}`,
            );
        }
      }
    }
    expect(count).toBeGreaterThan(300);
    expect(failures).toEqual([]);
    expect((await t.pool.query('select count(*)::int as n from areas')).rows[0].n).toBeGreaterThan(100);
  }, 240_000); // every route × role × street: minutes on a loaded machine, not a timing test

  it('rejects uploads that are not what they claim, with problem+json', async () => {
    const cases: { fields: Parameters<typeof formOf>[0]; code: string }[] = [
      { fields: {}, code: 'FILE_REQUIRED' },
      {
        fields: { mode: 'dry_run', file: { name: 'a.xlsx', data: 'not a spreadsheet' } },
        code: 'FILE_NOT_XLSX',
      },
      {
        fields: { mode: 'dry_run', file: { name: 'a.xlsx', data: Buffer.from('PK\u0003\u0004garbage') } },
        code: 'FILE_UNREADABLE',
      },
      { fields: { mode: 'bogus', file: { name: 'a.xlsx', data: 'x' } }, code: 'MODE_INVALID' },
    ];
    for (const c of cases) {
      const res = await admin.request('POST', '/api/areas/imports', formOf(c.fields));
      expect(res.status, c.code).toBe(422);
      expect(isProblem(res)).toBe(true);
      expect(res.body.code).toBe(c.code);
    }
    const json = await admin.post('/api/areas/imports', { file: 'x' });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('MULTIPART_REQUIRED');
    const geo = await admin.request(
      'POST',
      '/api/areas/geojson-imports',
      formOf({ file: { name: 'g.json', data: '{"type":"Nope"}' } }),
    );
    expect(geo.body.code).toBe('FILE_NOT_GEOJSON');
  });
});
