import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formOf } from '../../test/fixtures';
import { areaId, PHONES, startTestApp, type TestApp } from '../../test/harness';

/** 共建协议 files on a project: PDF kept as uploaded, other types refused, staff list and download, residents not. */
let t: TestApp;
let project: number;
beforeAll(async () => {
  t = await startTestApp();
  const community = await areaId(t.pool, '990101001001');
  project = Number(
    (
      await t.pool.query(`select id from list_projects where community_id = $1 and title = '屋顶菜园'`, [
        community,
      ])
    ).rows[0].id,
  );
});
afterAll(() => t.close());

describe('共建协议', () => {
  it('a PDF is attached, listed and downloaded byte for byte by staff; a text file is refused; residents cannot', async () => {
    const sec = await t.client(PHONES.community_secretary);
    const pdf = Buffer.from('%PDF-1.4\n% 屋顶菜园共建协议\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const up = await sec.request(
      'POST',
      `/api/lists/projects/${project}/agreements`,
      formOf({ file: { name: '屋顶菜园共建协议.pdf', data: pdf } }),
    );
    expect(up.status).toBe(201);
    const a = up.body.items.find((x: { fileName: string }) => x.fileName === '屋顶菜园共建协议.pdf');
    expect(a).toMatchObject({ kind: 'pdf', bytes: pdf.length, uploadedBy: '李书记' });
    // the same file again is the same agreement
    const again = await sec.request(
      'POST',
      `/api/lists/projects/${project}/agreements`,
      formOf({ file: { name: '屋顶菜园共建协议.pdf', data: pdf } }),
    );
    expect(again.body.items).toHaveLength(up.body.items.length);
    const txt = await sec.request(
      'POST',
      `/api/lists/projects/${project}/agreements`,
      formOf({ file: { name: '协议.pdf', data: 'just text' } }),
    );
    expect(txt.status).toBe(422);
    expect(txt.body.code).toBe('FILE_TYPE');

    const staff = await t.client(PHONES.community_staff);
    const res = await staff.get<Buffer>(a.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.body.equals(pdf)).toBe(true);

    const aunt = await t.client(PHONES.resident);
    expect((await aunt.get(`/api/lists/projects/${project}/agreements`)).status).toBe(403);
    const other = await t.client(PHONES.other_secretary);
    expect((await other.get(`/api/lists/projects/${project}/agreements`)).status).toBe(404);
    const audit = await t.pool.query(
      `select count(*)::int as n from audit_events where action = 'project.agreement' and entity_id = $1`,
      [String(project)],
    );
    expect(audit.rows[0].n).toBe(1);
  });
});
