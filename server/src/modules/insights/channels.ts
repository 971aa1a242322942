import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type pg from 'pg';
import type { Queryable } from '../../platform/db/tx';
import { notifyUsers } from './notify';

/** What a channel gets: the brief as plain text, and the responsible people to @ (name and phone). */
export interface BriefMessage {
  title: string;
  text: string;
  mentions: { name: string; phone: string | null }[];
  link: string;
}
export interface BriefChannelRow {
  kind: 'email' | 'wecom' | 'dingtalk' | 'feishu';
  target: string;
  secret: string | null;
}

const TIMEOUT_MS = 5000;

/**
 * Where a robot webhook may point: the robots' own HTTPS hosts, plus hosts an operator adds in BRIEF_WEBHOOK_HOSTS
 * (comma-separated host or host:port, e.g. a company gateway; http is allowed only for those). Without this a
 * secretary could make the server POST to an internal address (SSRF). Checked when a channel is added and again
 * before every send.
 */
const ROBOT_HOSTS: Record<string, readonly string[]> = {
  wecom: ['qyapi.weixin.qq.com'],
  dingtalk: ['oapi.dingtalk.com'],
  feishu: ['open.feishu.cn', 'open.larksuite.com'],
};
export function webhookAllowed(kind: string, target: string): boolean {
  let u: URL;
  try {
    u = new URL(target);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  const extra = (process.env.BRIEF_WEBHOOK_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (extra.includes(u.host.toLowerCase()) && (u.protocol === 'https:' || u.protocol === 'http:'))
    return true;
  return u.protocol === 'https:' && !u.port && (ROBOT_HOSTS[kind] ?? []).includes(u.hostname.toLowerCase());
}

/** 企业微信群机器人: text message, @ by mobile (mentioned_mobile_list). */
export function wecomPayload(m: BriefMessage) {
  return {
    msgtype: 'text',
    text: {
      content: m.text,
      mentioned_mobile_list: m.mentions.flatMap((p) => (p.phone ? [p.phone] : [])),
    },
  };
}

/** 钉钉自定义机器人: text with at.atMobiles (the content names them with @phone); 加签 appends timestamp and sign. */
export function dingtalkRequest(m: BriefMessage, url: string, secret: string | null, now = Date.now()) {
  const phones = m.mentions.flatMap((p) => (p.phone ? [p.phone] : []));
  const body = {
    msgtype: 'text',
    text: { content: `${m.text}${phones.length ? `\n${phones.map((p) => `@${p}`).join(' ')}` : ''}` },
    at: { atMobiles: phones, isAtAll: false },
  };
  if (!secret) return { url, body };
  const sign = encodeURIComponent(createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64'));
  return { url: `${url}${url.includes('?') ? '&' : '?'}timestamp=${now}&sign=${sign}`, body };
}

/** 飞书自定义机器人: text; 签名校验 puts timestamp (seconds) and sign in the body (HMAC keyed by "timestamp\nsecret"). */
export function feishuPayload(m: BriefMessage, secret: string | null, now = Date.now()) {
  const body: Record<string, unknown> = { msg_type: 'text', content: { text: m.text } };
  if (!secret) return body;
  const timestamp = String(Math.floor(now / 1000));
  const sign = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
  return { timestamp, sign, ...body };
}

async function postJson(url: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  // the robots answer 200 with an error code in the body
  let json: { errcode?: number; code?: number; errmsg?: string; msg?: string } = {};
  try {
    json = JSON.parse(text);
  } catch {}
  if ((json.errcode ?? 0) !== 0 || (json.code ?? 0) !== 0)
    throw new Error(`robot refused: ${json.errcode ?? json.code} ${json.errmsg ?? json.msg ?? ''}`.trim());
}

/** Sends one message over one channel; throws on failure. SMTP comes from SMTP_URL (e.g. smtp://user:pass@host:587). */
export async function send(ch: BriefChannelRow, m: BriefMessage) {
  if (ch.kind !== 'email' && !webhookAllowed(ch.kind, ch.target))
    throw new Error('webhook host not allowed (BRIEF_WEBHOOK_HOSTS)');
  switch (ch.kind) {
    case 'wecom':
      return postJson(ch.target, wecomPayload(m));
    case 'dingtalk': {
      const r = dingtalkRequest(m, ch.target, ch.secret);
      return postJson(r.url, r.body);
    }
    case 'feishu':
      return postJson(ch.target, feishuPayload(m, ch.secret));
    case 'email': {
      const url = process.env.SMTP_URL;
      if (!url) throw new Error('SMTP_URL is not set');
      const u = new URL(url);
      const transport = nodemailer.createTransport({
        host: u.hostname,
        port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587),
        secure: u.protocol === 'smtps:',
        auth: u.username
          ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
          : undefined,
        connectionTimeout: TIMEOUT_MS,
        socketTimeout: TIMEOUT_MS,
      });
      try {
        await transport.sendMail({
          from: process.env.BRIEF_MAIL_FROM ?? 'Doorstep 家门口 <brief@doorstep.invalid>',
          to: ch.target,
          subject: m.title,
          text: `${m.text}\n\n${m.link}`,
        });
      } finally {
        transport.close();
      }
    }
  }
}

/** The brief as one plain-text message (Chinese: it goes to the community's own groups). */
export async function briefMessage(db: Queryable, tenantId: number, briefId: number) {
  const { rows: b } = await db.query(
    `select b.day::text as day, b.community_id, a.name as community from insight_briefs b
       join areas a on a.tenant_id = b.tenant_id and a.id = b.community_id
      where b.tenant_id = $1 and b.id = $2`,
    [tenantId, briefId],
  );
  const { rows: items } = await db.query(
    `select i.rank, i.title, i.detail, i.owner_user_id, u.name as owner, u."phoneNumber" as phone
       from insight_brief_items i left join "user" u on u.id = i.owner_user_id
      where i.tenant_id = $1 and i.brief_id = $2 order by i.rank`,
    [tenantId, briefId],
  );
  const [, mm, dd] = (b[0].day as string).split('-');
  const lines = items.map(
    (i) => `${i.rank}. ${i.title}${i.detail ? `\n   ${i.detail}` : ''}\n   责任人：${i.owner ?? '待指定'}`,
  );
  const base = (process.env.PUBLIC_URL ?? '').replace(/\/$/, '');
  const message: BriefMessage = {
    title: `【数据晨读】${b[0].community} ${Number(mm)}月${Number(dd)}日`,
    text: [
      `【数据晨读】${b[0].community} ${Number(mm)}月${Number(dd)}日`,
      ...(lines.length ? lines : ['昨日没有需要晨会专门交办的事项。']),
      lines.length ? '请在晨会上逐条交办，责任人今晚前回报。' : '',
    ]
      .filter(Boolean)
      .join('\n'),
    mentions: items
      .filter((i) => i.owner_user_id)
      .map((i) => ({ name: i.owner as string, phone: (i.phone as string | null) ?? null })),
    link: `${base}/insights/brief`,
  };
  return {
    message,
    communityId: Number(b[0].community_id),
    owners: [...new Set(items.flatMap((i) => (i.owner_user_id ? [i.owner_user_id as string] : [])))],
  };
}

/**
 * Delivers a brief: in-app to the secretary and each responsible person, then every channel the community set up.
 * A failing channel is recorded and does not stop the others.
 */
export async function deliverBrief(pool: pg.Pool, tenantId: number, briefId: number) {
  const { message, communityId, owners } = await briefMessage(pool, tenantId, briefId);
  const record = (channel: string, target: string, error: string | null) =>
    pool.query(
      `insert into insight_brief_deliveries (tenant_id, brief_id, channel, target, ok, error) values ($1, $2, $3, $4, $5, $6)`,
      [tenantId, briefId, channel, target.slice(0, 500), error === null, error?.slice(0, 500) ?? null],
    );
  const { rows: secretaries } = await pool.query(
    `select user_id from role_assignments where tenant_id = $1 and area_id = $2 and role = 'community_secretary'`,
    [tenantId, communityId],
  );
  const recipients = [...new Set([...secretaries.map((s) => s.user_id as string), ...owners])];
  const sent = await notifyUsers(pool, {
    tenantId,
    userIds: recipients,
    kind: 'insights.brief',
    audience: 'staff',
    text: { 'zh-CN': message.title, 'en-US': `Morning brief: ${message.title}` },
    link: '/insights/brief',
  });
  await record('in_app', `${sent} 人`, null);
  const { rows: channels } = await pool.query(
    'select kind, target, secret from insight_brief_channels where tenant_id = $1 and community_id = $2 and archived_at is null order by id',
    [tenantId, communityId],
  );
  for (const ch of channels as BriefChannelRow[]) {
    try {
      await send(ch, message);
      await record(ch.kind, redact(ch), null);
    } catch (err) {
      await record(ch.kind, redact(ch), (err as Error).message || 'failed');
    }
  }
}

/** A channel's target as shown: e-mail in full, a webhook without its key/token. */
export const redact = (ch: { kind: string; target: string }) =>
  ch.kind === 'email'
    ? ch.target
    : ch.target.replace(/([?&](key|access_token)=)[^&]+/, '$1***').replace(/(hook\/)[^/?]+/, '$1***');
