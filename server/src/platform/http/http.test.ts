import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('HTTP conventions', () => {
  it('answers health, readiness and Prometheus metrics', async () => {
    const c = await t.client();
    expect((await c.get('/health')).body).toEqual({ status: 'ok' });
    expect((await c.get('/ready')).body).toEqual({ status: 'ready' });
    await c.get('/api/me');
    const metrics = await c.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('doorstep_http_request_duration_seconds_bucket');
    expect(metrics.body).toMatch(/doorstep_db_pool_total \d+/);
    expect(metrics.body).toContain('doorstep_process_cpu_seconds_total');
  });

  it('publishes OpenAPI with every API route', async () => {
    const c = await t.client();
    const doc = (await c.get('/api/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/me',
      '/api/areas',
      '/api/areas/{id}',
      '/api/areas/{id}/move',
      '/api/areas/imports',
      '/api/party-orgs',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(doc.paths['/api/areas'].post.requestBody).toBeTruthy();
  });

  it('answers unknown API routes with problem+json in the asked language', async () => {
    const c = await t.client();
    const zh = await c.get('/api/nothing-here');
    expect(zh.status).toBe(404);
    expect(zh.headers.get('content-type')).toContain('application/problem+json');
    expect(zh.body.detail).toBe('接口不存在');
    const en = await c.get('/api/nothing-here', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.body.detail).toBe('No such endpoint');
    expect(en.body.messages['zh-CN']).toBe('接口不存在');
  });

  it('sets security headers', async () => {
    const res = await (await t.client()).get('/health');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
