import type { RequestAction, RequestStatus } from '@doorstep/contract';

/**
 * The request state machine (PRODUCT.md "Lifecycle"): which action moves a request from which states to which.
 * 受理 received → 派单 dispatched → 接单 accepted → 处置中 in_progress → 办结 handled → 核查 verified → 结案 closed,
 * with 退单 returned, 返工 rework, 重办 reopened, 不予受理 reject, 合并 merge and 当场答复/自办自结 answer.
 * Actions that leave the status alone (comment, progress note, delay request) are not listed here.
 */
export const TRANSITIONS: Record<RequestAction, { from: readonly RequestStatus[]; to: RequestStatus }> = {
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

export const OPEN_STATUSES: readonly RequestStatus[] = [
  'received',
  'dispatched',
  'accepted',
  'in_progress',
  'handled',
  'verified',
  'returned',
  'reopened',
];

/**
 * 延期 (a delay ask and its approval or refusal) and the rating review leave the status alone, so they are not
 * transitions: a delay may be asked for, and decided, only while the request is still being worked on and has
 * not been marked handled; the pending ask is withdrawn when the request leaves these states.
 */
export const DELAYABLE: readonly RequestStatus[] = [
  'received',
  'dispatched',
  'accepted',
  'in_progress',
  'returned',
  'reopened',
];
/** 回访 is recorded once the resident has had an outcome: closed, or reopened for a second handling. */
export const REVISITABLE: readonly RequestStatus[] = ['closed', 'reopened'];

/** The status an action leads to from `status`, or null when the action is not allowed there. */
export function nextStatus(status: RequestStatus, action: RequestAction): RequestStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/** Every action possible from a status (the UI offers only these). */
export const actionsFrom = (status: RequestStatus) =>
  (Object.keys(TRANSITIONS) as RequestAction[]).filter((a) => TRANSITIONS[a].from.includes(status));
