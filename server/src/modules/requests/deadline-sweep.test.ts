import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONES, startTestApp, type TestApp } from '../../test/harness';
import { sweepDeadlines } from './deadline-sweep';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('deadline sweep (黄牌/红牌/超期, escalation)', () => {
  it('warns yellow, then red with escalation to the secretary, then breached; once each', async () => {
    const c = await t.client(PHONES.resident);
    const res = await c.post('/api/requests', {
      description: '垃圾桶满溢没人清运',
      nature: 'complaint',
      lng: 104.0484,
      lat: 30.6131,
      categoryCode: 'city.litter',
    });
    expect(res.status).toBe(201);
    const id = res.body.id as number;
    // a 24-hour calendar window that started 13 hours ago: past half → yellow
    const setWindow = (startedHoursAgo: number, dueInHours: number) =>
      t.pool.query(
        `update requests set created_at = now() - make_interval(hours => $2), resolve_due_at = now() + make_interval(hours => $3), urgency = 'normal'
          where id = $1`,
        [id, startedHoursAgo, dueInHours],
      );
    // normal/normal counts working days; make the policy clock irrelevant by using the utilities class
    await t.pool.query("update requests set category_code = 'utilities.water' where id = $1", [id]);
    await setWindow(13, 11);
    expect((await sweepDeadlines(t.pool)).changed).toBeGreaterThanOrEqual(1);
    expect((await t.pool.query('select warning from requests where id = $1', [id])).rows[0].warning).toBe(
      'yellow',
    );
    await setWindow(20, 4);
    await sweepDeadlines(t.pool);
    await setWindow(26, -2);
    await sweepDeadlines(t.pool);
    const again = await sweepDeadlines(t.pool);
    const { rows } = await t.pool.query(
      'select type, note, visible_to_resident from request_events where request_id = $1 order by id',
      [id],
    );
    const types = rows.map((r) => r.type);
    expect(types.filter((x) => x.startsWith('warning:'))).toEqual([
      'warning:yellow',
      'warning:red',
      'warning:breached',
    ]);
    const escalated = rows.find((r) => r.type === 'escalated');
    expect(escalated?.note).toContain('李书记');
    expect(escalated?.visible_to_resident).toBe(false);
    expect(again.changed).toBe(0);
    // staff see the warning in the workbench's overdue queue
    const staff = await t.client(PHONES.community_secretary);
    const overdue = await staff.get('/api/requests?queue=overdue');
    expect(overdue.body.items.map((i: { id: number }) => i.id)).toContain(id);
    expect(overdue.body.items.find((i: { id: number }) => i.id === id).warning).toBe('breached');
  });
});
