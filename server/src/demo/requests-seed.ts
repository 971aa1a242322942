import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import {
  actOnRequest,
  guessMapping,
  readHistoryFile,
  reportRequest,
  runHistoryImport,
} from '../modules/requests';
import { loadActor } from '../platform/access/scopes';
import { inTx } from '../platform/db/tx';
import { createImportJob, findImportJob } from '../platform/imports/jobs';

/** Responders of the demo street: 物业, 驻区单位, 党员先锋队, 邻里互助队, 志愿队, 街道部门. */
const ORGS = [
  { kind: 'property', name: '金茂物业', at: '990101001001', members: ['13800000005'] },
  { kind: 'property', name: '联发物业', at: '990101001001', members: [] },
  { kind: 'unit', name: '医科大学附属康复医院', at: '990101001001', members: [] },
  { kind: 'party', name: '龙腾社区党员先锋队', at: '990101001001', members: ['13800000006'] },
  { kind: 'team', name: '聚金万佳苑邻里互助队', at: '990101001001', members: [] },
  { kind: 'volunteer', name: '龙腾志愿服务队', at: '990101001001', members: [] },
  { kind: 'department', name: '长江路街道城管执法中队', at: '990101001', members: [] },
  { kind: 'department', name: '街道市政维护所', at: '990101001', members: [] },
] as const;

/** Demo responders and a few requests at different steps (the seed's three-day lift outage among them). */
export async function seedRequests(pool: pg.Pool) {
  const orgIds = new Map<string, number>();
  await inTx(pool, async (tx) => {
    for (const o of ORGS) {
      const { rows } = await tx.query(
        `insert into responder_orgs (tenant_id, kind, name, area_id, phone)
         select tenant_id, $1, $2, id, null from areas where code = $3 returning id, tenant_id`,
        [o.kind, o.name, o.at],
      );
      orgIds.set(o.name, rows[0].id);
      for (const phone of o.members)
        await tx.query(
          `insert into responder_members (tenant_id, org_id, user_id) select $1, $2, id from "user" where "phoneNumber" = $3`,
          [rows[0].tenant_id, rows[0].id, phone],
        );
    }
  });
  const actor = async (phone: string) => {
    const { rows } = await pool.query('select id, name, "phoneNumber" from "user" where "phoneNumber" = $1', [
      phone,
    ]);
    return loadActor(pool, rows[0]);
  };
  const resident = await actor('13800000008');
  const secretary = await actor('13800000002');
  const property = await actor('13800000005');
  const at = { lng: 104.0484, lat: 30.6131 };
  const report = (description: string, categoryCode?: string) =>
    inTx(pool, (tx) =>
      reportRequest(
        tx,
        resident,
        { description, nature: 'complaint', crs: 'wgs84', anonymous: false, photos: [], categoryCode, ...at },
        {},
      ),
    );
  const act = async (id: number, who: typeof resident, body: Record<string, unknown>) => {
    const { rows } = await pool.query('select version from requests where id = $1', [id]);
    await inTx(pool, (tx) => actOnRequest(tx, who, id, { ...body, version: rows[0].version } as never));
  };
  const lift = await report('3号楼电梯停运三天了，老人上下楼很困难，物业只说配件在途。', 'property.lift');
  await act(lift.id, secretary, {
    action: 'dispatch',
    kind: 'owner',
    orgId: orgIds.get('金茂物业'),
    assistOrgIds: [],
    note: '请物业今天给出修复时间',
  });
  await act(lift.id, property, { action: 'accept', note: '已联系电梯维保公司' });
  await report('小区门口烧烤摊油烟很大，晚上十一点以后还很吵。');
  const hallway = await report('5栋楼道里堆满杂物和纸箱，消防通道被堵塞。', 'emergency.fire');
  await act(hallway.id, secretary, {
    action: 'dispatch',
    kind: 'owner',
    orgId: orgIds.get('金茂物业'),
    assistOrgIds: [],
  });
  await act(hallway.id, property, { action: 'accept' });
  await act(hallway.id, property, {
    action: 'handle',
    note: '杂物已清理，已张贴消防通道禁止堆放提示',
    photos: [],
  });
  await act(hallway.id, secretary, { action: 'verify', note: '网格员现场核查已清理' });
}

/**
 * 龙腾社区's past 12345 tickets (data/history-12345.csv: 422 requests, June 2025 – October 2026), imported through the
 * same path staff use, so the measures have a history and the category suggester has something to learn from.
 */
export async function seedHistory(pool: pg.Pool) {
  const { rows: users } = await pool.query(
    `select id, name, "phoneNumber" from "user" where "phoneNumber" = '13800000002'`,
  );
  const secretary = await loadActor(pool, users[0]);
  const { rows: areas } = await pool.query(
    "select tenant_id, id, path::text as path, kind from areas where code = '990101001001'",
  );
  const root = { tenantId: areas[0].tenant_id, id: areas[0].id, path: areas[0].path, kind: areas[0].kind };
  const sheet = await readHistoryFile(readFileSync(join(import.meta.dirname, 'data/history-12345.csv')));
  const job = {
    tenantId: root.tenantId,
    mode: 'valid_rows' as const,
    id: await createImportJob(pool, {
      tenantId: root.tenantId,
      kind: 'request_history',
      fileName: '龙腾社区12345工单2025-2026.csv',
      mode: 'valid_rows',
      total: sheet.rows.length,
      userId: secretary.userId,
    }),
  };
  await runHistoryImport(pool, secretary, job, root, guessMapping(sheet.headers), sheet.rows);
  const done = await findImportJob(pool, job.id, [root.tenantId], secretary.userId, true);
  if (done?.status !== 'done' || done.errorCount > 0)
    throw new Error(
      `demo history import: ${JSON.stringify(done?.summary)} ${JSON.stringify(done?.errors[0])}`,
    );
}
