import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONES, startTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** The value of one sample in Prometheus text format, or undefined when the series is absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('/metrics: what an operator alerts on', () => {
  it('counts overdue and warned requests, the job queue, its failures and imports', async () => {
    const c = await t.client(PHONES.resident);
    const reported: number[] = [];
    for (const description of ['路灯坏了一个星期', '楼道堆放杂物堵住通道', '小区门口污水外溢'])
      reported.push(
        (
          await c.post('/api/requests', {
            description,
            nature: 'report',
            lng: 104.0484,
            lat: 30.6131,
            categoryCode: 'city.litter',
          })
        ).body.id,
      );
    const [overdue, red, yellow] = reported;
    await t.pool.query(
      "update requests set resolve_due_at = now() - interval '1 hour', warning = 'breached' where id = $1",
      [overdue],
    );
    await t.pool.query("update requests set warning = 'red' where id = $1", [red]);
    await t.pool.query("update requests set warning = 'yellow' where id = $1", [yellow]);
    const tenant = (await t.pool.query('select tenant_id from requests where id = $1', [overdue])).rows[0]
      .tenant_id;
    await t.pool.query(
      `insert into import_jobs (tenant_id, kind, file_name, mode, status, created_at, finished_at) values
         ($1, 'areas', 'a.xlsx', 'dry_run', 'running', now() - interval '2 hours', null),
         ($1, 'areas', 'b.xlsx', 'valid_rows', 'failed', now() - interval '5 minutes', now() - interval '4 minutes'),
         ($1, 'areas', 'c.xlsx', 'valid_rows', 'failed', now() - interval '3 hours', now() - interval '3 hours')`,
      [tenant],
    );
    const expected = (
      await t.pool.query(
        `select count(*) filter (where resolve_due_at < now())::int as overdue,
                count(*) filter (where warning = 'red')::int as red,
                count(*) filter (where warning = 'yellow')::int as yellow,
                count(*) filter (where warning = 'breached')::int as breached
           from requests where status not in ('handled', 'verified', 'closed')`,
      )
    ).rows[0];
    expect(expected.overdue).toBeGreaterThanOrEqual(1);

    const startedAt = Math.floor(Date.now() / 1000) - 1;
    // the job queue as the server runs it: pg-boss in schema pgboss; one job fails for good, two wait
    const boss = new PgBoss({
      connectionString: t.pool.options.connectionString,
      schema: 'pgboss',
      supervise: false,
      schedule: false,
    });
    await boss.start();
    try {
      await boss.createQueue('metrics-probe', { name: 'metrics-probe', retryLimit: 0 });
      await boss.send('metrics-probe', { n: 1 });
      const [job] = await boss.fetch('metrics-probe');
      await boss.fail('metrics-probe', job!.id, { message: 'probe' });
      await boss.send('metrics-probe', { n: 2 });
      const [done] = await boss.fetch('metrics-probe');
      await boss.complete('metrics-probe', done!.id);
      await boss.send('metrics-probe', { n: 3 });
      await boss.send('metrics-probe', { n: 4 });
      await boss.send('metrics-probe', { n: 5 }, { startAfter: 3600 }); // not due yet: no backlog
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }

    const res = await (await t.client()).get('/metrics');
    expect(res.status).toBe(200);
    const m = res.body as string;
    expect(sample(m, 'doorstep_requests_overdue')).toBe(expected.overdue);
    expect(sample(m, 'doorstep_requests_warnings', '{level="red"}')).toBe(expected.red);
    expect(sample(m, 'doorstep_requests_warnings', '{level="yellow"}')).toBe(expected.yellow);
    expect(sample(m, 'doorstep_requests_warnings', '{level="breached"}')).toBe(expected.breached);
    expect(sample(m, 'doorstep_jobs_waiting', '{queue="metrics-probe"}')).toBe(2);
    expect(sample(m, 'doorstep_jobs_failed_last_hour', '{queue="metrics-probe"}')).toBe(1);
    const completedAt = sample(
      m,
      'doorstep_jobs_last_completed_timestamp_seconds',
      '{queue="metrics-probe"}',
    )!;
    expect(completedAt).toBeGreaterThanOrEqual(startedAt);
    expect(completedAt).toBeLessThanOrEqual(Date.now() / 1000 + 1);
    expect(sample(m, 'doorstep_import_jobs_running')).toBe(1);
    expect(sample(m, 'doorstep_import_jobs_failed_last_hour')).toBe(1);
    const oldest = sample(m, 'doorstep_import_jobs_oldest_running_seconds')!;
    expect(oldest).toBeGreaterThanOrEqual(7200);
    expect(oldest).toBeLessThan(7200 + 3600);
    expect(sample(m, 'doorstep_db_pool_total')).toBeGreaterThanOrEqual(1);
    expect(sample(m, 'doorstep_db_pool_waiting')).toBe(0);
    expect(m).not.toContain('doorstep_metrics_gauge_errors_total{');
  });
});
