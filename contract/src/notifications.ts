import { z } from 'zod';

/**
 * In-app notifications (消息): one row per recipient per request step (or per notice from another module). The server stores the step's kind and a
 * few parameters; the text is made here, in the reader's language, so the H5, the console and any later channel
 * (SMS, WeChat) say the same thing.
 */

/** Why this person hears of the step: the request is theirs (or they said "me too"), it was whistled to their
 * organisation, or they look after the community. */
export const NotificationAudience = z.enum(['resident', 'responder', 'staff']);
export type NotificationAudience = z.infer<typeof NotificationAudience>;

export const NotificationParams = z.object({
  /** who took the step, as the timeline labels them (李书记（社区书记）, 居民, 系统) */
  actor: z.string().nullable(),
  /** the lead responder at that moment (金茂物业) */
  org: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** the step's note, cut to 80 characters */
  note: z.string().nullable(),
  /** the request's description, cut to 60 characters */
  summary: z.string(),
});
export type NotificationParams = z.infer<typeof NotificationParams>;

export const NotificationItem = z.object({
  id: z.number(),
  tenantId: z.number(),
  /** the timeline step's type: dispatch:owner, accept, comment, warning:red, escalated… */
  kind: z.string(),
  audience: NotificationAudience,
  /** null for another module's notice (a claimed wish, a course place, the morning brief) */
  requestId: z.number().nullable(),
  publicNo: z.string().nullable(),
  params: NotificationParams,
  /** another module's notice carries its own text in both languages… */
  text: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }).nullable(),
  /** …and where it opens: an app path, /h5/… for the resident app, otherwise the console */
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
  /** false for a neighbour who said "me too": they hear of the steps but do not open someone else's request */
  canOpen: z.boolean(),
});
export type NotificationItem = z.infer<typeof NotificationItem>;

export const NotificationListQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export const NotificationList = z.object({
  items: z.array(NotificationItem),
  /** how many there are (all, or unread only when asked), counted up to 10,001 */
  total: z.number(),
  /** the badge: unread ones, counted up to 1,000 */
  unread: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type NotificationList = z.infer<typeof NotificationList>;

/** Mark some (ids) or all of one's notifications read. */
export const MarkReadBody = z
  .object({
    ids: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(200).optional(),
    all: z.boolean().optional(),
  })
  .refine((b) => b.all === true || (b.ids?.length ?? 0) > 0, { message: 'ids or all' });
export const MarkReadResult = z.object({ updated: z.number(), unread: z.number() });

type Lang = 'zh-CN' | 'en-US';
type Text = (p: NotificationParams) => string;
const zhOrg = (p: NotificationParams) => p.org ?? '负责单位';
const enOrg = (p: NotificationParams) => p.org ?? 'the responder';

/** Titles by audience and step; the first part of a kind (dispatch:owner → dispatch) picks the title. */
const TITLES: Record<Lang, Record<NotificationAudience, Record<string, Text>>> = {
  'zh-CN': {
    resident: {
      created: () => '诉求已受理',
      dispatch: (p) => `已派给${zhOrg(p)}办理`,
      reassign: (p) => `已改派给${zhOrg(p)}办理`,
      accept: (p) => `${zhOrg(p)}已接单`,
      return: () => '负责单位退单，社区正在重新派单',
      start: (p) => `${zhOrg(p)}开始处理`,
      handle: () => '已办结，社区正在核查',
      answer: () => '社区已答复',
      verify: () => '社区已核查，请您评价',
      rework: () => '核查未通过，正在返工',
      rate: () => '诉求已评价',
      rated_reopened: () => '评价不满意，重新办理',
      reopen: () => '诉求重新办理',
      close: () => '诉求已结案',
      reject: () => '诉求未予受理',
      merge: () => '已并入同一问题的诉求',
      comment: (p) => `${p.actor ?? '工作人员'}留言`,
      warning: () => '已超过办理时限，社区正在督办',
      delay_requested: (p) => `${zhOrg(p)}申请延期办理`,
      delay_approved: () => '办理时限已延长',
      delay_refused: () => '延期申请未获批准，按原时限办理',
      revisit: () => '社区回访记录',
    },
    responder: {
      dispatch: () => '新派单，请接单',
      reassign: () => '改派给本单位，请接单',
      rework: () => '核查未通过，请返工',
    },
    staff: {
      return: (p) => `${zhOrg(p)}退单，请重新派单`,
      delay_requested: (p) => `${zhOrg(p)}申请延期，请审批`,
      handle: (p) => `${zhOrg(p)}已办结，请核查`,
      'warning:yellow': () => '黄牌预警：办理时限已过半',
      'warning:red': () => '红牌预警：即将超期',
      'warning:breached': () => '已超过办理时限',
      escalated: () => '升级督办：红牌诉求',
    },
  },
  'en-US': {
    resident: {
      created: () => 'Request received',
      dispatch: (p) => `Sent to ${enOrg(p)}`,
      reassign: (p) => `Reassigned to ${enOrg(p)}`,
      accept: (p) => `${p.org ?? 'The responder'} took it on`,
      return: () => 'The responder sent it back; the community is reassigning it',
      start: (p) => `${p.org ?? 'The responder'} started work`,
      handle: () => 'Handled; the community is checking',
      answer: () => 'The community answered',
      verify: () => 'Checked by the community: please rate it',
      rework: () => 'Not accepted on checking: being redone',
      rate: () => 'Request rated',
      rated_reopened: () => 'Rated unsatisfied: handled again',
      reopen: () => 'Request reopened',
      close: () => 'Request closed',
      reject: () => 'Request not accepted',
      merge: () => 'Merged into a request about the same problem',
      comment: (p) => `New note from ${p.actor ?? 'staff'}`,
      warning: () => 'Past its deadline; the community is following up',
      delay_requested: (p) => `${p.org ?? 'The responder'} asked for more time`,
      delay_approved: () => 'Deadline extended',
      delay_refused: () => 'Extension refused: the deadline stands',
      revisit: () => 'The community followed up',
    },
    responder: {
      dispatch: () => 'New request for your organisation: please accept',
      reassign: () => 'Reassigned to your organisation: please accept',
      rework: () => 'Not accepted on checking: please redo',
    },
    staff: {
      return: (p) => `${p.org ?? 'The responder'} sent it back: please reassign`,
      delay_requested: (p) => `${p.org ?? 'The responder'} asks for more time: please decide`,
      handle: (p) => `${p.org ?? 'The responder'} handled it: please verify`,
      'warning:yellow': () => 'Yellow warning: half the time is gone',
      'warning:red': () => 'Red warning: about to be overdue',
      'warning:breached': () => 'Past its deadline',
      escalated: () => 'Escalated to you: red warning',
    },
  },
};

/** The title of a notification in the reader's language (falls back to "new progress"). */
export function notificationTitle(
  n: Pick<NotificationItem, 'kind' | 'audience' | 'params'> & { text?: NotificationItem['text'] },
  lang: string,
): string {
  const l: Lang = lang.startsWith('en') ? 'en-US' : 'zh-CN';
  if (n.text) return n.text[l];
  const titles = TITLES[l][n.audience];
  const own = (k: string) => (Object.hasOwn(titles, k) ? titles[k] : undefined);
  const text = own(n.kind) ?? own(n.kind.split(':')[0]!);
  return text ? text(n.params) : l === 'en-US' ? 'New progress on a request' : '诉求有新进展';
}
