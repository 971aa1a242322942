import type pg from 'pg';
import { seedActivities } from '../modules/activities';
import { seedInsights, seedOpenData } from '../modules/insights';
import { seedLedger } from '../modules/ledger';
import { seedParticipation } from '../modules/participation';
import { seedPatrols } from '../modules/patrols';
import { seedPeople, seedUnitsAndThings } from '../modules/records';
import type { Auth } from '../platform/auth/auth';
import { createPhoneAccount, hashPassword } from '../platform/auth/users';
import { inTx } from '../platform/db/tx';
import type { PiiKeys } from '../platform/pii';
import { generateCity } from './city';
import { loadCity } from './load';
import { seedPortrait } from './portrait-seed';
import { seedHistory, seedRequests } from './requests-seed';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_DISTRICT = { code: '990101', name: '示范区' };

/** The demo accounts listed in the README: one per role. */
export const DEMO_ACCOUNTS = [
  { phone: '13800000000', name: '平台管理员', role: 'platform_admin', at: null },
  { phone: '13800000001', name: '王建国', role: 'street_admin', at: 's1' },
  { phone: '13800000002', name: '李书记', role: 'community_secretary', at: 's1c1' },
  { phone: '13800000003', name: '张社工', role: 'community_staff', at: 's1c1' },
  { phone: '13800000004', name: '赵网格', role: 'grid_worker', at: 's1c1g1' },
  { phone: '13800000005', name: '刘经理', role: 'responder', at: 's1c1', org: '金茂物业' },
  { phone: '13800000006', name: '陈党员', role: 'party_member', at: 's1c1g1k1b2' },
  { phone: '13800000007', name: '周老板', role: 'merchant', at: 's1c1g2', org: '周记理发店' },
  { phone: '13800000008', name: '孙阿姨', role: 'resident', at: 's1c1g1k1b1' },
  { phone: '13800000009', name: '吴书记', role: 'community_secretary', at: 's1c2' },
] as const;

const COMMUNITIES = [
  // 龙腾社区: the seed's community of 6,123 households, 15,183 residents, 45 buildings on 0.3 km²
  { name: '龙腾社区', grids: 6, households: 6123, population: 15183, buildings: 45, areaKm2: 0.3 },
  // 九龙社区: the seed's 16 compounds, 88 buildings, 22,135 households, 60,000+ residents
  { name: '九龙社区', grids: 9, households: 22135, population: 60210, buildings: 88, areaKm2: 1.2 },
  { name: '谢家湾社区', grids: 5, households: 4870, population: 12040, buildings: 38, areaKm2: 0.4 },
];
const NAMED_COMPOUNDS: Record<string, string> = {
  '1.1.1': '聚金万佳苑',
  '1.1.2': '龙腾花园',
  '1.2.1': '皇庭小区',
  '1.3.1': '金茂府',
  '1.4.1': '联发君澜',
  '2.1.1': '九龙新城一期',
  '2.1.2': '九龙新城二期',
};
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';

/** True when the database has no street yet (first start). */
export async function isEmpty(pool: pg.Pool) {
  return (await pool.query('select 1 from tenants limit 1')).rowCount === 0;
}

/**
 * Loads the demo city: one district, one street, three communities, 20 grids with outlines, demo accounts, a few
 * live requests and (unless told not to: the test template keeps its requests countable) 龙腾社区's past tickets.
 */
export async function seedDemo(
  pool: pg.Pool,
  auth: Auth,
  pii: PiiKeys,
  opts: { history?: boolean; people?: number } = { history: true },
) {
  const nodes = generateCity({
    districtCode: DEMO_DISTRICT.code,
    streets: 1,
    communitiesPerStreet: 3,
    gridsPerCommunity: (_s, c) => COMMUNITIES[c - 1]!.grids,
    compoundsPerGrid: 2,
    buildingsPerCompound: 4,
    origin: [104.0452, 30.6081],
    seed: 20261121,
    names: {
      street: () => '长江路街道',
      community: (_s, c) => COMMUNITIES[c - 1]!.name,
      compound: (_s, c, g, k) => NAMED_COMPOUNDS[`${c}.${g}.${k}`],
      households: (_s, c) => COMMUNITIES[c - 1]!.households,
    },
  }).map((n) => {
    if (n.kind === 'community') {
      const c = COMMUNITIES.find((x) => x.name === n.name)!;
      n.properties = {
        households: c.households,
        population: c.population,
        buildings: c.buildings,
        areaKm2: c.areaKm2,
      };
    }
    return n;
  });
  const hash = await hashPassword(auth, DEMO_PASSWORD);
  await inTx(pool, async (tx) => {
    await tx.query('insert into districts (code, name) values ($1, $2) on conflict do nothing', [
      DEMO_DISTRICT.code,
      DEMO_DISTRICT.name,
    ]);
    const ids = await loadCity(tx, DEMO_DISTRICT.code, nodes);
    const tenantId = ids.get('s1')!.tenantId;
    const userIds = new Map<string, string>();
    for (const a of DEMO_ACCOUNTS) {
      const userId = await createPhoneAccount(tx, { name: a.name, phone: a.phone, passwordHash: hash });
      userIds.set(a.phone, userId);
      if (a.role === 'platform_admin')
        await tx.query('insert into platform_admins (user_id) values ($1)', [userId]);
      else
        await tx.query(
          'insert into role_assignments (tenant_id, user_id, role, area_id, org_name) values ($1, $2, $3, $4, $5)',
          [tenantId, userId, a.role, ids.get(a.at!)!.id, 'org' in a ? a.org : null],
        );
    }
    // The party member and the merchant also live in the community as residents.
    await tx.query(
      'insert into role_assignments (tenant_id, user_id, role, area_id) values ($1, $2, $3, $4)',
      [tenantId, userIds.get('13800000006'), 'resident', ids.get('s1c1g1k1b2')!.id],
    );
    // One lead grid worker per grid (一格一员); 赵网格 leads 龙腾社区 grid 1.
    const grids = nodes.filter((n) => n.kind === 'grid');
    for (const [i, g] of grids.entries()) {
      const gridId = ids.get(g.key)!.id;
      let userId = g.key === 's1c1g1' ? userIds.get('13800000004')! : undefined;
      if (!userId) {
        const name = `${SURNAMES[i % SURNAMES.length]}${['晓燕', '志强', '海涛', '丽华', '建军', '秀英', '伟'][i % 7]}`;
        userId = await createPhoneAccount(tx, {
          name,
          phone: `1381000${String(i + 1).padStart(4, '0')}`,
          passwordHash: hash,
        });
      }
      await tx.query(
        "insert into grid_members (tenant_id, grid_id, user_id, role) values ($1, $2, $3, 'lead')",
        [tenantId, gridId, userId],
      );
      await tx.query(
        `insert into role_assignments (tenant_id, user_id, role, area_id) values ($1, $2, 'grid_worker', $3) on conflict do nothing`,
        [tenantId, userId, gridId],
      );
    }
    await seedPartyOrgs(tx, tenantId, (key) => ids.get(key)!.id);
  });
  await seedRequests(pool);
  // 龙腾社区's people roster, houses and group tags (ID numbers and phones encrypted with the configured key)
  await seedPeople(pool, pii, opts.people ?? 200);
  // the ledger's default rules, and a few accounts and entries in 龙腾社区
  await seedLedger(pool);
  await seedParticipation(pool);
  // 社区学院 courses and sessions, the volunteer team and its hours, a night-patrol plan and a finished patrol
  await seedActivities(pool);
  await seedPatrols(pool);
  // 龙腾社区's units and merchants (周记理发店 linked to its ledger account) and 部件 with their 16-digit codes
  await seedUnitsAndThings(pool, pii);
  if (opts.history) await seedHistory(pool);
  // yesterday's surge, hot spots and a year of group requests for the dashboards, the brief and the portrait (demo only:
  // the test template keeps its small set; the insights tests add these themselves)
  if (opts.history) {
    await seedInsights(pool);
    await seedPortrait(pool, pii);
    await seedOpenData(pool);
  }
  // fresh statistics, so the first queries plan on the real table sizes
  await pool.query('analyze');
}

/** 街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组, plus a non-public branch (金茂物业党支部). */
async function seedPartyOrgs(tx: pg.PoolClient, tenantId: number, area: (key: string) => number) {
  const insert = async (
    parent: { id: number; path: string } | null,
    kind: string,
    name: string,
    areaKey: string | null,
    members: number,
  ) => {
    const { rows } = await tx.query(
      `insert into party_orgs (tenant_id, id, parent_id, kind, name, area_id, path, member_count)
       select $1, n.id, $2, $3, $4, $5, (case when $6::text is null then '' else $6 || '.' end || n.id)::ltree, $7
         from (select nextval(pg_get_serial_sequence('party_orgs', 'id')) as id) n returning id, path::text`,
      [
        tenantId,
        parent?.id ?? null,
        kind,
        name,
        areaKey ? area(areaKey) : null,
        parent?.path ?? null,
        members,
      ],
    );
    return rows[0] as { id: number; path: string };
  };
  const root = await insert(null, 'working_committee', '长江路街道党工委', 's1', 12);
  for (const [i, c] of COMMUNITIES.entries()) {
    const committee = await insert(root, 'community_committee', `${c.name}党委`, `s1c${i + 1}`, 60 + i * 25);
    for (let g = 1; g <= Math.min(c.grids, 3); g++) {
      const branch = await insert(
        committee,
        'grid_branch',
        `${c.name}第${g}网格党支部`,
        `s1c${i + 1}g${g}`,
        12 + g,
      );
      if (i === 0 && g === 1) await insert(branch, 'building_group', '聚金万佳苑1栋党小组', 's1c1g1k1b1', 5);
    }
    if (i === 0) await insert(committee, 'non_public_branch', '金茂物业党支部', null, 9);
  }
}
