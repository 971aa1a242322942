import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/scopes';
import { inTx } from '../../platform/db/tx';
import { AppError } from '../../platform/http/errors';
import { areaId, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { recomputeBalances, unitSums } from './index';
import { reverseEntry, transfer } from './ledger.service';

/**
 * Random transfers and reversals against real PostgreSQL, checked against a plain model: the database accepts a
 * movement exactly when the model keeps every account within its floor and ceiling; kept balances equal the
 * balances recomputed from the entries; each unit sums to zero.
 */
let t: TestApp;
let tenantId: number;
let community: number;
let actor: Actor;

beforeAll(async () => {
  // the concurrency tests queue on the app's own pool on purpose: no load shedding here
  process.env.OVERLOAD_MAX_DB_WAITING ??= '100000';
  t = await startTestApp();
  community = await areaId(t.pool, '990101001001');
  tenantId = Number(
    (await t.pool.query('select tenant_id from areas where id = $1', [community])).rows[0].tenant_id,
  );
  const sec = (
    await t.pool.query(`select id from "user" where "phoneNumber" = $1`, [PHONES.community_secretary])
  ).rows[0].id;
  actor = { userId: sec, name: '李书记', phone: null, isPlatformAdmin: true, scopes: [] };
});
afterAll(() => t.close());

// account 0 is a pool (no floor); 1–3 hold with floor 0, account 3 has a ceiling of 30
const LIMITS = [
  { floor: null, ceiling: null },
  { floor: 0, ceiling: null },
  { floor: 0, ceiling: null },
  { floor: 0, ceiling: 30 },
] as const;

type Op = { kind: 'transfer'; from: number; to: number; amount: number } | { kind: 'reverse'; pick: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ from: fc.nat(3), to: fc.nat(3), amount: fc.integer({ min: 1, max: 25 }) })
      .filter((o) => o.from !== o.to)
      .map((o) => ({ kind: 'transfer' as const, ...o })),
  },
  { weight: 1, arbitrary: fc.nat(50).map((pick) => ({ kind: 'reverse' as const, pick })) },
);

let run = 0;
describe('ledger property', () => {
  it('random transfers and reversals keep the books sound', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        run++;
        const ids: number[] = [];
        for (const [i, l] of LIMITS.entries()) {
          const { rows } = await t.pool.query(
            `insert into ledger_accounts (tenant_id, area_id, owner_kind, owner_ref, name, unit, floor, ceiling)
             values ($1, $2, 'org', $3, $3, 'points', $4, $5) returning id`,
            [tenantId, community, `prop-${run}-${i}`, l.floor, l.ceiling],
          );
          ids.push(Number(rows[0].id));
        }
        const model = [0, 0, 0, 0];
        const entries: { id: number; from: number; to: number; amount: number; reversed: boolean }[] = [];
        const fits = (i: number, v: number) =>
          (LIMITS[i]!.floor === null || v >= LIMITS[i]!.floor!) &&
          (LIMITS[i]!.ceiling === null || v <= LIMITS[i]!.ceiling!);
        for (const op of ops) {
          let from: number;
          let to: number;
          let amount: number;
          let target: (typeof entries)[number] | undefined;
          if (op.kind === 'transfer') ({ from, to, amount } = op);
          else {
            target = entries[op.pick % Math.max(entries.length, 1)];
            if (!target) continue;
            ({ from: to, to: from, amount } = target);
          }
          const ok = fits(from, model[from]! - amount) && fits(to, model[to]! + amount) && !target?.reversed;
          const res = await inTx(t.pool, (tx) =>
            target
              ? reverseEntry(tx, actor, tenantId, target.id, '属性测试冲正')
              : transfer(tx, {
                  tenantId,
                  debit: ids[from]!,
                  credit: ids[to]!,
                  amount,
                  eventKind: 'test.property',
                  eventId: String(run),
                }).then((r) => r.entryId),
          ).then(
            (id) => ({ id }),
            (err) => {
              if (!(err instanceof AppError)) throw err;
              return { error: err.code };
            },
          );
          expect('id' in res, `${JSON.stringify(op)} → ${JSON.stringify(res)}`).toBe(ok);
          if ('id' in res) {
            model[from] = model[from]! - amount;
            model[to] = model[to]! + amount;
            if (target) target.reversed = true;
            else entries.push({ id: res.id, from, to, amount, reversed: false });
          }
        }
        const { rows } = await t.pool.query(
          'select id, balance::int from ledger_accounts where tenant_id = $1 and id = any($2) order by id',
          [tenantId, ids],
        );
        expect(rows.map((r) => r.balance)).toEqual(model);
        for (const b of await recomputeBalances(t.pool, tenantId)) expect(b.kept).toBe(b.recomputed);
        for (const total of Object.values(await unitSums(t.pool, tenantId))) expect(total).toBe(0n);
      }),
      { numRuns: 40 },
    );
  });
});
