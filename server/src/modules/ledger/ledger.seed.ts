import type pg from 'pg';
import { loadActor } from '../../platform/access/scopes';
import { inTx, type Queryable } from '../../platform/db/tx';
import { seedFunds } from './ledger.funds';
import { applyRule, holderAccount, poolAccount, transfer } from './ledger.service';

/** The seeds' rules (PRODUCT.md "Points, credits and the time bank"), as every street's defaults. */
const DEFAULT_RULES = [
  // 骑手随手拍: 1 point per photo staff validate (grid workers verify too)
  [
    'rider_photo',
    '骑手随手拍照片核实',
    'request.rider_photo',
    'points',
    1,
    'person',
    'grid_worker',
    'day',
    20,
    false,
  ],
  // 商户公益: +10 credit per community public-service act
  [
    'merchant_service',
    '商户社区公益服务',
    'merchant.public_service',
    'credit',
    10,
    'merchant',
    'community_staff',
    'month',
    5,
    false,
  ],
  // 志愿时长: minutes recorded by the organiser (谁组织谁记录)
  [
    'volunteer_hours',
    '志愿服务时长',
    'volunteer.hours',
    'hours',
    1,
    'person',
    'community_staff',
    null,
    null,
    true,
  ],
  // 口碑积分: awarded each quarter by staff
  [
    'reputation',
    '口碑积分（季度评选）',
    'award.reputation',
    'points',
    20,
    'person',
    'community_secretary',
    'quarter',
    1,
    false,
  ],
  // 时间银行: a holder may give their own hours to family, up to 4 times a month (the holder approves it)
  [
    'family_hours',
    '时长转赠家人',
    'transfer.family',
    'hours',
    1,
    'person',
    'community_staff',
    'month',
    4,
    true,
  ],
] as const;

/** Inserts the default rules into a street that lacks them (idempotent). */
export async function seedLedgerRules(db: Queryable, tenantId: number) {
  for (const [code, name, event, unit, amount, kind, role, period, max, perQuantity] of DEFAULT_RULES)
    await db.query(
      `insert into ledger_rules (tenant_id, code, name, event_kind, unit, amount, beneficiary_kind, approver_role,
                                 period_kind, max_per_period, per_quantity)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (tenant_id, code) do nothing`,
      [tenantId, code, name, event, unit, amount, kind, role, period, max, perQuantity],
    );
}

const userByPhone = async (db: Queryable, phone: string) =>
  (await db.query('select id, name, "phoneNumber" from "user" where "phoneNumber" = $1', [phone])).rows[0];

/**
 * 龙腾社区's demo ledger: 孙阿姨 (13800000008) with 口碑积分 and volunteer hours, 周老板 (13800000007)'s 周记理发店
 * with credit 82 (优先续租), all approved by 李书记. Every street gets the default rules.
 */
export async function seedLedger(pool: pg.Pool) {
  const tenants = await pool.query('select tenant_id from tenants');
  for (const t of tenants.rows) await seedLedgerRules(pool, Number(t.tenant_id));
  const community = (await pool.query(`select tenant_id, id from areas where code = '990101001001'`)).rows[0];
  const secretary = await userByPhone(pool, '13800000002');
  const aunt = await userByPhone(pool, '13800000008');
  const barber = await userByPhone(pool, '13800000007');
  if (!community || !secretary || !aunt || !barber) return;
  const tenantId = Number(community.tenant_id);
  const actor = await loadActor(pool, { ...secretary, phoneNumber: secretary.phoneNumber });
  await inTx(pool, async (tx) => {
    const rule = async (code: string) =>
      Number(
        (await tx.query('select id from ledger_rules where tenant_id = $1 and code = $2', [tenantId, code]))
          .rows[0].id,
      );
    await applyRule(tx, actor, {
      ruleId: await rule('reputation'),
      eventId: 'demo-2026q3',
      communityId: community.id,
      beneficiary: { userId: aunt.id, name: aunt.name },
      memo: '楼道义务保洁，邻里口碑好',
    });
    await applyRule(tx, actor, {
      ruleId: await rule('volunteer_hours'),
      eventId: 'demo-activity-1',
      communityId: community.id,
      beneficiary: { userId: aunt.id, name: aunt.name },
      quantity: 150,
      memo: '妈妈圆桌活动志愿服务 2.5 小时',
    });
    // the barber's opening score, then one public-service act (+10): 82 → 优先续租
    const shop = { ...barber, shop: '周记理发店' };
    const credit = await holderAccount(tx, {
      tenantId,
      communityId: community.id,
      kind: 'merchant',
      userId: barber.id,
      name: shop.shop,
      unit: 'credit',
    });
    await transfer(tx, {
      tenantId,
      debit: await poolAccount(tx, tenantId, community.id, 'credit'),
      credit,
      amount: 72,
      eventKind: 'opening',
      eventId: 'demo-opening',
      approvedBy: secretary.id,
      createdBy: secretary.id,
      memo: '期初信用分',
    });
    // 积分超市 (the seeds' examples): priced in points or volunteer hours (minutes)
    const items = [
      ['免费理发一次', '周记理发店，凭码到店', 'points', 10, 20, barber.id, shop.shop],
      ['社区食堂爱心套餐', '龙腾社区长者食堂午餐一份', 'points', 5, 50, null, null],
      ['停车费抵扣券（2 小时）', '聚金万佳苑临时车位', 'points', 20, 30, null, null],
      ['养老床位优先权', '时间银行：存满 10 小时可兑换', 'hours', 600, 2, null, null],
      ['共享工具借用一次', '电钻、梯子、疏通器', 'hours', 60, 10, null, null],
    ] as const;
    for (const [name, description, unit, price, stock, merchantId, merchantName] of items)
      await tx.query(
        `insert into ledger_items (tenant_id, area_id, name, description, unit, price, stock, merchant_user_id, merchant_name)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [tenantId, community.id, name, description, unit, price, stock, merchantId, merchantName],
      );
    await applyRule(tx, actor, {
      ruleId: await rule('merchant_service'),
      eventId: 'demo-free-haircut',
      communityId: community.id,
      beneficiary: { userId: barber.id, name: barber.name, shop: shop.shop },
      memo: '为独居老人上门义务理发',
    });
    await seedFunds(tx, actor, tenantId, Number(community.id));
  });
}
