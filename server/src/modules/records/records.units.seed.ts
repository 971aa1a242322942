import type pg from 'pg';
import { prng } from '../../demo/city';
import { inTx } from '../../platform/db/tx';
import { encrypt, lookupHash, type PiiKeys } from '../../platform/pii';
import { usccCheckChar } from './records.codes';
import { backfillPinyin } from './records.search';
import { ensureAddress } from './records.service';
import { bumpThingSequence } from './records.things';

/** A made-up, check-valid 统一社会信用代码 (registering authority, kind, district 990101, a serial). */
export function demoCreditCode(head: string, serial: number) {
  const first17 = `${head}990101${String(serial).padStart(9, '0')}`.slice(0, 17);
  return first17 + usccCheckChar(first17);
}

const UNITS: [
  string,
  'resident_unit' | 'property' | 'social_org' | 'merchant' | 'enterprise',
  string,
  string,
  string,
][] = [
  ['金茂物业服务有限公司龙腾项目部', 'property', '91', '刘经理', '13800000005'],
  ['联发物业聚金万佳苑服务中心', 'property', '91', '黄主管', '13912340001'],
  ['医科大学附属康复医院', 'resident_unit', '12', '院办', '02368880001'],
  ['龙腾社会工作服务中心', 'social_org', '52', '何社工', '13912340002'],
  ['社区银龄学社', 'social_org', '52', '陈老师', '13912340003'],
  ['周记理发店', 'merchant', '92', '周老板', '13800000007'],
  ['邻里便民超市', 'merchant', '92', '吴店长', '13912340004'],
  ['老张家常菜馆', 'merchant', '92', '张师傅', '13912340005'],
  ['康宁大药房', 'enterprise', '91', '林药师', '13912340006'],
  ['快递驿站（聚金万佳苑店）', 'merchant', '92', '小马', '13912340007'],
];

/** 部件 in 龙腾社区: class, subclass, name, state, count. */
const THINGS: [string, string, string, 'intact' | 'damaged' | 'lost' | 'occupied', number][] = [
  ['01', '01', '上水井盖', 'intact', 8],
  ['01', '02', '污水井盖', 'intact', 6],
  ['01', '03', '雨水井盖', 'damaged', 2],
  ['01', '15', '消防栓', 'intact', 6],
  ['01', '19', '路灯', 'intact', 10],
  ['01', '19', '路灯', 'damaged', 2],
  ['03', '07', '垃圾箱', 'intact', 6],
  ['03', '80', '垃圾分类投放点', 'intact', 4],
  ['02', '80', '非机动车停放点', 'occupied', 2],
  ['05', '80', '电动车充电桩', 'intact', 3],
  ['06', '81', '加装电梯', 'intact', 2],
];

/**
 * 龙腾社区's units and merchants (周记理发店 linked to its 信用分 account when the ledger seed made one) and about 50
 * 部件 with points inside their grids. Deterministic; run after the ledger seed.
 */
export async function seedUnitsAndThings(pool: pg.Pool, keys: PiiKeys) {
  const rand = prng(20260415);
  const { rows: buildings } = await pool.query(
    `select b.tenant_id, b.id, b.parent_id, g.id as grid_id, (g.bbox[0])[0] as x1, (g.bbox[1])[0] as x2,
            (g.bbox[0])[1] as y1, (g.bbox[1])[1] as y2
       from areas b join areas c on c.tenant_id = b.tenant_id and b.path <@ c.path
       join areas k on k.tenant_id = b.tenant_id and k.id = b.parent_id
       join areas g on g.tenant_id = k.tenant_id and g.id = k.parent_id
      where c.code = '990101001001' and b.kind = 'building' order by b.code`,
  );
  if (!buildings.length) return;
  const tenantId = Number(buildings[0]!.tenant_id);
  const district = (await pool.query('select district_code from tenants where tenant_id = $1', [tenantId]))
    .rows[0].district_code as string;
  const { rows: accounts } = await pool.query(
    `select id, name from ledger_accounts where tenant_id = $1 and owner_kind = 'merchant' order by id`,
    [tenantId],
  );
  await inTx(pool, async (tx) => {
    for (const [i, [name, kind, head, contact, phone]] of UNITS.entries()) {
      const b = buildings[(i * 7) % buildings.length]!;
      const addressId = await ensureAddress(tx, tenantId, Number(b.id), '', '');
      const account = accounts.find((a) => a.name === name);
      await tx.query(
        `insert into record_units (tenant_id, name, kind, credit_code, area_id, address_id, address_note, contact_name,
                                   contact_phone_enc, contact_phone_hash, ledger_account_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          tenantId,
          name,
          kind,
          demoCreditCode(`${head}`, 100 + i),
          b.id,
          addressId,
          kind === 'merchant' ? `底商 ${i + 1} 号` : '',
          contact,
          encrypt(keys, phone),
          lookupHash(keys, 'phone', phone),
          account?.id ?? null,
        ],
      );
    }
    const seq = new Map<string, number>();
    for (const [cls, sub, name, state, count] of THINGS)
      for (let n = 0; n < count; n++) {
        const b = buildings[Math.floor(rand() * buildings.length)]!;
        const prefix = `${district}${cls}${sub}`;
        const s = (seq.get(prefix) ?? 0) + 1;
        seq.set(prefix, s);
        // a point inside the grid's box (its outline tiles the community)
        const within = (lo: unknown, hi: unknown) =>
          lo == null ? null : Number(lo) + (0.15 + 0.7 * rand()) * (Number(hi) - Number(lo));
        const lng = within(b.x1, b.x2);
        const lat = lng === null ? null : within(b.y1, b.y2);
        await tx.query(
          `insert into record_things (tenant_id, code, name, state, area_id, lng, lat) values ($1, $2, $3, $4, $5, $6, $7)`,
          [tenantId, `${prefix}${String(s).padStart(6, '0')}`, name, state, b.grid_id, lng, lat],
        );
        await bumpThingSequence(tx, tenantId, prefix, s);
      }
    // the seeded people and units searchable by pinyin
    await backfillPinyin(tx);
  });
}
