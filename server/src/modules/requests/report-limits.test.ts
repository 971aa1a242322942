import { afterAll, beforeAll, expect, it } from 'vitest';
import { PHONES, startTestApp, type TestApp } from '../../test/harness';

/** R8: a resident's reports are limited per person (and per IP), with 429 problem+json and Retry-After. */
let t: TestApp;
beforeAll(async () => {
  process.env.REPORT_RATE_LIMIT = '3';
  t = await startTestApp();
});
afterAll(() => t?.close());

it('the fourth report within ten minutes gets 429 with Retry-After; another resident is unaffected', async () => {
  const sun = await t.client(PHONES.resident);
  const report = (c: typeof sun, n: number) =>
    c.post('/api/requests', { description: `楼道灯不亮 第${n}次`, lng: 104.0484, lat: 30.6131 });
  for (let n = 1; n <= 3; n++) expect((await report(sun, n)).status).toBe(201);
  const limited = await report(sun, 4);
  expect(limited.status).toBe(429);
  expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  const chen = await t.client(PHONES.party_member);
  expect((await report(chen, 1)).status).toBe(201);
});
