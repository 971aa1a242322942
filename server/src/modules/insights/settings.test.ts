import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaId, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { DEFAULT_SCORING } from './scoring';

let t: TestApp;
let longteng: number;
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * 86400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestApp();
  longteng = await areaId(t.pool, '990101001001');
});
afterAll(async () => {
  await t?.close();
});

describe('morning-brief scoring per street', () => {
  it('street admins change it (version check, audited); the brief uses it; null goes back to the defaults', async () => {
    const admin = await t.client(PHONES.street_admin);
    const secretary = await t.client(PHONES.community_secretary);
    const first = await admin.get(`/api/insights/scoring?areaId=${longteng}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ custom: false, version: 0, canEdit: true, scoring: DEFAULT_SCORING });

    const scoring = { ...DEFAULT_SCORING, items: 5, gap: { threshold: -1, perDegree: 20 } };
    const saved = await admin.request('PUT', '/api/insights/scoring', {
      areaId: longteng,
      version: 0,
      scoring,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ custom: true, version: 1, scoring });
    expect(saved.body.updatedBy).toBeTruthy();

    // a second admin's save on the version they read before: 409, nothing changed
    const stale = await admin.request('PUT', '/api/insights/scoring', {
      areaId: longteng,
      version: 0,
      scoring: DEFAULT_SCORING,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('SCORING_VERSION_CONFLICT');
    expect((await admin.get(`/api/insights/scoring?areaId=${longteng}`)).body.scoring).toEqual(scoring);

    // the secretary sees the street's scoring their brief uses, and may not change it
    const seen = await secretary.get(`/api/insights/scoring?areaId=${longteng}`);
    expect(seen.body).toMatchObject({ canEdit: false, version: 1, scoring });
    const denied = await secretary.request('PUT', '/api/insights/scoring', {
      areaId: longteng,
      version: 1,
      scoring: DEFAULT_SCORING,
    });
    expect([403, 404]).toContain(denied.status);

    // out of range: a problem+json 400
    const bad = await admin.request('PUT', '/api/insights/scoring', {
      areaId: longteng,
      version: 1,
      scoring: { ...scoring, items: 50 },
    });
    expect(bad.status).toBe(400);

    // the brief job stores the scoring it used: the street's
    const run = await secretary.post('/api/insights/briefs/run', { communityId: longteng, day: daysAgo(3) });
    expect(run.status).toBe(200);
    const brief = await t.pool.query('select scoring from insight_briefs where id = $1', [run.body.id]);
    expect(brief.rows[0].scoring).toEqual(scoring);

    const audit = await t.pool.query(
      "select action, summary from audit_events where entity_type = 'insight_scoring' order by id",
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['insights.scoring.update']);
    expect(audit.rows[0].summary).toEqual({ before: null, after: scoring });

    const reset = await admin.request('PUT', '/api/insights/scoring', {
      areaId: longteng,
      version: 1,
      scoring: null,
    });
    expect(reset.body).toMatchObject({ custom: false, version: 0, scoring: DEFAULT_SCORING });
    const run2 = await secretary.post('/api/insights/briefs/run', { communityId: longteng, day: daysAgo(4) });
    const brief2 = await t.pool.query('select scoring from insight_briefs where id = $1', [run2.body.id]);
    expect(brief2.rows[0].scoring).toEqual(DEFAULT_SCORING);
  });
});
