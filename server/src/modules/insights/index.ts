/**
 * Insights (数字的背面): dashboards for any area and period (the requests module's measures, breakdowns, trend,
 * ranking, heat), the 08:00 morning brief 数据晨读 with its assignment loop and delivery channels (in-app, e-mail,
 * WeCom/DingTalk/Feishu robots), the data portrait 数据画像 and hot spots 主动治理 (docs/decisions/0024-insights.md).
 */

export { runAllBriefs, runBrief } from './brief';
export { insightsRoutes } from './insights.routes';
export { seedInsights } from './insights.seed';
export { seedOpenData } from './open.seed';
export { flushRollups, rollupMeasures } from './rollup';
