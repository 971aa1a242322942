import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONES, startTestApp, type TestApp } from '../../test/harness';
import { overloadLimits } from './overload';

/** R8: with the pool's waiting queue over OVERLOAD_MAX_DB_WAITING, API requests are shed with 503 + Retry-After. */
let t: TestApp;
beforeAll(async () => {
  process.env.OVERLOAD_MAX_DB_WAITING = '2';
  t = await startTestApp();
});
afterAll(async () => {
  delete process.env.OVERLOAD_MAX_DB_WAITING;
  await t?.close();
});

it('sheds API requests while the database pool has a queue, keeps /health answering, recovers after', async () => {
  const admin = await t.client(PHONES.street_admin);
  expect((await admin.get('/api/requests?queue=all')).status).toBe(200);

  // every connection of the app's pool busy, and three more queries waiting for one
  const size = t.pool.options.max ?? 10;
  const held: pg.PoolClient[] = await Promise.all(Array.from({ length: size }, () => t.pool.connect()));
  const waiting = Array.from({ length: 3 }, () => t.pool.query('select 1'));
  expect(t.pool.waitingCount).toBe(3);
  try {
    const shed = await admin.get('/api/requests?queue=all');
    expect(shed.status).toBe(503);
    expect(shed.headers.get('content-type')).toContain('application/problem+json');
    expect(shed.body).toMatchObject({ code: 'OVERLOADED', status: 503 });
    expect(shed.body.messages['zh-CN']).toBeTruthy();
    expect(Number(shed.headers.get('retry-after'))).toBeGreaterThan(0);
    // a report is shed the same way, before authentication or anything else touches the database
    const anonymous = await t.client();
    const report = await anonymous.post('/api/requests', {
      description: '楼道灯不亮',
      lng: 104.0484,
      lat: 30.6131,
    });
    expect(report.status).toBe(503);
    expect(report.body.code).toBe('OVERLOADED');
    // the liveness probe is never shed
    const health = await admin.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  } finally {
    for (const c of held) c.release();
    await Promise.all(waiting);
  }
  expect(t.pool.waitingCount).toBe(0);
  const again = await admin.get('/api/requests?queue=all');
  expect(again.status).toBe(200);
  expect(Array.isArray(again.body.items)).toBe(true);
});

describe('thresholds from the environment', () => {
  it('defaults, overrides, and 0 turning a signal off', () => {
    expect(overloadLimits({})).toEqual({
      maxDbWaiting: 40,
      maxEventLoopDelayMs: 1000,
      maxEventLoopUtilization: 0,
      retryAfterSeconds: 5,
    });
    expect(
      overloadLimits({
        OVERLOAD_MAX_DB_WAITING: '0',
        MAX_EVENT_LOOP_DELAY_MS: '500',
        OVERLOAD_MAX_ELU: '0.98',
        OVERLOAD_RETRY_AFTER_S: '2',
      }),
    ).toEqual({
      maxDbWaiting: 0,
      maxEventLoopDelayMs: 500,
      maxEventLoopUtilization: 0.98,
      retryAfterSeconds: 2,
    });
  });
});
