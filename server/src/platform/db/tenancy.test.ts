import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness';
import { tenancyViolations } from './tenancy';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('Citus tenancy rule (catalog)', () => {
  it('holds for every table in the schema', async () => {
    expect(await tenancyViolations(t.pool)).toEqual([]);
  });

  it('catches a table that breaks it', async () => {
    const client = await t.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        'create table bad_things (id bigint primary key, tenant_id bigint not null, area_id bigint)',
      );
      await client.query(
        'create table bad_links (tenant_id bigint, id bigint, area_id bigint, primary key (tenant_id, id), foreign key (tenant_id, area_id) references areas (tenant_id, id), code text unique)',
      );
      await client.query(
        'create table bad_fk (tenant_id bigint, id bigint, area_id bigint, primary key (tenant_id, id))',
      );
      await client.query(
        'alter table bad_fk add constraint bad_fk_area foreign key (area_id, tenant_id) references areas (tenant_id, id)',
      );
      await client.query('create table no_tenant (id bigint primary key)');
      const v = await tenancyViolations(client);
      expect(v).toContain('bad_things: primary key lacks tenant_id');
      expect(v.some((x) => x.startsWith('bad_links: unique index'))).toBe(true);
      expect(v).toContain('bad_fk: foreign key bad_fk_area to areas does not pair tenant_id');
      expect(v).toContain('no_tenant: no tenant_id column');
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
