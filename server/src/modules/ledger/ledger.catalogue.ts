import { randomInt } from 'node:crypto';
import {
  IdParams,
  LedgerIdempotencyHeaders,
  LedgerItem,
  LedgerItemBody,
  LedgerItemList,
  LedgerItemPatch,
  LedgerItemsQuery,
  UseVoucherBody,
  Voucher,
  VoucherList,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authorize, can, isWithin } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { inTx, type Queryable } from '../../platform/db/tx';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { communityFor } from './ledger.queries';
import { holderAccount, poolAccount, transfer } from './ledger.service';

const tags = ['ledger'];
// no 0/O, 1/I: read aloud or typed from a phone screen
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newCode = () => Array.from({ length: 8 }, () => CODE_CHARS[randomInt(CODE_CHARS.length)]).join('');

const ITEM_SELECT = `select i.*, c.path::text as community_path from ledger_items i
  join areas c on c.tenant_id = i.tenant_id and c.id = i.area_id`;

const presentItem = (i: Record<string, unknown>): LedgerItem => ({
  id: Number(i.id),
  communityId: Number(i.area_id),
  name: i.name as string,
  description: i.description as string,
  unit: i.unit as LedgerItem['unit'],
  price: Number(i.price),
  stock: i.stock as number,
  merchantName: (i.merchant_name as string | null) ?? null,
  active: i.active as boolean,
  version: i.version as number,
});

const VOUCHER_SELECT = `select v.*, i.name as item_name, i.merchant_name, i.unit, i.price, i.merchant_user_id, i.area_id,
    u.name as holder_name
  from ledger_vouchers v
  join ledger_items i on i.tenant_id = v.tenant_id and i.id = v.item_id
  join "user" u on u.id = v.holder_user_id`;

const presentVoucher = (v: Record<string, unknown>): Voucher => ({
  id: Number(v.id),
  code: v.code as string,
  itemId: Number(v.item_id),
  itemName: v.item_name as string,
  merchantName: (v.merchant_name as string | null) ?? null,
  unit: v.unit as Voucher['unit'],
  price: Number(v.price),
  holderName: v.holder_name as string,
  entryId: Number(v.entry_id),
  createdAt: (v.created_at as Date).toISOString(),
  usedAt: v.used_at ? (v.used_at as Date).toISOString() : null,
});

/** Someone with any role at, above or below the community (its residents, merchants, staff) sees its catalogue. */
const relatedTo = (actor: Actor, tenantId: number, path: string) =>
  actor.isPlatformAdmin ||
  actor.scopes.some((s) => s.tenantId === tenantId && (isWithin(s.path, path) || isWithin(path, s.path)));

const voucherById = async (db: Queryable, tenantId: number, id: number) =>
  presentVoucher(
    (await db.query(`${VOUCHER_SELECT} where v.tenant_id = $1 and v.id = $2`, [tenantId, id])).rows[0],
  );

/** 积分超市: the catalogue, redemption into a voucher, the resident's and the merchant's vouchers, marking one used. */
export async function catalogueRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;

  r.get('/api/ledger/items', {
    schema: {
      tags,
      summary: '积分超市商品 / The redemption catalogue',
      querystring: LedgerItemsQuery,
      response: { 200: LedgerItemList },
    },
    handler: async (req) => {
      if (req.query.communityId) {
        const c = (
          await pool.query(
            `select tenant_id, path::text as path from areas where id = $1 and kind = 'community'`,
            [req.query.communityId],
          )
        ).rows[0];
        if (!c || !relatedTo(req.actor, Number(c.tenant_id), c.path)) throw notFound('Community', '社区');
      }
      const tenants = req.actor.isPlatformAdmin
        ? null
        : [...new Set(req.actor.scopes.map((s) => s.tenantId))];
      const { rows } = await pool.query(
        `${ITEM_SELECT} where ($1::bigint[] is null or i.tenant_id = any($1)) and ($2::bigint is null or i.area_id = $2)
          order by i.active desc, array_position(array['points', 'hours', 'credit', 'money'], i.unit), i.price, i.id limit 500`,
        [tenants, req.query.communityId ?? null],
      );
      const items = rows.filter((i) => relatedTo(req.actor, Number(i.tenant_id), i.community_path));
      return { items: items.map(presentItem) };
    },
  });

  r.post('/api/ledger/items', {
    schema: {
      tags,
      summary: '上架积分超市商品 / Add a catalogue item',
      body: LedgerItemBody,
      response: { 201: LedgerItem },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const item = await inTx(pool, async (tx) => {
        const c = await communityFor(tx, req.actor, b.communityId, 'ledger.manage');
        let merchant: { id: string; name: string } | null = null;
        if (b.merchantPhone) {
          const m = await tx.query(
            `select u.id, coalesce((select ra.org_name from role_assignments ra where ra.tenant_id = $2 and ra.user_id = u.id
                       and ra.role = 'merchant' and ra.org_name is not null limit 1), u.name) as name
               from "user" u where u."phoneNumber" = $1`,
            [b.merchantPhone, c.tenantId],
          );
          if (!m.rows[0])
            throw invalid(
              'MERCHANT_UNKNOWN',
              '该手机号尚未注册',
              'No one has signed up with that phone number',
            );
          merchant = m.rows[0];
        }
        const { rows } = await tx.query(
          `insert into ledger_items (tenant_id, area_id, name, description, unit, price, stock, merchant_user_id, merchant_name)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
          [
            c.tenantId,
            c.id,
            b.name,
            b.description,
            b.unit,
            b.price,
            b.stock,
            merchant?.id ?? null,
            merchant?.name ?? null,
          ],
        );
        await recordAudit(tx, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'ledger.item.create',
          entityType: 'ledger_item',
          entityId: rows[0].id,
          summary: { name: b.name, price: b.price, unit: b.unit, stock: b.stock },
        });
        return rows[0];
      });
      return reply.code(201).send(presentItem(item));
    },
  });

  r.patch('/api/ledger/items/:id', {
    schema: {
      tags,
      summary: '修改、补货或下架商品 / Edit, restock or take down an item',
      params: IdParams,
      body: LedgerItemPatch,
      response: { 200: LedgerItem },
    },
    handler: async (req) => {
      const b = req.body;
      return inTx(pool, async (tx) => {
        const { rows } = await tx.query(`${ITEM_SELECT} where i.id = $1 for update of i`, [req.params.id]);
        const item = rows[0];
        const missing = () => notFound('Item', '商品');
        if (!item) throw missing();
        authorize(
          req.actor,
          'ledger.manage',
          { tenantId: Number(item.tenant_id), path: item.community_path },
          missing,
        );
        if (item.version !== b.version)
          throw conflict(
            'VERSION_CONFLICT',
            '该商品已被他人修改，请刷新后再改',
            'The item was changed by someone else',
          );
        const after = {
          name: b.name ?? item.name,
          description: b.description ?? item.description,
          price: b.price ?? Number(item.price),
          stock: b.stock ?? item.stock,
          active: b.active ?? item.active,
        };
        const updated = await tx.query(
          `update ledger_items set name = $3, description = $4, price = $5, stock = $6, active = $7, version = version + 1
            where tenant_id = $1 and id = $2 returning *`,
          [item.tenant_id, item.id, after.name, after.description, after.price, after.stock, after.active],
        );
        const changed = Object.fromEntries(
          Object.entries(after)
            .filter(([k, v]) => v !== (k === 'price' ? Number(item.price) : item[k]))
            .map(([k, v]) => [k, [k === 'price' ? Number(item.price) : item[k], v]]),
        );
        await recordAudit(tx, {
          tenantId: Number(item.tenant_id),
          actorUserId: req.actor.userId,
          action: 'ledger.item.update',
          entityType: 'ledger_item',
          entityId: Number(item.id),
          summary: changed,
        });
        return presentItem({ ...updated.rows[0], community_path: item.community_path });
      });
    },
  });

  r.post('/api/ledger/items/:id/redeem', {
    schema: {
      tags,
      summary: '兑换（得到核销码）/ Redeem an item for a voucher',
      params: IdParams,
      headers: LedgerIdempotencyHeaders,
      response: { 200: Voucher, 201: Voucher },
    },
    handler: async (req, reply) => {
      const key = req.headers['idempotency-key'] ?? null;
      const out = await inTx(pool, async (tx) => {
        // the item first, then (in transfer) the two accounts: every redemption locks in the same order
        const { rows } = await tx.query(`${ITEM_SELECT} where i.id = $1 for update of i`, [req.params.id]);
        const item = rows[0];
        if (!item || !relatedTo(req.actor, Number(item.tenant_id), item.community_path))
          throw notFound('Item', '商品');
        const tenantId = Number(item.tenant_id);
        if (key) {
          const again = await tx.query(
            'select id from ledger_vouchers where tenant_id = $1 and holder_user_id = $2 and idempotency_key = $3',
            [tenantId, req.actor.userId, key],
          );
          if (again.rows[0]) return { tenantId, id: Number(again.rows[0].id), created: false };
        }
        if (!item.active) throw conflict('ITEM_INACTIVE', '该商品已下架', 'The item is no longer offered');
        if (item.stock <= 0) throw conflict('OUT_OF_STOCK', '已兑完', 'Out of stock');
        const holder = await holderAccount(tx, {
          tenantId,
          communityId: Number(item.area_id),
          kind: 'person',
          userId: req.actor.userId,
          name: req.actor.name,
          unit: item.unit,
        });
        const entry = await transfer(tx, {
          tenantId,
          debit: holder,
          credit: await poolAccount(tx, tenantId, Number(item.area_id), item.unit),
          amount: Number(item.price),
          eventKind: 'redeem',
          eventId: String(item.id),
          createdBy: req.actor.userId,
          memo: `兑换：${item.name}`,
        });
        await tx.query('update ledger_items set stock = stock - 1 where tenant_id = $1 and id = $2', [
          tenantId,
          item.id,
        ]);
        for (;;) {
          const v = await tx.query(
            `insert into ledger_vouchers (tenant_id, item_id, holder_user_id, entry_id, code, idempotency_key)
             values ($1, $2, $3, $4, $5, $6) on conflict (tenant_id, code) do nothing returning id`,
            [tenantId, item.id, req.actor.userId, entry.entryId, newCode(), key],
          );
          if (v.rows[0]) return { tenantId, id: Number(v.rows[0].id), created: true };
        }
      });
      return reply.code(out.created ? 201 : 200).send(await voucherById(pool, out.tenantId, out.id));
    },
  });

  r.get('/api/ledger/vouchers/mine', {
    schema: { tags, summary: '我的兑换券 / My vouchers', response: { 200: VoucherList } },
    handler: async (req) => {
      const { rows } = await pool.query(
        `${VOUCHER_SELECT} where v.holder_user_id = $1 order by v.used_at is not null, v.created_at desc limit 200`,
        [req.actor.userId],
      );
      return { items: rows.map(presentVoucher) };
    },
  });

  r.get('/api/ledger/vouchers/merchant', {
    schema: { tags, summary: '商户：本店的兑换券 / A merchant’s vouchers', response: { 200: VoucherList } },
    handler: async (req) => {
      const { rows } = await pool.query(
        `${VOUCHER_SELECT} where i.merchant_user_id = $1 order by v.used_at is not null, v.created_at desc limit 200`,
        [req.actor.userId],
      );
      return { items: rows.map(presentVoucher) };
    },
  });

  r.post('/api/ledger/vouchers/use', {
    schema: {
      tags,
      summary: '核销兑换券（只能一次）/ Mark a voucher used, once',
      body: UseVoucherBody,
      response: { 200: Voucher },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const { rows } = await tx.query(
          `${VOUCHER_SELECT.replace('select v.*', 'select v.*, c.path::text as community_path')}
             join areas c on c.tenant_id = i.tenant_id and c.id = i.area_id
            where v.code = $1 and ($2::bigint[] is null or v.tenant_id = any($2)) for update of v`,
          [
            req.body.code,
            req.actor.isPlatformAdmin ? null : [...new Set(req.actor.scopes.map((s) => s.tenantId))],
          ],
        );
        const v = rows[0];
        if (!v) throw notFound('Voucher', '兑换券');
        const tenantId = Number(v.tenant_id);
        const mayUse =
          v.merchant_user_id === req.actor.userId ||
          can(req.actor, 'ledger.award', { tenantId, path: v.community_path });
        if (!mayUse)
          throw forbidden('只有提供该商品的商户或社区工作人员可以核销', 'Only the merchant or staff can');
        if (v.used_at) throw conflict('VOUCHER_USED', '该券已核销', 'The voucher has already been used');
        await tx.query(
          'update ledger_vouchers set used_at = now(), used_by = $3 where tenant_id = $1 and id = $2',
          [tenantId, v.id, req.actor.userId],
        );
        await recordAudit(tx, {
          tenantId,
          actorUserId: req.actor.userId,
          action: 'ledger.voucher.use',
          entityType: 'ledger_voucher',
          entityId: v.id,
          summary: { code: v.code, item: v.item_name },
        });
        return voucherById(tx, tenantId, Number(v.id));
      }),
  });
}
