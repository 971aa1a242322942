import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet, workbookBuffer } from '../../platform/excel/excel';
import { formOf, waitForJob } from '../../test/fixtures';
import { areaId, type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';

/** 三张清单 import through the HTTP API: template, aliases, dry run, per-row errors, both commit modes, round trip. */
let t: TestApp;
let community: number;
let sec: Client;

beforeAll(async () => {
  t = await startTestApp();
  community = await areaId(t.pool, '990101001001');
  sec = await t.client(PHONES.community_secretary);
});
afterAll(() => t.close());

const columns = (headers: string[]) => headers.map((h) => ({ header: h, key: h, width: 12 }));
const xlsx = (headers: string[], rows: Record<string, string | number>[]) =>
  workbookBuffer('清单', columns(headers), rows);
const count = async () =>
  Number(
    (await t.pool.query('select count(*) from list_items where community_id = $1', [community])).rows[0]
      .count,
  );

async function importFile(data: Buffer | string, mode: string, extra: Record<string, string> = {}) {
  const res = await sec.post(
    `/api/lists/imports?communityId=${community}`,
    formOf({ mode, ...extra, file: { name: '清单.xlsx', data } }),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return waitForJob(sec, res.body.id);
}

describe('三张清单导入', () => {
  it('the template lists every column and reads back through the import (its example rows pass the dry run)', async () => {
    const res = await sec.get('/api/lists/import-template.xlsx');
    expect(res.status).toBe(200);
    const sheet = await readSheet(res.body as Buffer);
    expect(sheet.headers).toEqual([
      '类别',
      '发布方类型',
      '发布方',
      '名称',
      '说明',
      '权属单位',
      '闲置年限',
      '可转化用途',
      '预计撬动资金',
    ]);
    const job = await importFile(res.body as Buffer, 'dry_run');
    expect(job).toMatchObject({ status: 'done', okCount: 3, errorCount: 0, committed: false });
  });

  it('a good file with the community’s own headers: dry run writes nothing, then all or nothing publishes every row with an audit', async () => {
    const file = await xlsx(
      ['清单', '提供单位', '资产名称', '情况说明', '产权单位', '闲置时间', '拟改造用途', '预计资金'],
      [
        { 清单: '需求清单', 资产名称: '导入甲·楼道照明', 情况说明: '3号楼楼道灯坏了' },
        { 清单: '资源', 提供单位: '区图书馆', 资产名称: '导入甲·流动图书车' },
        {
          清单: '沉睡资产',
          提供单位: '区供热公司',
          资产名称: '导入甲·旧锅炉房',
          产权单位: '区供热公司',
          闲置时间: '6年',
          拟改造用途: '老年食堂',
          预计资金: '社会资金10万元',
        },
      ],
    );
    const before = await count();
    const dry = await importFile(file, 'dry_run');
    expect(dry).toMatchObject({ okCount: 3, errorCount: 0, committed: false, summary: { wouldCreate: 3 } });
    expect(await count()).toBe(before);
    const job = await importFile(file, 'all_or_nothing');
    expect(job).toMatchObject({ okCount: 3, errorCount: 0, committed: true, summary: { created: 3 } });
    expect(await count()).toBe(before + 3);
    const items = (await sec.get(`/api/lists/items?communityId=${community}`)).body.items;
    const boiler = items.find((i: { title: string }) => i.title === '导入甲·旧锅炉房');
    expect(boiler).toMatchObject({
      kind: 'resource',
      dormant: true,
      publisherKind: 'unit',
      publisherName: '区供热公司',
      owner: '区供热公司',
      idleYears: 6,
      convertibleUse: '老年食堂',
      expectedFunding: '社会资金10万元',
      status: 'open',
    });
    const light = items.find((i: { title: string }) => i.title === '导入甲·楼道照明');
    expect(light).toMatchObject({ kind: 'need', publisherName: '龙腾社区', dormant: false });
    // every row audited like a hand-published one, plus the import itself
    const audit = await t.pool.query(
      `select action, count(*)::int as n from audit_events where action in ('list.publish', 'lists.import')
          and (summary->>'title' like '导入甲%' or (entity_type = 'import_job' and entity_id::text = $1)) group by action`,
      [String(job.id)],
    );
    expect(Object.fromEntries(audit.rows.map((r) => [r.action, r.n]))).toEqual({
      'list.publish': 3,
      'lists.import': 1,
    });
    // importing the same file again: every row is already on the lists
    const again = await importFile(file, 'dry_run');
    expect(again.errors.map((e: { code: string }) => e.code)).toEqual([
      'ITEM_EXISTS',
      'ITEM_EXISTS',
      'ITEM_EXISTS',
    ]);
  });

  it('bad rows: per-row errors with the original values, nothing written in all or nothing, the valid ones in valid-rows mode', async () => {
    const file = await xlsx(
      ['类别', '发布方类型', '发布方', '名称', '闲置年限'],
      [
        { 类别: '需求', 名称: '导入乙·加装扶手' },
        { 类别: '愿望', 名称: '导入乙·类别不对' },
        { 类别: '资源', 发布方类型: '街道', 发布方: '某单位', 名称: '导入乙·发布方类型不对' },
        { 类别: '沉睡资源', 名称: '导入乙·防空洞', 闲置年限: '很多年' },
        { 类别: '需求', 名称: '短' },
        { 类别: '需求', 名称: '导入乙·加装扶手' },
        { 类别: '资源', 发布方: '区体育局', 名称: '导入乙·健身器材' },
      ],
    );
    const before = await count();
    const job = await importFile(file, 'all_or_nothing');
    expect(job).toMatchObject({ status: 'done', okCount: 2, errorCount: 5, committed: false });
    expect(await count()).toBe(before);
    expect(job.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'KIND_INVALID'],
      [4, 'PUBLISHER_KIND_INVALID'],
      [5, 'IDLE_YEARS_INVALID'],
      [6, 'ROW_INVALID'],
      [7, 'ITEM_DUPLICATE_IN_FILE'],
    ]);
    expect(job.errors[0]).toMatchObject({ field: 'kind', values: { 类别: '愿望', 名称: '导入乙·类别不对' } });
    expect(job.errors[3].message['zh-CN']).toContain('2–80');
    // the error report carries the rejected rows with their original values
    const report = await sec.get(`/api/imports/${job.id}/errors.xlsx`);
    expect(report.status).toBe(200);
    const sheet = await readSheet(report.body as Buffer);
    expect(sheet.rows).toHaveLength(5);
    expect(sheet.rows[2]!.values).toMatchObject({ 行号: '5', 闲置年限: '很多年' });

    const valid = await importFile(file, 'valid_rows');
    expect(valid).toMatchObject({ okCount: 2, errorCount: 5, committed: true, summary: { created: 2 } });
    expect(await count()).toBe(before + 2);
  });

  it('a column mapping for headers no alias knows; a file without a name column is refused before any job', async () => {
    const file = await xlsx(['项目', '备注说明'], [{ 项目: '导入丙·映射需求', 备注说明: '按映射读取' }]);
    const refused = await sec.post(
      `/api/lists/imports?communityId=${community}`,
      formOf({ mode: 'dry_run', file: { name: 'x.xlsx', data: file } }),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('COLUMNS_MISSING');
    const preview = await sec.post(
      `/api/lists/imports/preview?communityId=${community}`,
      formOf({ file: { name: 'x.xlsx', data: file } }),
    );
    expect(preview.body).toMatchObject({ headers: ['项目', '备注说明'], rows: 1, missing: ['title'] });
    const job = await importFile(file, 'all_or_nothing', {
      list: 'resource',
      mapping: JSON.stringify({ title: '项目', description: '备注说明' }),
    });
    expect(job).toMatchObject({ okCount: 1, committed: true });
    const items = (await sec.get(`/api/lists/items?communityId=${community}&kind=resource`)).body.items;
    expect(items.find((i: { title: string }) => i.title === '导入丙·映射需求')).toMatchObject({
      description: '按映射读取',
    });
  });

  it('the export re-imports cleanly: every row back with the same fields', async () => {
    const exported = await sec.get(`/api/lists/export?communityId=${community}`);
    expect(exported.status).toBe(200);
    const before = (await sec.get(`/api/lists/items?communityId=${community}`)).body.items;
    // the originals renamed aside, so the same names are free again
    await t.pool.query(`update list_items set title = title || '·旧' where community_id = $1`, [community]);
    const job = await importFile(exported.body as Buffer, 'all_or_nothing');
    expect(job).toMatchObject({ errorCount: 0, okCount: before.length, committed: true });
    const after = (await sec.get(`/api/lists/items?communityId=${community}`)).body.items;
    const fields = (i: Record<string, unknown>) => ({
      kind: i.kind,
      dormant: i.dormant,
      publisherKind: i.publisherKind,
      publisherName: i.publisherName,
      description: i.description,
      owner: i.owner,
      idleYears: i.idleYears,
      convertibleUse: i.convertibleUse,
      expectedFunding: i.expectedFunding,
    });
    for (const b of before) {
      const again = after.find((a: { title: string }) => a.title === b.title);
      expect(again, b.title).toBeDefined();
      expect(fields(again)).toEqual(fields(b));
    }
  });

  it('项目清单: rows pair items on the lists by name through the claim use case; unknown or taken items are row errors', async () => {
    const tpl = await sec.get('/api/lists/projects/import-template.xlsx');
    expect((await readSheet(tpl.body as Buffer)).headers).toEqual([
      '项目名称',
      '需求',
      '资源',
      '承接方',
      '预算（元）',
      '协议要点',
    ]);
    const seed = await xlsx(
      ['类别', '名称'],
      [
        { 类别: '需求', 名称: '导入丁·儿童托管' },
        { 类别: '资源', 名称: '导入丁·空置活动室' },
        { 类别: '需求', 名称: '导入丁·独居老人探访' },
      ],
    );
    expect(await importFile(seed, 'all_or_nothing')).toMatchObject({ committed: true, okCount: 3 });
    const file = await xlsx(
      ['项目名称', '对应需求', '对应资源', '牵头单位', '预算'],
      [
        {
          项目名称: '导入丁·四点半课堂',
          对应需求: '导入丁·儿童托管',
          对应资源: '导入丁·空置活动室',
          牵头单位: '区青少年宫',
          预算: '12,000元',
        },
        { 项目名称: '导入丁·没有的', 对应需求: '导入丁·不存在', 牵头单位: '某单位' },
        { 项目名称: '导入丁·重复认领', 对应资源: '导入丁·空置活动室', 牵头单位: '某单位' },
        { 项目名称: '导入丁·探访', 对应需求: '导入丁·独居老人探访', 牵头单位: '' },
      ],
    );
    const projects = async () =>
      Number(
        (await t.pool.query('select count(*) from list_projects where community_id = $1', [community]))
          .rows[0].count,
      );
    const before = await projects();
    const job = await importFile(file, 'all_or_nothing', { list: 'projects' });
    expect(job.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'ITEM_UNKNOWN'],
      [4, 'ITEM_DUPLICATE_IN_FILE'],
      [5, 'ROW_INVALID'],
    ]);
    expect(job.committed).toBe(false);
    expect(await projects()).toBe(before);
    const valid = await importFile(file, 'valid_rows', { list: 'projects' });
    expect(valid).toMatchObject({ okCount: 1, committed: true });
    const list = (await sec.get(`/api/lists/projects?communityId=${community}`)).body.items;
    expect(list.find((p: { title: string }) => p.title === '导入丁·四点半课堂')).toMatchObject({
      needTitle: '导入丁·儿童托管',
      resourceTitle: '导入丁·空置活动室',
      ownerName: '区青少年宫',
      budgetYuan: 12000,
    });
    // the pair is claimed now: the same file again reports both items taken
    const again = await importFile(file, 'dry_run', { list: 'projects' });
    expect(again.errors[0]).toMatchObject({ row: 2, code: 'ITEM_TAKEN' });
  });
});
