import type { MicroActionBody, MicroStage } from '@doorstep/contract';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/scopes';
import { inTx } from '../../platform/db/tx';
import { AppError } from '../../platform/http/errors';
import { areaId, startTestApp, type TestApp } from '../../test/harness';
import { actMicro, answerObjection, objectMicro } from './microprojects.service';

/**
 * 民生微实事's state machine against real PostgreSQL: random sequences of staff actions (legal or not, in any
 * order) mixed with the world's events (an objection filed, answered, the publicity period running out) give
 * exactly the outcomes a small model predicts — the same stage, the same refusals (409 for an illegal transition,
 * 422 above the budget), the same money spent, and the 社区微基金 down by exactly that.
 */
let t: TestApp;
let tenantId: number;
let community: number;
let typeId: number;
let passVote: number;
let failVote: number;
let userId: string;

const admin = (): Actor => ({ userId, name: '管理员', phone: null, isPlatformAdmin: true, scopes: [] });

beforeAll(async () => {
  t = await startTestApp();
  community = await areaId(t.pool, '990101001001');
  tenantId = Number(
    (await t.pool.query('select tenant_id from areas where id = $1', [community])).rows[0].tenant_id,
  );
  userId = (await t.pool.query(`select id from "user" where "phoneNumber" = '13800000000'`)).rows[0].id;
  typeId = Number(
    (
      await t.pool.query(
        `insert into microproject_types (tenant_id, community_id, name, cap_fen) values ($1, $2, '性质测试类', 100000000) returning id`,
        [tenantId, community],
      )
    ).rows[0].id,
  );
  const vote = async (winner: number) =>
    Number(
      (
        await t.pool.query(
          `insert into votes (tenant_id, community_id, question, options, status, closed_at, result)
           values ($1, $2, '性质测试表决', array['同意', '不同意'], 'closed', now(), $3) returning id`,
          [tenantId, community, JSON.stringify({ counts: [1, 0], ballots: 1, quorumMet: true, winner })],
        )
      ).rows[0].id,
    );
  passVote = await vote(0);
  failVote = await vote(1);
  // enough in the fund for every run's payments
  await t.pool.query(
    `update ledger_accounts a set balance = balance + 1000000000 from ledger_funds f
      where f.tenant_id = $1 and f.area_id = $2 and f.kind = 'micro_fund' and a.tenant_id = f.tenant_id and a.id = f.account_id`,
    [tenantId, community],
  );
});
afterAll(() => t.close());

/** An action body without its version (per member of the union). */
type Body = MicroActionBody extends infer B ? (B extends unknown ? Omit<B, 'version'> : never) : never;
type Step = { kind: 'act'; body: Body } | { kind: 'object' } | { kind: 'answer' } | { kind: 'elapse' };

const BUDGET = 50_000;
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: 'act', body: { action: 'screen', pass: true } }),
  fc.constant<Step>({ kind: 'act', body: { action: 'reject', reason: '不符合条件' } }),
  fc.constantFrom<Step>(
    { kind: 'act', body: { action: 'link_vote', voteId: 0 } },
    { kind: 'act', body: { action: 'link_vote', voteId: 1 } },
  ),
  fc.constant<Step>({ kind: 'act', body: { action: 'publish', days: 3 } }),
  fc.constant<Step>({ kind: 'act', body: { action: 'take_on', name: '某物业公司' } }),
  fc.constant<Step>({ kind: 'act', body: { action: 'supervise' } }),
  fc
    .integer({ min: 1, max: 30_000 })
    .map((amount): Step => ({ kind: 'act', body: { action: 'pay', amount, note: '' } })),
  fc
    .integer({ min: 0, max: 30_000 })
    .map((amount): Step => ({ kind: 'act', body: { action: 'accept', amount, note: '验收合格' } })),
  fc.constant<Step>({ kind: 'object' }),
  fc.constant<Step>({ kind: 'answer' }),
  fc.constant<Step>({ kind: 'elapse' }),
);

interface Model {
  stage: MicroStage;
  vote: 'pass' | 'fail' | null;
  over: boolean;
  open: number;
  spent: number;
}

/** The model's outcome of a staff action: the next model, or the status it is refused with. */
function model(m: Model, b: Body): Model | number {
  const at = (...s: MicroStage[]) => s.includes(m.stage);
  switch (b.action) {
    case 'screen':
      return at('proposed') ? { ...m, stage: 'screened' } : 409;
    case 'reject':
      return at('proposed', 'screened') ? { ...m, stage: 'rejected' } : 409;
    case 'link_vote':
      return at('screened') ? { ...m, vote: b.voteId === 0 ? 'pass' : 'fail' } : 409;
    case 'publish':
      return at('screened') && m.vote === 'pass' ? { ...m, stage: 'publicizing' } : 409;
    case 'take_on':
      return at('publicizing') && m.over && m.open === 0 ? { ...m, stage: 'undertaken' } : 409;
    case 'supervise':
      return at('undertaken') ? { ...m, stage: 'supervising' } : 409;
    case 'pay':
      if (!at('supervising')) return 409;
      return m.spent + b.amount > BUDGET ? 422 : { ...m, spent: m.spent + b.amount };
    case 'accept':
      if (!at('supervising')) return 409;
      return m.spent + b.amount > BUDGET ? 422 : { ...m, stage: 'accepted', spent: m.spent + b.amount };
    default:
      return 409;
  }
}

const fundBalance = async () =>
  Number(
    (
      await t.pool.query(
        `select a.balance from ledger_funds f join ledger_accounts a on a.tenant_id = f.tenant_id and a.id = f.account_id
          where f.tenant_id = $1 and f.area_id = $2 and f.kind = 'micro_fund'`,
        [tenantId, community],
      )
    ).rows[0].balance,
  );

describe('民生微实事 state machine', () => {
  it('random action sequences match the model (stages, 409/422 refusals, money spent)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const id = Number(
          (
            await t.pool.query(
              `insert into microprojects (tenant_id, community_id, type_id, title, budget_fen, proposer_user_id, proposer_name)
               values ($1, $2, $3, '性质测试项目', $4, $5, '测试') returning id`,
              [tenantId, community, typeId, BUDGET, userId],
            )
          ).rows[0].id,
        );
        const before = await fundBalance();
        let m: Model = { stage: 'proposed', vote: null, over: false, open: 0, spent: 0 };
        for (const s of steps) {
          if (s.kind === 'elapse') {
            await t.pool.query(
              `update microprojects set publicity_from = publicity_from - 30 where id = $1 and publicity_from is not null`,
              [id],
            );
            if (m.stage !== 'proposed' && m.stage !== 'screened' && m.stage !== 'rejected')
              m = { ...m, over: true };
            continue;
          }
          if (s.kind === 'object') {
            const ok = m.stage === 'publicizing' && !m.over;
            const got = await inTx(t.pool, (tx) => objectMicro(tx, admin(), id, '有异议')).then(
              () => 0,
              (e: AppError) => e.status,
            );
            expect(got).toBe(ok ? 0 : 409);
            if (ok) m = { ...m, open: m.open + 1 };
            continue;
          }
          if (s.kind === 'answer') {
            const { rows } = await t.pool.query(
              'select id from microproject_objections where microproject_id = $1 and answer is null',
              [id],
            );
            for (const o of rows)
              await inTx(t.pool, (tx) => answerObjection(tx, admin(), id, o.id, '已答复'));
            m = { ...m, open: 0 };
            continue;
          }
          const version = Number(
            (await t.pool.query('select version from microprojects where id = $1', [id])).rows[0].version,
          );
          const body = (
            s.body.action === 'link_vote'
              ? { ...s.body, voteId: s.body.voteId === 0 ? passVote : failVote, version }
              : { ...s.body, version }
          ) as MicroActionBody;
          const expected = model(m, s.body);
          const got = await inTx(t.pool, (tx) => actMicro(tx, admin(), id, body)).then(
            () => 0,
            (e: unknown) => {
              if (e instanceof AppError) return e.status;
              throw e;
            },
          );
          expect(got).toBe(typeof expected === 'number' ? expected : 0);
          if (typeof expected !== 'number') {
            // a period published now is running; a later "elapse" ends it
            m =
              expected.stage === 'publicizing' && m.stage !== 'publicizing'
                ? { ...expected, over: false }
                : expected;
          }
        }
        const row = (await t.pool.query('select stage, spent_fen from microprojects where id = $1', [id]))
          .rows[0];
        expect({ stage: row.stage, spent: Number(row.spent_fen) }).toEqual({
          stage: m.stage,
          spent: m.spent,
        });
        expect(before - (await fundBalance())).toBe(m.spent);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
