import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCity } from '@doorstep/server/demo/load';
import { transfer } from '@doorstep/server/modules/ledger/index';
import { startEmbedded } from '@doorstep/server/platform/db/embedded';
import { migrate } from '@doorstep/server/platform/db/migrate';
import { createPool } from '@doorstep/server/platform/db/pool';
import { inTx } from '@doorstep/server/platform/db/tx';
import pino from 'pino';
import { cityAtScale } from './lib/city';
import { report } from './lib/report';

/**
 * L1 (issue 4): ledger transfer throughput (both accounts locked in id order, floor checked, one entry, two
 * balance updates, one transaction) and the cost of a balance read, as ratios to a bare single-row INSERT in its
 * own transaction over the same pool, 20 concurrent callers. "spread": between random pairs of 1,000 accounts;
 * "award-from-pool": the community pool → one of them (every award locks the pool's row); "hot": every transfer
 * from one account (all callers queue on its row lock).
 */
export async function benchLedger(seconds = 5) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-l1-'));
  chmodSync(dir, 0o711);
  const db = await startEmbedded(dir, pino({ level: 'warn' }));
  const pool = createPool(db.url, 20);
  try {
    await migrate(pool);
    await pool.query("insert into districts (code, name) values ('990200', '基准市')");
    await loadCity(pool, '990200', cityAtScale(0.001));
    const c = (
      await pool.query(`select tenant_id, id from areas where kind = 'community' order by id limit 1`)
    ).rows[0];
    const tenantId = Number(c.tenant_id);
    const account = async (ref: string, floor: number | null) =>
      Number(
        (
          await pool.query(
            `insert into ledger_accounts (tenant_id, area_id, owner_kind, owner_ref, name, unit, floor)
             values ($1, $2, 'org', $3, $3, 'points', $4) returning id`,
            [tenantId, c.id, ref, floor],
          )
        ).rows[0].id,
      );
    const source = await account('pool', null);
    const holders: number[] = [];
    for (let i = 0; i < 1000; i++) holders.push(await account(`holder-${i}`, 0));
    const hot = holders[0]!;
    await inTx(pool, async (tx) => {
      for (const [i, h] of holders.entries())
        await transfer(tx, {
          tenantId,
          debit: source,
          credit: h,
          amount: 1e9,
          eventKind: 'bench',
          eventId: `f${i}`,
        });
    });
    await pool.query(
      'create table bench_ref (id bigint generated always as identity primary key, v int not null)',
    );

    const run = async (fn: (i: number) => Promise<unknown>) => {
      let n = 0;
      const until = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (Date.now() < until) await fn(n++);
        }),
      );
      return n / seconds;
    };
    const insert = await run((i) => pool.query('insert into bench_ref (v) values ($1)', [i]));
    const spread = await run((i) =>
      inTx(pool, (tx) =>
        transfer(tx, {
          tenantId,
          debit: holders[(i * 7919) % holders.length]!,
          credit: holders[(i * 7919 + 1 + (i % 997)) % holders.length]!,
          amount: 1,
          eventKind: 'bench',
          eventId: String(i),
        }),
      ),
    );
    const fromPool = await run((i) =>
      inTx(pool, (tx) =>
        transfer(tx, {
          tenantId,
          debit: source,
          credit: holders[(i * 7919) % holders.length]!,
          amount: 1,
          eventKind: 'bench.award',
          eventId: String(i),
        }),
      ),
    );
    const hotRate = await run((i) =>
      inTx(pool, (tx) =>
        transfer(tx, {
          tenantId,
          debit: hot,
          credit: source,
          amount: 1,
          eventKind: 'bench.hot',
          eventId: String(i),
        }),
      ),
    );
    const read = await run((i) =>
      pool.query('select balance from ledger_accounts where tenant_id = $1 and id = $2', [
        tenantId,
        holders[i % holders.length],
      ]),
    );
    const sound = (
      await pool.query(
        `select (select sum(balance) from ledger_accounts)::text as total,
                (select count(*) from ledger_accounts a where a.balance <> coalesce((select sum(amount) from ledger_entries e where e.credit_account_id = a.id), 0)
                   - coalesce((select sum(amount) from ledger_entries e where e.debit_account_id = a.id), 0))::int as off`,
      )
    ).rows[0];
    if (sound.total !== '0' || sound.off !== 0)
      throw new Error(`ledger unsound after the run: ${JSON.stringify(sound)}`);
    const entries = (await pool.query('select count(*)::int as n from ledger_entries')).rows[0].n;
    const size = `20 callers, 1,000 accounts, ${entries} entries after the run, kept = recomputed balances`;
    const abs = (r: number) => `${Math.round(r)}/s vs insert ${Math.round(insert)}/s`;
    report('L1', 'ledger-transfer-spread', spread / insert, abs(spread), size);
    report('L1', 'ledger-award-from-pool', fromPool / insert, abs(fromPool), size);
    report('L1', 'ledger-transfer-hot', hotRate / insert, abs(hotRate), size);
    report('L1', 'balance-read', read / insert, abs(read), size);
  } finally {
    await pool.end();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
