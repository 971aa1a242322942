import type { Role } from '@doorstep/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TABLE, type Allowed, type Fixtures, type Subject } from './test/access-table';
import { buildFixtures, formOf } from './test/fixtures';
import { type Client, PHONES, startTestApp, type TestApp } from './test/harness';

/** R4: every registered route × role × own/other area matches the allow/deny table. */
let t: TestApp;
let f: Fixtures;
const ROLES = Object.keys(PHONES).filter((r) => r !== 'other_secretary') as Role[];
const clients = new Map<string, Client>();

beforeAll(async () => {
  t = await startTestApp();
  f = await buildFixtures(t);
  clients.set('anonymous', await t.client());
  for (const role of ROLES) clients.set(role, await t.client(PHONES[role as keyof typeof PHONES]));
});
afterAll(() => t.close());

/** The API routes the app registered (static files and the docs UI are public by construction). */
const apiRoutes = () =>
  t.app.routeList
    .filter(
      (r) =>
        r.method !== 'HEAD' &&
        !r.url.startsWith('/api/docs') &&
        (r.url.startsWith('/api/') ||
          r.url.startsWith('/open311/') ||
          ['/health', '/ready', '/metrics'].includes(r.url)),
    )
    .map((r) => `${r.method} ${r.url}`);

const allows = (allowed: Allowed, who: string) =>
  allowed === 'public' ||
  (allowed === 'any' ? who !== 'anonymous' : (allowed as readonly string[]).includes(who));

describe('access matrix', () => {
  it('has a row for every registered route, and no row for a route that is gone', () => {
    const registered = new Set(apiRoutes());
    const missing = [...registered].filter((r) => !ACCESS_TABLE[r]);
    const stale = Object.keys(ACCESS_TABLE).filter((r) => !registered.has(r));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('every route answers each role on its own and on another street as the table says', async () => {
    const mismatches: string[] = [];
    for (const [route, row] of Object.entries(ACCESS_TABLE)) {
      const [method, pattern] = route.split(' ') as [string, string];
      const who = row.own === 'public' ? ['anonymous'] : ['anonymous', ...ROLES];
      for (const subject of ['own', 'other'] as Subject[]) {
        const probe = row.probe(f, subject);
        for (const name of who) {
          const c = clients.get(name)!;
          const body = probe.form ? formOf(probe.form) : method === 'GET' ? undefined : (probe.body ?? {});
          const res = await c.request(method, probe.path, body);
          const denied = [401, 403, 404].includes(res.status);
          const expected = allows(row[subject], name);
          if (res.status >= 500)
            mismatches.push(
              `${route} ${subject} as ${name}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
            );
          else if (expected === denied)
            mismatches.push(
              `${route} [${pattern}] ${subject} as ${name}: expected ${expected ? 'allow' : 'deny'}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
            );
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000); // every route × role × street: minutes on a loaded machine, not a timing test
});
