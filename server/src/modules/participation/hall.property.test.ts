import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/scopes';
import { inTx } from '../../platform/db/tx';
import { AppError } from '../../platform/http/errors';
import { areaId, startTestApp, type TestApp } from '../../test/harness';
import { castBallot, closeVote, tally } from './hall.service';

/**
 * Ballots against real PostgreSQL: random batches of ballots (the same person several times, proxies, bad
 * choices) sent at once never count anyone twice; the ballots stored equal the voters recorded equal the model's
 * distinct voters; the published counts equal the ballots stored; secret ballots name nobody.
 */
let t: TestApp;
let tenantId: number;
let community: number;
let users: string[];

beforeAll(async () => {
  process.env.OVERLOAD_MAX_DB_WAITING ??= '100000';
  t = await startTestApp();
  community = await areaId(t.pool, '990101001001');
  tenantId = Number(
    (await t.pool.query('select tenant_id from areas where id = $1', [community])).rows[0].tenant_id,
  );
  users = (
    await t.pool.query(`select id from "user" where "phoneNumber" like '138000000%' order by "phoneNumber"`)
  ).rows.map((r) => r.id);
});
afterAll(() => t.close());

// platform admins see every community; the user id is what makes them distinct voters
const actor = (userId: string): Actor => ({
  userId,
  name: 'voter',
  phone: null,
  isPlatformAdmin: true,
  scopes: [],
});

type Op = { who: number; proxy: boolean; choices: number[] };
const opArb = fc.record({
  who: fc.nat(5),
  proxy: fc.boolean(),
  choices: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 3 }),
});

describe('ballots property', () => {
  it('concurrent and duplicate ballots never count twice, and counts equal ballots', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.array(opArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        async (secret, multiple, batches) => {
          const { rows } = await t.pool.query(
            `insert into votes (tenant_id, community_id, question, options, multiple, secret, quorum)
             values ($1, $2, '属性测试', array['甲', '乙', '丙'], $3, $4, 2) returning id`,
            [tenantId, community, multiple, secret],
          );
          const vote = Number(rows[0].id);
          const model = new Map<string, number[]>();
          for (const batch of batches) {
            const res = await Promise.allSettled(
              batch.map((op: Op) =>
                inTx(t.pool, (tx) =>
                  castBallot(
                    tx,
                    actor(users[op.proxy ? 0 : op.who] as string),
                    vote,
                    op.choices,
                    op.proxy ? `代录居民${op.who}` : undefined,
                  ),
                ),
              ),
            );
            const refusedAsVoted: string[] = [];
            for (const [i, r] of res.entries()) {
              const op = batch[i] as Op;
              const key = op.proxy ? `p${op.who}` : `u${op.who}`;
              const valid = op.choices.every((c) => c < 3) && (multiple || op.choices.length === 1);
              if (r.status === 'rejected') {
                expect(r.reason).toBeInstanceOf(AppError);
                if ((r.reason as AppError).code === 'ALREADY_VOTED') refusedAsVoted.push(key);
                else expect(valid).toBe(false);
              } else {
                expect(valid).toBe(true);
                // accepted at most once per person
                expect(model.has(key)).toBe(false);
                model.set(key, op.choices);
              }
            }
            // refused as "already voted" only when that person's ballot is in
            for (const key of refusedAsVoted) expect(model.has(key)).toBe(true);
          }
          const stored = await t.pool.query(
            'select choices, voter_user_id from ballots where tenant_id = $1 and vote_id = $2',
            [tenantId, vote],
          );
          const voters = await t.pool.query(
            'select count(*)::int as n from vote_voters where tenant_id = $1 and vote_id = $2',
            [tenantId, vote],
          );
          expect(stored.rows.length).toBe(model.size);
          expect(voters.rows[0].n).toBe(model.size);
          if (secret) expect(stored.rows.every((b) => b.voter_user_id === null)).toBe(true);
          const result = await inTx(t.pool, (tx) => closeVote(tx, actor(users[0] as string), vote));
          expect(result.ballots).toBe(model.size);
          expect(result).toEqual(
            tally({ options: ['甲', '乙', '丙'], quorum: 2, majority: 'simple' }, [...model.values()]),
          );
          expect(result.counts.reduce((a, b) => a + b, 0)).toBe(
            [...model.values()].reduce((a, c) => a + c.length, 0),
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('tally: a tie or a minority carries nothing; two thirds needs two thirds; no quorum, no winner', () => {
    const v = { options: ['a', 'b', 'c'], quorum: 3, majority: 'simple' as const };
    expect(tally(v, [[0], [1]]).winner).toBeNull();
    expect(tally(v, [[0], [1], [0], [1]]).winner).toBeNull();
    expect(tally(v, [[0], [0], [1]]).winner).toBe(0);
    expect(tally(v, [[0], [1], [2]]).winner).toBeNull();
    expect(tally({ ...v, majority: 'two_thirds' }, [[0], [0], [1], [0], [1], [1]]).winner).toBeNull();
    expect(tally({ ...v, majority: 'two_thirds' }, [[0], [0], [1]]).winner).toBe(0);
  });
});
