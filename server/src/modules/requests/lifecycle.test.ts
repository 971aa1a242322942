import { RequestAction, RequestStatus } from '@doorstep/contract';
import { describe, expect, it } from 'vitest';
import { actionsFrom, nextStatus, OPEN_STATUSES, TRANSITIONS } from './lifecycle';

type Status = RequestStatus;
type Action = RequestAction;

const STATUSES = RequestStatus.options;
const ACTIONS = RequestAction.options;

/**
 * The lifecycle as PRODUCT.md describes it, written out independently of lifecycle.ts:
 * 受理 → 派单 → 接单 → 处置中 → 办结 → 核查 → 结案, with 退单, 返工, 重办, 不予受理, 合并 and 当场答复.
 */
const EXPECTED: Record<Action, { from: Status[]; to: Status }> = {
  dispatch: { from: ['received', 'returned', 'reopened'], to: 'dispatched' },
  reassign: { from: ['dispatched', 'accepted', 'in_progress'], to: 'dispatched' },
  accept: { from: ['dispatched'], to: 'accepted' },
  return: { from: ['dispatched', 'accepted'], to: 'returned' },
  start: { from: ['accepted'], to: 'in_progress' },
  handle: { from: ['accepted', 'in_progress'], to: 'handled' },
  answer: { from: ['received', 'returned', 'reopened'], to: 'handled' },
  verify: { from: ['handled'], to: 'verified' },
  rework: { from: ['handled'], to: 'in_progress' },
  rate: { from: ['verified'], to: 'closed' },
  reopen: { from: ['verified', 'closed'], to: 'reopened' },
  close: { from: ['verified'], to: 'closed' },
  reject: { from: ['received', 'returned', 'reopened'], to: 'closed' },
  merge: { from: ['received', 'returned', 'reopened', 'dispatched'], to: 'closed' },
};

/** Statuses reachable from `start` by any sequence of actions (including `start` itself). */
function reachable(start: Status): Set<Status> {
  const seen = new Set<Status>([start]);
  const queue = [start];
  while (queue.length) {
    const s = queue.shift()!;
    for (const a of ACTIONS) {
      const to = nextStatus(s, a);
      if (to && !seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

describe('the request state machine', () => {
  it('lists a transition for every action of the contract, and nothing else', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ACTIONS].sort());
  });

  describe.each(ACTIONS)('%s', (action) => {
    const { from, to } = EXPECTED[action];

    it(`moves ${from.join(' / ')} → ${to}`, () => {
      for (const s of from) expect(nextStatus(s, action), `${action} from ${s}`).toBe(to);
    });

    it('is illegal (null) from every other status', () => {
      for (const s of STATUSES.filter((x) => !from.includes(x)))
        expect(nextStatus(s, action), `${action} from ${s}`).toBeNull();
    });
  });

  it.each(STATUSES)('actionsFrom(%s) offers exactly the actions the table allows there', (status) => {
    const expected = ACTIONS.filter((a) => EXPECTED[a].from.includes(status));
    expect(actionsFrom(status)).toEqual(expected);
    // and each offered action leads somewhere
    for (const a of actionsFrom(status)) expect(nextStatus(status, a)).not.toBeNull();
  });

  it('offers the expected menus at the key steps', () => {
    expect(actionsFrom('received')).toEqual(['dispatch', 'answer', 'reject', 'merge']);
    expect(actionsFrom('dispatched')).toEqual(['reassign', 'accept', 'return', 'merge']);
    expect(actionsFrom('accepted')).toEqual(['reassign', 'return', 'start', 'handle']);
    expect(actionsFrom('handled')).toEqual(['verify', 'rework']);
    expect(actionsFrom('verified')).toEqual(['rate', 'reopen', 'close']);
  });

  it("no action leaves 'closed' except reopen, which goes to reopened", () => {
    expect(actionsFrom('closed')).toEqual(['reopen']);
    for (const a of ACTIONS.filter((x) => x !== 'reopen')) expect(nextStatus('closed', a), a).toBeNull();
    expect(nextStatus('closed', 'reopen')).toBe('reopened');
  });

  it('returns null for typical illegal moves', () => {
    const illegal: [Status, Action][] = [
      ['received', 'accept'],
      ['received', 'verify'],
      ['received', 'rate'],
      ['received', 'handle'],
      ['dispatched', 'dispatch'],
      ['dispatched', 'handle'],
      ['accepted', 'accept'],
      ['in_progress', 'return'],
      ['in_progress', 'start'],
      ['handled', 'rate'],
      ['handled', 'handle'],
      ['verified', 'verify'],
      ['verified', 'merge'],
      ['closed', 'rate'],
      ['closed', 'close'],
      ['returned', 'accept'],
      ['reopened', 'rate'],
    ];
    for (const [s, a] of illegal) expect(nextStatus(s, a), `${a} from ${s}`).toBeNull();
  });

  it("nothing ever goes back to 'received'", () => {
    for (const s of STATUSES) for (const a of ACTIONS) expect(nextStatus(s, a)).not.toBe('received');
  });

  it('every status is reachable from received, and every open status can still reach closed', () => {
    expect([...reachable('received')].sort()).toEqual([...STATUSES].sort());
    for (const s of OPEN_STATUSES) expect(reachable(s).has('closed'), s).toBe(true);
  });

  it('the open statuses are all statuses but closed', () => {
    expect([...OPEN_STATUSES].sort()).toEqual(STATUSES.filter((s) => s !== 'closed').sort());
  });
});
