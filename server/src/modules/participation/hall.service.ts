import type pg from 'pg';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { Queryable } from '../../platform/db/tx';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { type Community, communityById, isStaffOf, relatedTo } from './participation.common';

/**
 * 议事厅 (docs/decisions/0022-participation.md). Supports: one row per person per topic (primary key); the
 * topic row is locked while its count is updated, so the support that reaches the threshold is exactly one and
 * it alone puts the topic on the agenda. Ballots: a voters row (unique per vote and person) and a ballot row in
 * one transaction; a secret ballot stores no voter, so nobody can link it back, yet a second ballot from the
 * same person fails on the voters key.
 */

export async function threshold(db: Queryable, c: Community): Promise<number> {
  const { rows } = await db.query(
    'select support_threshold from participation_settings where tenant_id = $1 and community_id = $2',
    [c.tenantId, c.id],
  );
  return rows[0]?.support_threshold ?? 10;
}

async function loadTopic(db: Queryable, actor: Actor, id: number, lock = false) {
  const { rows } = await db.query(`select * from topics where id = $1 ${lock ? 'for update' : ''}`, [id]);
  const t = rows[0];
  if (!t) throw notFound('Topic', '议题');
  const c = await communityById(db, Number(t.tenant_id), Number(t.community_id));
  if (!relatedTo(actor, c)) throw notFound('Topic', '议题');
  return { t, c };
}

/** Puts a topic on the agenda: an agenda item in the community's next meeting, or unscheduled when none is set. */
async function toAgenda(tx: pg.PoolClient, c: Community, topic: { id: number; title: string }) {
  const next = await tx.query(
    `select id from meetings where tenant_id = $1 and community_id = $2 and starts_at > now() order by starts_at limit 1`,
    [c.tenantId, c.id],
  );
  await tx.query(
    `insert into agenda_items (tenant_id, community_id, meeting_id, topic_id, title, position)
     values ($1, $2, $3, $4, $5, 100) on conflict (tenant_id, topic_id) do nothing`,
    [c.tenantId, c.id, next.rows[0]?.id ?? null, topic.id, topic.title],
  );
  await tx.query(
    `update topics set status = 'agenda', on_agenda_at = now() where tenant_id = $1 and id = $2 and status = 'proposed'`,
    [c.tenantId, topic.id],
  );
}

/** One support from the actor; reaching the threshold puts the topic on the agenda. Returns whether it did. */
export async function supportTopic(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
): Promise<{ onAgenda: boolean }> {
  const { t, c } = await loadTopic(tx, actor, id, true);
  if (t.status === 'closed') throw conflict('TOPIC_CLOSED', '议题已关闭', 'The topic is closed');
  const ins = await tx.query(
    `insert into topic_supports (tenant_id, topic_id, user_id) values ($1, $2, $3) on conflict do nothing`,
    [t.tenant_id, t.id, actor.userId],
  );
  if (ins.rowCount !== 1)
    throw conflict('ALREADY_SUPPORTED', '您已经支持过这个议题', 'You have already supported this topic');
  const { rows } = await tx.query(
    'update topics set supports = supports + 1 where tenant_id = $1 and id = $2 returning supports',
    [t.tenant_id, t.id],
  );
  const need = await threshold(tx, c);
  let onAgenda = false;
  if (t.status === 'proposed' && rows[0].supports >= need) {
    await toAgenda(tx, c, { id: Number(t.id), title: t.title });
    onAgenda = true;
    await recordAudit(tx, {
      tenantId: c.tenantId,
      actorUserId: actor.userId,
      action: 'topic.agenda',
      entityType: 'topic',
      entityId: t.id,
      summary: { supports: rows[0].supports, threshold: need },
    });
  }
  return { onAgenda };
}

/** Staff put a topic on the agenda themselves, or close it. */
export async function setTopicStatus(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  status: 'agenda' | 'closed',
) {
  const { t, c } = await loadTopic(tx, actor, id, true);
  if (!isStaffOf(actor, c, 'participation.manage')) throw forbidden();
  if (status === 'agenda') {
    if (t.status !== 'proposed')
      throw conflict('TOPIC_STATE', '议题已在议程中或已结束', 'The topic is already on the agenda or done');
    await toAgenda(tx, c, { id: Number(t.id), title: t.title });
  } else {
    if (t.status === 'closed') throw conflict('TOPIC_STATE', '议题已关闭', 'The topic is closed');
    await tx.query(
      `update topics set status = 'closed', on_agenda_at = coalesce(on_agenda_at, now()) where tenant_id = $1 and id = $2`,
      [t.tenant_id, t.id],
    );
  }
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId: actor.userId,
    action: `topic.${status}`,
    entityType: 'topic',
    entityId: t.id,
  });
}

export interface VoteRow {
  tenant_id: number;
  id: number;
  community_id: number;
  options: string[];
  multiple: boolean;
  secret: boolean;
  quorum: number;
  majority: 'simple' | 'two_thirds';
  status: 'open' | 'closed';
  agenda_item_id: number | null;
}

export async function loadVote(db: Queryable, actor: Actor, id: number, lock = false) {
  const { rows } = await db.query<VoteRow>(`select * from votes where id = $1 ${lock ? 'for share' : ''}`, [
    id,
  ]);
  const v = rows[0];
  if (!v) throw notFound('Vote', '表决');
  const c = await communityById(db, Number(v.tenant_id), Number(v.community_id));
  if (!relatedTo(actor, c)) throw notFound('Vote', '表决');
  return { v, c };
}

function checkChoices(v: VoteRow, choices: number[]) {
  const set = new Set(choices);
  if (set.size !== choices.length || choices.some((i) => i < 0 || i >= v.options.length))
    throw invalid('BALLOT_INVALID', '选项无效', 'The ballot names an option that does not exist');
  if (!v.multiple && choices.length !== 1)
    throw invalid('BALLOT_SINGLE', '此表决只能选一项', 'This vote takes one choice');
}

/**
 * Casts one ballot: the voters row first (its primary key refuses a second ballot from the same person, even from
 * two requests at once), then the ballot, which names its voter only in an open vote. `proxyFor`: staff enter a
 * ballot for a resident without a phone, identified by name and address.
 */
export async function castBallot(
  tx: pg.PoolClient,
  actor: Actor,
  id: number,
  choices: number[],
  proxyFor?: string,
): Promise<void> {
  // `for share`: closing (which takes `for update`) waits for ballots in flight, and none lands after the count
  const { v, c } = await loadVote(tx, actor, id, true);
  if (proxyFor !== undefined && !isStaffOf(actor, c, 'participation.manage')) throw forbidden();
  if (v.status !== 'open') throw conflict('VOTE_CLOSED', '表决已结束', 'The vote is closed');
  checkChoices(v, choices);
  const key = proxyFor !== undefined ? `p:${proxyFor.replace(/\s+/g, ' ').trim()}` : `u:${actor.userId}`;
  const ins = await tx.query(
    `insert into vote_voters (tenant_id, vote_id, voter_key, proxy_by) values ($1, $2, $3, $4) on conflict do nothing`,
    [v.tenant_id, v.id, key, proxyFor !== undefined ? actor.userId : null],
  );
  if (ins.rowCount !== 1)
    throw conflict(
      'ALREADY_VOTED',
      '已经投过票了（一人一票）',
      'This person has already voted (one person, one vote)',
    );
  await tx.query(
    `insert into ballots (tenant_id, vote_id, choices, voter_user_id, proxy) values ($1, $2, $3, $4, $5)`,
    [
      v.tenant_id,
      v.id,
      [...choices].sort((a, b) => a - b),
      v.secret || proxyFor !== undefined ? null : actor.userId,
      proxyFor !== undefined,
    ],
  );
  if (proxyFor !== undefined)
    await recordAudit(tx, {
      tenantId: c.tenantId,
      actorUserId: actor.userId,
      action: 'vote.proxy',
      entityType: 'vote',
      entityId: v.id,
      // who was voted for, never what (a secret vote stays secret in the audit trail too)
      summary: { voter: proxyFor },
    });
}

/** The result by the vote's rules: counts per option, quorum, and the option carried by the majority rule. */
export function tally(
  v: Pick<VoteRow, 'options' | 'quorum' | 'majority'>,
  ballots: number[][],
): { counts: number[]; ballots: number; quorumMet: boolean; winner: number | null } {
  const counts = v.options.map(() => 0);
  for (const b of ballots) for (const i of b) counts[i] = (counts[i] ?? 0) + 1;
  const n = ballots.length;
  const quorumMet = n >= v.quorum;
  let winner: number | null = null;
  if (quorumMet && n > 0) {
    const top = Math.max(...counts);
    const leaders = counts.flatMap((x, i) => (x === top ? [i] : []));
    const carried = v.majority === 'two_thirds' ? top * 3 >= n * 2 : top * 2 > n;
    if (leaders.length === 1 && carried) winner = leaders[0] ?? null;
  }
  return { counts, ballots: n, quorumMet, winner };
}

export async function closeVote(tx: pg.PoolClient, actor: Actor, id: number) {
  const { v, c } = await loadVote(tx, actor, id);
  if (!isStaffOf(actor, c, 'participation.manage')) throw forbidden();
  const locked = await tx.query<VoteRow>('select * from votes where tenant_id = $1 and id = $2 for update', [
    v.tenant_id,
    v.id,
  ]);
  if (locked.rows[0]?.status !== 'open') throw conflict('VOTE_CLOSED', '表决已结束', 'The vote is closed');
  const { rows } = await tx.query('select choices from ballots where tenant_id = $1 and vote_id = $2', [
    v.tenant_id,
    v.id,
  ]);
  const result = tally(
    v,
    rows.map((r) => r.choices as number[]),
  );
  await tx.query(
    `update votes set status = 'closed', closed_at = now(), result = $3 where tenant_id = $1 and id = $2`,
    [v.tenant_id, v.id, JSON.stringify(result)],
  );
  if (v.agenda_item_id)
    await tx.query(
      `update topics t set status = 'decided' from agenda_items a
        where a.tenant_id = $1 and a.id = $2 and t.tenant_id = a.tenant_id and t.id = a.topic_id and t.status = 'agenda'`,
      [v.tenant_id, v.agenda_item_id],
    );
  await recordAudit(tx, {
    tenantId: c.tenantId,
    actorUserId: actor.userId,
    action: 'vote.close',
    entityType: 'vote',
    entityId: v.id,
    summary: result,
  });
  return result;
}
