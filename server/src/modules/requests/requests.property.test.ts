import { RequestAction, type RequestStatus } from '@doorstep/contract';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';
import { actionsFrom, nextStatus } from './lifecycle';

/**
 * Random sequences of (actor, action) sent through the HTTP API to a fresh request: whatever the order, the
 * server answers 200/403/404/409/422 (never 5xx), only the state machine's moves happen, and the version counts
 * exactly the successful actions.
 */
let t: TestApp;

const ACTORS = {
  李书记: PHONES.community_secretary,
  刘经理: PHONES.responder,
  孙阿姨: PHONES.resident,
  陈党员: PHONES.party_member,
  九龙书记: PHONES.other_secretary,
} as const;
type ActorName = keyof typeof ACTORS;
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];
const ACTIONS = RequestAction.options;
type Action = RequestAction;

// who may do what, written out independently of requests.policy.ts
const MAY: Record<ActorName, readonly Action[]> = {
  李书记: [
    'dispatch',
    'reassign',
    'answer',
    'verify',
    'rework',
    'handle',
    'reopen',
    'close',
    'reject',
    'merge',
  ],
  刘经理: ['accept', 'return', 'start', 'handle'],
  陈党员: ['accept', 'return', 'start', 'handle'],
  孙阿姨: ['rate'],
  九龙书记: [],
};
const TYPICAL: Record<Action, ActorName[]> = {
  dispatch: ['李书记'],
  reassign: ['李书记'],
  accept: ['刘经理', '陈党员'],
  return: ['刘经理', '陈党员'],
  start: ['刘经理', '陈党员'],
  handle: ['刘经理', '陈党员', '李书记'],
  answer: ['李书记'],
  verify: ['李书记'],
  rework: ['李书记'],
  rate: ['孙阿姨'],
  reopen: ['李书记'],
  close: ['李书记'],
  reject: ['李书记'],
  merge: ['李书记'],
};

interface Step {
  /** follow the state machine: take one of the actions possible now, by its usual actor (actor/action ignored) */
  follow: boolean;
  actor: ActorName;
  action: Action;
  /** picks one of the action's plausible bodies */
  variant: number;
  /** send the previous version instead of the current one */
  stale: boolean;
}

const clients = new Map<ActorName, Client>();
let orgs: Record<string, number>;
const org = (name: string) => {
  const id = orgs[name];
  if (!id) throw new Error(`no responder ${name}`);
  return id;
};
let mergeTarget: number;

beforeAll(async () => {
  t = await startTestApp();
  for (const name of ACTOR_NAMES) clients.set(name, await t.client(ACTORS[name]));
  const { rows } = await t.pool.query('select id, name from responder_orgs');
  orgs = Object.fromEntries(rows.map((o) => [o.name, Number(o.id)]));
  mergeTarget = (await t.pool.query("select id from requests where description like '%烧烤摊%'")).rows[0].id;
});
afterAll(() => t?.close());

/** A plausible body for an action (some variants are meant to be refused with 422). */
function bodyOf(action: Action, variant: number, requestId: number): Record<string, unknown> {
  const pick = <T>(xs: T[]) => xs[variant % xs.length]!;
  switch (action) {
    case 'dispatch':
      return pick<Record<string, unknown>>([
        { kind: 'owner', orgId: org('金茂物业') },
        { kind: 'organization', orgId: org('龙腾社区党员先锋队'), note: '请党员先锋队协助' },
        { kind: 'owner', orgId: org('金茂物业'), assistOrgIds: [org('龙腾志愿服务队')], urgency: 'urgent' },
        { kind: 'public', orgId: org('金茂物业') }, // WHISTLE_RESPONDER_MISMATCH
        { kind: 'owner', orgId: 987654 }, // RESPONDER_NOT_FOUND
        { kind: 'owner', orgId: org('金茂物业'), assistOrgIds: [987654] }, // no such assisting org
      ]);
    case 'reassign':
      return pick<Record<string, unknown>>([
        { kind: 'owner', orgId: org('联发物业'), note: '改派联发物业' },
        { kind: 'owner', orgId: org('金茂物业'), note: '改派金茂物业' },
        { kind: 'organization', orgId: org('龙腾社区党员先锋队'), note: '改派党员先锋队' },
        { kind: 'neighbor', orgId: org('金茂物业'), note: '派错了' }, // mismatch
      ]);
    case 'rate':
      return pick<Record<string, unknown>>([
        { resolved: 'yes', satisfaction: 'satisfied' },
        { resolved: 'partly', satisfaction: 'basic', note: '还行' },
        { resolved: 'no', satisfaction: 'unsatisfied', note: '没解决' },
        { resolved: 'yes', satisfaction: 'unsatisfied' },
      ]);
    case 'merge':
      return pick<Record<string, unknown>>([
        { intoId: mergeTarget },
        { intoId: requestId },
        { intoId: 987654321 },
      ]);
    case 'return':
    case 'handle':
    case 'answer':
    case 'rework':
    case 'reopen':
    case 'reject':
      return { note: `${action} 的说明` };
    default:
      return variant % 2 ? { note: `${action}` } : {};
  }
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  // mostly steps along the state machine, so sequences get deep into the lifecycle; the rest anything at all
  follow: fc.nat(3).map((n) => n > 0),
  actor: fc.constantFrom(...ACTOR_NAMES),
  action: fc.constantFrom(...ACTIONS),
  variant: fc.nat(11),
  stale: fc.nat(11).map((n) => n === 0),
});

async function state(id: number) {
  const r = (await t.pool.query('select status, version from requests where id = $1', [id])).rows[0];
  const w = await t.pool.query(
    `select o.name, w.role, w.status from whistles w join responder_orgs o on o.tenant_id = w.tenant_id and o.id = w.org_id
      where w.request_id = $1`,
    [id],
  );
  return { status: r.status as RequestStatus, version: r.version as number, whistles: w.rows };
}

/** Whether the actor may see the request at all (else every call is 404); a withdrawn (cancelled) whistle gives no access. */
function visible(actor: ActorName, all: { name: string; status: string }[]): boolean {
  const whistles = all.filter((w) => w.status !== 'cancelled');
  switch (actor) {
    case '李书记':
    case '孙阿姨':
      return true;
    case '刘经理':
      return whistles.some((w) => w.name === '金茂物业');
    case '陈党员':
      return whistles.some((w) => w.name === '龙腾社区党员先锋队');
    case '九龙书记':
      return false;
  }
}

/** Statuses one action can lead to from `from` (the state machine's moves, plus 不满意 → reopened). */
const reachableInOneStep = (from: RequestStatus) =>
  new Set(ACTIONS.map((a) => nextStatus(from, a)).filter((s): s is RequestStatus => s !== null));

async function run(steps: Step[]) {
  const sun = clients.get('孙阿姨')!;
  const created = await sun.post('/api/requests', {
    description: '属性测试：电梯停运',
    lng: 104.0484,
    lat: 30.6131,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as number;
  const log: string[] = [];
  let before = await state(id);
  for (const generated of steps) {
    const step = { ...generated };
    if (step.follow) {
      const possible = actionsFrom(before.status);
      step.action = possible[step.variant % possible.length]!;
      const usual = TYPICAL[step.action];
      step.actor = usual[Math.floor(step.variant / possible.length) % usual.length]!;
    }
    const body: Record<string, unknown> = { action: step.action, ...bodyOf(step.action, step.variant, id) };
    const version = step.stale ? before.version - 1 : before.version;
    const res = await clients.get(step.actor)!.post(`/api/requests/${id}/actions`, { ...body, version });
    const after = await state(id);
    log.push(
      `${before.status} --${step.actor}:${JSON.stringify(body)}${step.stale ? ' (stale)' : ''}--> ${res.status} ${res.body?.code ?? after.status}`,
    );
    const where = `\n${log.join('\n')}`;
    expect([200, 403, 404, 409, 422], where).toContain(res.status);

    // who is refused, and how, follows from visibility, version and state alone
    if (!visible(step.actor, before.whistles)) expect(res.status, where).toBe(404);
    else if (step.stale) expect(res.body.code, where).toBe('REQUEST_VERSION_CONFLICT');
    else if (!nextStatus(before.status, step.action))
      expect(res.body.code, where).toBe('REQUEST_STATE_INVALID');
    else if (!MAY[step.actor].includes(step.action)) expect(res.status, where).toBe(403);

    if (res.status === 200) {
      expect(after.version, where).toBe(before.version + 1);
      expect(MAY[step.actor], where).toContain(step.action);
      const unsatisfied =
        step.action === 'rate' && (body.satisfaction === 'unsatisfied' || body.resolved === 'no');
      expect(after.status, where).toBe(unsatisfied ? 'reopened' : nextStatus(before.status, step.action));
      expect(reachableInOneStep(before.status).has(after.status), where).toBe(true);
      expect(res.body, where).toMatchObject({ id, status: after.status, version: after.version });
    } else {
      expect(after.status, where).toBe(before.status);
      expect(after.version, where).toBe(before.version);
      expect(after.whistles, where).toEqual(before.whistles);
    }
    // at most one live lead whistle, ever
    const live = after.whistles.filter(
      (w) => w.role === 'lead' && ['pending', 'accepted'].includes(w.status),
    );
    expect(live.length, where).toBeLessThanOrEqual(1);
    before = after;
  }
  // the timeline holds one step per successful action, in order
  const events = await t.pool.query(
    `select from_status, to_status from request_events where request_id = $1 and to_status is not null order by at, id`,
    [id],
  );
  expect(events.rows.length).toBe(before.version);
  for (let i = 1; i < events.rows.length; i++)
    expect(events.rows[i].from_status, log.join('\n')).toBe(events.rows[i - 1].to_status);
  expect(events.rows.at(-1).to_status).toBe(before.status);
}

describe('random action sequences through the API', () => {
  it('never fail with 5xx, move only along the state machine, and count versions exactly', {
    timeout: 180_000,
  }, async () => {
    const s = (actor: ActorName, action: Action, variant = 0): Step => ({
      follow: false,
      actor,
      action,
      variant,
      stale: false,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 8, maxLength: 25 }), (steps) => run(steps)),
      {
        numRuns: 12,
        examples: [
          // the happy path, a return, and a 不满意 reopen, so every run covers the deep states at least once
          [
            [
              s('李书记', 'dispatch'),
              s('刘经理', 'accept'),
              s('刘经理', 'start'),
              s('刘经理', 'handle'),
              s('李书记', 'rework'),
              s('李书记', 'handle'),
              s('李书记', 'verify'),
              s('孙阿姨', 'rate', 2),
              s('李书记', 'dispatch', 1),
              s('陈党员', 'return'),
              s('李书记', 'answer'),
              s('李书记', 'verify'),
              s('李书记', 'close'),
              s('李书记', 'reopen'),
              s('李书记', 'merge'),
            ],
          ],
        ],
      },
    );
    // every action is used at least once across the generated runs (sanity of the generator)
    const sample = fc.sample(fc.array(stepArb, { minLength: 8, maxLength: 25 }), 15).flat();
    expect(new Set(sample.map((x) => x.action)).size).toBe(ACTIONS.length);
  });
});
