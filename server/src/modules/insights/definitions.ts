import { MEASURES_VERSION } from '../requests';

/**
 * Figure definitions (口径), versioned, shown next to every figure. The rates and 温差 are the requests module's
 * measures (one definition, computed there); the rest are this module's own counts.
 */
export const INSIGHTS_VERSION = 'v1 (2026-11)';

const def = (key: string, version: string, zh: string, en: string) => ({
  key,
  version,
  'zh-CN': zh,
  'en-US': en,
});

export const DEFINITIONS = [
  def(
    'requests',
    INSIGHTS_VERSION,
    '诉求量：所选时段内（北京时间，含首尾两天）在该区域及下级网格受理的诉求件数，含导入的 12345 历史工单。',
    'Requests: requests received in the period (China time, both days included) in the area and its grids, imported 12345 tickets included.',
  ),
  def(
    'responseRate',
    MEASURES_VERSION,
    '响应率 = 在响应时限内首次联系的件数 ÷ 响应时限已到或已响应的件数。',
    'Response rate = first contact within the response deadline ÷ requests whose response deadline passed or that were responded.',
  ),
  def(
    'resolutionRate',
    MEASURES_VERSION,
    '解决率 = 评价为“已解决”的件数（“部分解决”计 ½）÷ 已评价件数；复核剔除的评价不计。',
    'Resolution rate = rated "resolved" (partly counts ½) ÷ rated; ratings excluded on review are left out.',
  ),
  def(
    'satisfactionRate',
    MEASURES_VERSION,
    '满意率 =（满意 + 0.8 × 基本满意）÷ 已评价件数。',
    'Satisfaction rate = (satisfied + 0.8 × basically satisfied) ÷ rated.',
  ),
  def(
    'onTimeRate',
    MEASURES_VERSION,
    '按期结案率 = 在办结时限内结案的件数 ÷ 办结时限已到或已结案的件数。',
    'On-time rate = closed by the resolve deadline ÷ requests due (deadline passed, or closed).',
  ),
  def(
    'composite',
    MEASURES_VERSION,
    '综合得分 = 0.2 响应率 + 0.3 解决率 + 0.3 满意率 + 0.2 按期结案率（无数据的项不计，权重按比例放大）。',
    'Composite = 0.2 response + 0.3 resolution + 0.3 satisfaction + 0.2 on-time (rates without data left out, the rest re-weighted).',
  ),
  def(
    'temperatureGap',
    MEASURES_VERSION,
    '温差（℃）：居民感受与官方结论的差。每件已评价诉求：基本满意 −2、不满意 −5，超期每个工作日 −1，每次重办 −1，每个“无可见进展日” −1；区域取平均。',
    'Temperature gap (℃): how far the resident’s felt result is below the official one. Per rated request: −2 basically satisfied, −5 not satisfied, −1 per day past the deadline, −1 per reopening, −1 per silent day; the area’s figure is the mean.',
  ),
  def(
    'trend',
    INSIGHTS_VERSION,
    '趋势：按受理日（或受理周，周一起）计的新增件数，与同一时段内结案的件数。',
    'Trend: requests received per day (or week, from Monday), and requests closed in the same buckets.',
  ),
  def(
    'heat',
    INSIGHTS_VERSION,
    '热力：有定位的诉求按约 100 米（0.001°）格子计数。',
    'Heat: located requests counted in cells of about 100 m (0.001°).',
  ),
  def(
    'closedSameDay',
    INSIGHTS_VERSION,
    '晨读闭环率 = 当天（北京时间 24 时前）已回报或已说明理由撤销的晨读事项 ÷ 晨读事项总数。',
    'Brief items closed the same day = items reported back or dismissed with a reason by midnight (China time) on the day of the brief ÷ all brief items.',
  ),
  def(
    'portraitShare',
    INSIGHTS_VERSION,
    '人数占比 = 基础台账中带该人群标签的人数 ÷ 区域内登记人数（一人多标签时各计一次）。诉求量、解决率按提交诉求居民的人群标签归类。',
    'Share = people with the group tag in the basic records ÷ all people recorded in the area (a person with two tags counts in both). Requests and resolution rate by the reporting residents’ group tags.',
  ),
  def(
    'hotspot',
    INSIGHTS_VERSION,
    '热点：同一地点（地址或约 100 米格子，同一网格）同一类别的诉求，在所选天数内达到设定件数（默认 30 天 ≥ 3 件）。',
    'Hot spot: requests of one category at one place (address, or a cell of about 100 m, in one grid) reaching the set count within the window (default ≥ 3 in 30 days).',
  ),
];

export const defs = (...keys: string[]) => DEFINITIONS.filter((d) => keys.includes(d.key));

type Label = [string, string];
export const STATUS: Record<string, Label> = {
  received: ['已受理', 'Received'],
  dispatched: ['已派单', 'Dispatched'],
  accepted: ['已接单', 'Accepted'],
  in_progress: ['处置中', 'In progress'],
  handled: ['已办结', 'Handled'],
  verified: ['已核查', 'Verified'],
  closed: ['已结案', 'Closed'],
  returned: ['已退单', 'Returned'],
  reopened: ['重办', 'Reopened'],
};
export const CHANNEL: Record<string, Label> = {
  h5: ['随手拍', 'Resident app'],
  qr: ['扫码上报', 'QR code'],
  visit: ['线下走访', 'Door-to-door visit'],
  hotline_12345: ['12345热线', '12345 hotline'],
  chamber: ['商会转递', 'Chamber of commerce'],
  mailbox: ['服务信箱', 'Mailbox'],
  wechat_group: ['微信群', 'WeChat group'],
  patrol: ['巡查发现', 'Patrol'],
  rider: ['骑手随手拍', 'Rider report'],
  open311: ['Open311', 'Open311'],
  import: ['12345历史工单', '12345 history'],
};
export const NATURE: Record<string, Label> = {
  consult: ['咨询', 'Consultation'],
  help: ['求助', 'Help'],
  complaint: ['投诉', 'Complaint'],
  report: ['举报', 'Report'],
  suggestion: ['建议', 'Suggestion'],
};
export const label = (map: Record<string, Label>, key: string) => ({
  key,
  'zh-CN': map[key]?.[0] ?? key,
  'en-US': map[key]?.[1] ?? key,
});
