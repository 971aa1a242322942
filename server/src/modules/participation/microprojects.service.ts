import type {
  MicroActionBody,
  MicroProject,
  MicroProjectDetail,
  MicroProposeBody,
  MicroStage,
  MicroType,
} from '@doorstep/contract';
import type pg from 'pg';
import type { z } from 'zod';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { Queryable } from '../../platform/db/tx';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { microFundFlow } from '../ledger';
import { unitNameWithin } from '../records';
import { type MicroFacts, nextStage } from './microprojects.machine';
import {
  type Community,
  communityById,
  communityOf,
  day,
  iso,
  isStaffOf,
  notifyUsers,
  relatedTo,
} from './participation.common';

/**
 * 民生微实事 (docs/decisions/0028-microprojects.md). Every action locks the project's row, checks the version the
 * caller saw, asks the machine (microprojects.machine.ts) for the next stage, writes a timeline event and an audit
 * event in the same transaction. Money leaves the 社区微基金 through the ledger's index (microFundFlow): during
 * 督导 as payments, and the last payment on 验收; the total never exceeds the project's budget nor its type's cap.
 */

/** Seed types and caps for a community that has none yet (the community edits them afterwards). */
export const DEFAULT_TYPES: readonly [string, number][] = [
  ['为民服务类', 200_000_00],
  ['设施改造类', 500_000_00],
  ['文体活动类', 100_000_00],
];

export async function ensureTypes(db: Queryable, c: Community): Promise<void> {
  const { rows } = await db.query(
    'select 1 from microproject_types where tenant_id = $1 and community_id = $2 limit 1',
    [c.tenantId, c.id],
  );
  if (rows[0]) return;
  for (const [name, cap] of DEFAULT_TYPES)
    await db.query(
      `insert into microproject_types (tenant_id, community_id, name, cap_fen) values ($1, $2, $3, $4)
       on conflict do nothing`,
      [c.tenantId, c.id, name, cap],
    );
}

export async function listTypes(db: Queryable, c: Community): Promise<MicroType[]> {
  const { rows } = await db.query(
    'select id, name, cap_fen from microproject_types where tenant_id = $1 and community_id = $2 order by cap_fen, id',
    [c.tenantId, c.id],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, cap: Number(r.cap_fen) }));
}

const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
const overCap = (what: string, cap: number) =>
  invalid(
    'MICRO_OVER_CAP',
    `${what}超过该类项目的上限 ${yuan(cap)} 元`,
    `${what === '预算' ? 'The budget' : 'The spending'} is above this project type's cap of ¥${yuan(cap)}`,
    { cap },
  );

const SELECT = `
  select p.*, t.name as type_name, t.cap_fen,
         to_char(p.publicity_from, 'YYYY-MM-DD') as pub_from,
         to_char(p.publicity_from + p.publicity_days - 1, 'YYYY-MM-DD') as pub_until,
         coalesce(p.publicity_from + p.publicity_days - 1 < (now() at time zone 'Asia/Shanghai')::date, false) as pub_over,
         v.status as vote_status, v.result as vote_result,
         (select count(*) from microproject_objections o
           where o.tenant_id = p.tenant_id and o.microproject_id = p.id and o.answer is null)::int as open_objections,
         (select avg(stars)::float from microproject_ratings r where r.tenant_id = p.tenant_id and r.microproject_id = p.id) as rating_avg,
         (select count(*) from microproject_ratings r where r.tenant_id = p.tenant_id and r.microproject_id = p.id)::int as rating_count,
         (select stars from microproject_ratings r where r.tenant_id = p.tenant_id and r.microproject_id = p.id and r.user_id = $1) as rating_mine
    from microprojects p
    join microproject_types t on t.tenant_id = p.tenant_id and t.id = p.type_id
    left join votes v on v.tenant_id = p.tenant_id and v.id = p.vote_id`;

const voteState = (r: Record<string, unknown>): MicroFacts['voteState'] => {
  if (!r.vote_status) return null;
  if (r.vote_status === 'open') return 'open';
  return (r.vote_result as { winner: number | null } | null)?.winner === 0 ? 'passed' : 'failed';
};
const factsOf = (r: Record<string, unknown>): MicroFacts => ({
  voteState: voteState(r),
  publicityOver: r.pub_over === true,
  openObjections: Number(r.open_objections),
});

function present(r: Record<string, unknown>, actor: Actor): MicroProject {
  return {
    id: Number(r.id),
    communityId: Number(r.community_id),
    typeId: Number(r.type_id),
    typeName: r.type_name as string,
    cap: Number(r.cap_fen),
    title: r.title as string,
    description: r.description as string,
    budget: Number(r.budget_fen),
    proposerName: r.proposer_name as string,
    mine: r.proposer_user_id === actor.userId,
    stage: r.stage as MicroStage,
    rejectReason: (r.reject_reason as string | null) ?? null,
    voteId: r.vote_id === null ? null : Number(r.vote_id),
    voteState: voteState(r),
    publicityFrom: (r.pub_from as string | null) ?? null,
    publicityDays: (r.publicity_days as number | null) ?? null,
    publicityUntil: (r.pub_until as string | null) ?? null,
    publicityOver: r.pub_over === true,
    undertakerUnitId: r.undertaker_unit_id === null ? null : Number(r.undertaker_unit_id),
    undertakerName: (r.undertaker_name as string | null) ?? null,
    projectId: r.project_id === null ? null : Number(r.project_id),
    spent: Number(r.spent_fen),
    acceptanceNote: (r.acceptance_note as string | null) ?? null,
    acceptedAt: iso(r.accepted_at),
    rating: {
      average: r.rating_avg === null ? null : Math.round(Number(r.rating_avg) * 10) / 10,
      count: Number(r.rating_count),
      mine: (r.rating_mine as number | null) ?? null,
    },
    openObjections: Number(r.open_objections),
    version: Number(r.version),
    createdAt: iso(r.created_at) as string,
  };
}

/** Staff see every project; the community's people see those past 初审 and their own proposals. */
export async function listMicro(
  db: Queryable,
  actor: Actor,
  c: Community,
  stage?: MicroStage,
): Promise<{ items: MicroProject[]; counts: Record<string, number> }> {
  const staff = isStaffOf(actor, c, 'participation.view');
  const { rows } = await db.query(
    `${SELECT} where p.tenant_id = $2 and p.community_id = $3
       and ($4::boolean or p.stage not in ('proposed', 'rejected') or p.proposer_user_id = $1)
     order by p.id desc`,
    [actor.userId, c.tenantId, c.id, staff],
  );
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.stage] = (counts[r.stage] ?? 0) + 1;
  const items = rows.filter((r) => !stage || r.stage === stage).map((r) => present(r, actor));
  return { items, counts };
}

async function loadRow(db: Queryable, actor: Actor, id: number, lock = false) {
  if (lock) {
    const l = await db.query('select tenant_id from microprojects where id = $1 for update', [id]);
    if (!l.rows[0]) throw notFound('Micro-project', '微实事项目');
  }
  const { rows } = await db.query(`${SELECT} where p.id = $2`, [actor.userId, id]);
  const r = rows[0];
  if (!r) throw notFound('Micro-project', '微实事项目');
  const c = await communityById(db, Number(r.tenant_id), Number(r.community_id));
  if (!relatedTo(actor, c)) throw notFound('Micro-project', '微实事项目');
  const staff = isStaffOf(actor, c, 'participation.view');
  if (!staff && ['proposed', 'rejected'].includes(r.stage) && r.proposer_user_id !== actor.userId)
    throw notFound('Micro-project', '微实事项目');
  return { r, c };
}

export async function microDetail(db: Queryable, actor: Actor, id: number): Promise<MicroProjectDetail> {
  const { r, c } = await loadRow(db, actor, id);
  const staff = isStaffOf(actor, c, 'participation.view');
  const [events, objections, milestones] = await Promise.all([
    db.query(
      `select e.*, coalesce(u.name, e.actor_name) as who from microproject_events e left join "user" u on u.id = e.actor_user_id
        where e.tenant_id = $1 and e.microproject_id = $2 order by e.id`,
      [r.tenant_id, r.id],
    ),
    db.query(
      'select * from microproject_objections where tenant_id = $1 and microproject_id = $2 order by id',
      [r.tenant_id, r.id],
    ),
    r.project_id
      ? db.query(
          'select id, title, due_date, done_at from project_milestones where tenant_id = $1 and project_id = $2 order by due_date nulls last, id',
          [r.tenant_id, r.project_id],
        )
      : Promise.resolve({ rows: [] as Record<string, unknown>[] }),
  ]);
  return {
    ...present(r, actor),
    events: events.rows.map((e) => ({
      kind: e.kind,
      stage: e.stage,
      note: e.note,
      amount: e.amount_fen === null ? null : Number(e.amount_fen),
      // residents see the staff's role, not their names
      actorName: staff || e.actor_user_id === actor.userId ? (e.who ?? '') : '',
      at: iso(e.created_at) as string,
    })),
    objections: objections.rows.map((o) => ({
      id: Number(o.id),
      text: o.text,
      mine: o.author_user_id === actor.userId,
      answer: o.answer ?? null,
      answeredAt: iso(o.answered_at),
      createdAt: iso(o.created_at) as string,
    })),
    milestones: milestones.rows.map((m) => ({
      id: Number(m.id),
      title: m.title as string,
      dueDate: day(m.due_date),
      done: m.done_at !== null,
    })),
  };
}

async function event(
  tx: Queryable,
  actor: Actor,
  r: { tenant_id: number; id: number },
  kind: string,
  stage: MicroStage,
  note = '',
  amount: number | null = null,
) {
  await tx.query(
    `insert into microproject_events (tenant_id, microproject_id, kind, stage, note, amount_fen, actor_user_id, actor_name)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [r.tenant_id, r.id, kind, stage, note.slice(0, 500), amount, actor.userId, actor.name.slice(0, 50)],
  );
  await recordAudit(tx, {
    tenantId: Number(r.tenant_id),
    actorUserId: actor.userId,
    action: `microproject.${kind}`,
    entityType: 'microproject',
    entityId: r.id,
    summary: { stage, note: note.slice(0, 100), amount },
  });
}

/** 征集: someone of the community proposes a project of a type, within its cap. */
export async function proposeMicro(
  tx: pg.PoolClient,
  actor: Actor,
  b: z.infer<typeof MicroProposeBody>,
): Promise<{ c: Community; id: number }> {
  const c = await communityOf(tx, actor, b.communityId);
  await ensureTypes(tx, c);
  const t = await tx.query(
    'select cap_fen from microproject_types where tenant_id = $1 and community_id = $2 and id = $3',
    [c.tenantId, c.id, b.typeId],
  );
  if (!t.rows[0]) throw invalid('MICRO_TYPE_UNKNOWN', '项目类型不存在', 'No such project type here');
  if (b.budget > Number(t.rows[0].cap_fen)) throw overCap('预算', Number(t.rows[0].cap_fen));
  const { rows } = await tx.query(
    `insert into microprojects (tenant_id, community_id, type_id, title, description, budget_fen, proposer_user_id, proposer_name)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning tenant_id, id`,
    [
      c.tenantId,
      c.id,
      b.typeId,
      b.title,
      b.description,
      b.budget,
      actor.userId,
      actor.name.slice(0, 50) || '居民',
    ],
  );
  await event(tx, actor, rows[0], 'propose', 'proposed', b.title);
  return { c, id: Number(rows[0].id) };
}

/** One staff action: the machine says whether it is allowed now and what stage follows. */
export async function actMicro(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  b: MicroActionBody,
): Promise<void> {
  const { r, c } = await loadRow(tx, actor, id, true);
  if (!isStaffOf(actor, c, 'participation.manage')) throw forbidden();
  if (Number(r.version) !== b.version)
    throw conflict(
      'VERSION_CONFLICT',
      '项目已被他人更新，请刷新后重试',
      'Someone else has updated the project; reload and try again',
    );
  const stage = r.stage as MicroStage;
  const to = nextStage(stage, b.action, factsOf(r));
  const set: Record<string, unknown> = { stage: to };
  let note = '';
  let amount: number | null = null;
  const spend = async (fen: number) => {
    const limit = Math.min(Number(r.cap_fen), Number(r.budget_fen));
    if (Number(r.spent_fen) + fen > Number(r.cap_fen)) throw overCap('支出', Number(r.cap_fen));
    if (Number(r.spent_fen) + fen > limit)
      throw invalid(
        'MICRO_OVER_BUDGET',
        `累计支出将超过项目预算 ${yuan(Number(r.budget_fen))} 元`,
        `The total spending would exceed the project's budget of ¥${yuan(Number(r.budget_fen))}`,
      );
    if (fen > 0)
      await microFundFlow(tx, actor, c.tenantId, c.id, {
        kind: 'spending',
        counterparty: r.undertaker_name ?? '承接方',
        amount: fen,
        memo: `民生微实事：${r.title}`,
      });
    set.spent_fen = Number(r.spent_fen) + fen;
    amount = fen;
  };
  switch (b.action) {
    case 'reject':
      set.reject_reason = b.reason;
      note = b.reason;
      break;
    case 'link_vote': {
      const v = await tx.query(
        'select question from votes where tenant_id = $1 and community_id = $2 and id = $3',
        [c.tenantId, c.id, b.voteId],
      );
      if (!v.rows[0]) throw invalid('VOTE_UNKNOWN', '表决不存在', 'No such vote in this community');
      set.vote_id = b.voteId;
      note = v.rows[0].question;
      break;
    }
    case 'publish': {
      const { rows } = await tx.query(
        `select coalesce($1::date, (now() at time zone 'Asia/Shanghai')::date) as d,
                coalesce($1::date, (now() at time zone 'Asia/Shanghai')::date)
                  between (now() at time zone 'Asia/Shanghai')::date - 30 and (now() at time zone 'Asia/Shanghai')::date as ok`,
        [b.from ?? null],
      );
      if (!rows[0].ok)
        throw invalid(
          'PUBLICITY_FROM',
          '公示开始日期须在今天及以前 30 天内',
          'The notice must have gone up today or in the last 30 days',
        );
      set.publicity_from = day(rows[0].d);
      set.publicity_days = b.days;
      note = `${day(rows[0].d)} 起公示 ${b.days} 天`;
      break;
    }
    case 'take_on': {
      let name = b.name ?? null;
      if (b.unitId) {
        name = await unitNameWithin(tx, c.tenantId, b.unitId, c.path);
        if (!name) throw invalid('UNIT_UNKNOWN', '本社区没有这个单位', 'No such unit in this community');
      }
      if (!name)
        throw invalid(
          'MICRO_UNDERTAKER',
          '请选择承接单位或填写承接组织名称',
          'Choose a unit or name the organisation',
        );
      const p = await tx.query(
        `insert into list_projects (tenant_id, community_id, title, owner_name, budget_fen, created_by)
         values ($1, $2, $3, $4, $5, $6) returning id`,
        [c.tenantId, c.id, r.title, name.slice(0, 50), r.budget_fen, actor.userId],
      );
      set.undertaker_unit_id = b.unitId ?? null;
      set.undertaker_name = name;
      set.project_id = p.rows[0].id;
      note = name;
      break;
    }
    case 'pay':
      await spend(b.amount);
      note = b.note;
      break;
    case 'accept':
      await spend(b.amount);
      set.acceptance_note = b.note;
      set.accepted_at = new Date();
      note = b.note;
      break;
    default:
      break;
  }
  const cols = Object.keys(set);
  await tx.query(
    `update microprojects set ${cols.map((k, i) => `${k} = $${i + 3}`).join(', ')}, version = version + 1, updated_at = now()
      where tenant_id = $1 and id = $2`,
    [r.tenant_id, r.id, ...cols.map((k) => set[k])],
  );
  await event(tx, actor, r, b.action, to, note, amount);
  if (to !== stage && r.proposer_user_id && ['screened', 'rejected', 'publicizing', 'accepted'].includes(to))
    await notifyUsers(tx, {
      tenantId: c.tenantId,
      userIds: [r.proposer_user_id],
      kind: `microproject.${to}`,
      audience: 'resident',
      text: {
        'zh-CN': `您提议的民生微实事“${r.title}”${{ screened: '已通过初审', rejected: `未通过：${note}`, publicizing: '已通过议事会评议，正在公示', accepted: '已验收' }[to as 'screened']}`,
        'en-US': `Your micro-project “${r.title}” is now ${to}`,
      },
      link: `/h5/microprojects/${r.id}`,
    });
}

/** 公示: one of the community files an objection while the period runs. */
export async function objectMicro(tx: pg.PoolClient, actor: Actor, id: number, text: string) {
  const { r } = await loadRow(tx, actor, id, true);
  if (r.stage !== 'publicizing' || r.pub_over)
    throw conflict(
      'MICRO_NOT_PUBLIC',
      '只能在公示期内提出异议',
      'Objections are taken during the publicity period',
    );
  await tx.query(
    `insert into microproject_objections (tenant_id, microproject_id, author_user_id, text) values ($1, $2, $3, $4)`,
    [r.tenant_id, r.id, actor.userId, text],
  );
  await event(tx, actor, r, 'object', 'publicizing', text);
}

export async function answerObjection(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  objectionId: number,
  answer: string,
) {
  const { r, c } = await loadRow(tx, actor, id, true);
  if (!isStaffOf(actor, c, 'participation.manage')) throw forbidden();
  const { rows } = await tx.query(
    `update microproject_objections set answer = $4, answered_by = $5, answered_at = now()
      where tenant_id = $1 and microproject_id = $2 and id = $3 and answer is null returning author_user_id`,
    [r.tenant_id, r.id, objectionId, answer, actor.userId],
  );
  if (!rows[0]) {
    const exists = await tx.query(
      'select 1 from microproject_objections where tenant_id = $1 and microproject_id = $2 and id = $3',
      [r.tenant_id, r.id, objectionId],
    );
    if (!exists.rows[0]) throw notFound('Objection', '异议');
    throw conflict('OBJECTION_ANSWERED', '这条异议已经答复过了', 'This objection has been answered');
  }
  await event(tx, actor, r, 'answer', r.stage, answer);
  await notifyUsers(tx, {
    tenantId: c.tenantId,
    userIds: [rows[0].author_user_id],
    kind: 'microproject.answer',
    audience: 'resident',
    text: {
      'zh-CN': `您对“${r.title}”的异议已答复：${answer.slice(0, 60)}`,
      'en-US': `Your objection to “${r.title}” has been answered`,
    },
    link: `/h5/microprojects/${r.id}`,
  });
}

/** 验收: one rating per person, once the project is accepted. */
export async function rateMicro(tx: pg.PoolClient, actor: Actor, id: number, stars: number, comment: string) {
  const { r } = await loadRow(tx, actor, id, true);
  if (r.stage !== 'accepted')
    throw conflict('MICRO_NOT_ACCEPTED', '项目验收后才能评价', 'Rate the project once it is accepted');
  const ins = await tx.query(
    `insert into microproject_ratings (tenant_id, microproject_id, user_id, stars, comment) values ($1, $2, $3, $4, $5)
     on conflict do nothing`,
    [r.tenant_id, r.id, actor.userId, stars, comment],
  );
  if (ins.rowCount !== 1) throw conflict('ALREADY_RATED', '您已经评价过了', 'You have already rated it');
  await recordAudit(tx, {
    tenantId: Number(r.tenant_id),
    actorUserId: actor.userId,
    action: 'microproject.rate',
    entityType: 'microproject',
    entityId: r.id,
    summary: { stars },
  });
}
