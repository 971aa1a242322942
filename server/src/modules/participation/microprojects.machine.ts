import type { MicroAction, MicroStage } from '@doorstep/contract';
import { AppError, conflict } from '../../platform/http/errors';

/**
 * 民生微实事's state machine, pure (docs/decisions/0028-microprojects.md): which action is allowed in which stage,
 * and the facts some transitions wait for — the council's vote passed (publish), the publicity period is over and
 * every objection answered (take on). The service applies it under a row lock; the property test checks random
 * sequences against a model of its own.
 */

export interface MicroFacts {
  voteState: 'open' | 'passed' | 'failed' | null;
  publicityOver: boolean;
  openObjections: number;
}

const FROM: Record<MicroAction, { from: readonly MicroStage[]; to: MicroStage | null }> = {
  screen: { from: ['proposed'], to: 'screened' },
  reject: { from: ['proposed', 'screened'], to: 'rejected' },
  link_vote: { from: ['screened'], to: null },
  publish: { from: ['screened'], to: 'publicizing' },
  take_on: { from: ['publicizing'], to: 'undertaken' },
  supervise: { from: ['undertaken'], to: 'supervising' },
  pay: { from: ['supervising'], to: null },
  accept: { from: ['supervising'], to: 'accepted' },
};

const STAGE_ZH: Record<MicroStage, string> = {
  proposed: '征集',
  screened: '议事会评议',
  rejected: '未通过',
  publicizing: '公示',
  undertaken: '承接',
  supervising: '督导',
  accepted: '验收',
};

/** The stage after `action`, or the 409 that refuses it. */
export function nextStage(stage: MicroStage, action: MicroAction, facts: MicroFacts): MicroStage {
  const rule = FROM[action];
  if (!rule.from.includes(stage))
    throw conflict(
      'MICRO_STAGE',
      `项目处于“${STAGE_ZH[stage]}”阶段，不能执行此操作`,
      `A micro-project in stage ${stage} does not take ${action}`,
    );
  if (action === 'publish' && facts.voteState !== 'passed')
    throw conflict(
      'MICRO_VOTE_NOT_PASSED',
      facts.voteState === null ? '请先关联议事会表决' : '议事会表决尚未通过',
      facts.voteState === null ? 'Link the council’s vote first' : 'The council’s vote has not passed',
    );
  if (action === 'take_on' && !facts.publicityOver)
    throw conflict('MICRO_PUBLICITY_RUNNING', '公示期尚未结束', 'The publicity period is not over yet');
  if (action === 'take_on' && facts.openObjections > 0)
    throw conflict(
      'MICRO_OBJECTIONS_OPEN',
      `还有 ${facts.openObjections} 条异议未答复`,
      `${facts.openObjections} objection(s) still await an answer`,
    );
  return rule.to ?? stage;
}

/** Whether an error is the machine's refusal (the property test tells them from other failures). */
export const isRefusal = (e: unknown) => e instanceof AppError && e.status === 409;
