import i18n from '../../app/i18n';

// Strings of the scoring settings tab and the monthly report (merged into console.insights).
const zh = {
  insights: {
    tabs: { scoring: '晨读评分' },
    scoring: {
      title: '{{street}} · 数据晨读评分设置',
      intro:
        '每天 08:00 的数据晨读为每个候选事项打分，取分数最高的几条。这里的权重和门槛只对本街道生效；未设置时使用系统默认值。每期晨读都保存当时使用的评分，可追溯。',
      custom: '本街道自定义（第 {{version}} 版，{{by}} 于 {{at}} 修改）',
      defaults: '当前使用系统默认值',
      readOnly: '只有街道管理员可以修改评分设置。',
      leadsOnly: '评分设置由社区书记和街道管理员查看，街道管理员修改。',
      save: '保存',
      reset: '恢复默认值',
      resetConfirm: '恢复系统默认值？本街道的自定义设置将删除（留痕）。',
      saved: '评分设置已保存，下一期晨读起生效',
      conflict: '评分设置已被他人修改，已重新载入最新内容',
      default: '默认 {{v}}',
      group: {
        general: '总体',
        missedLoop: '未闭环事项（晨会交办后逾期未回报）',
        breach: '超期未办结',
        gap: '温差大（居民评价与办理结论差距大）',
        surge: '诉求激增（同类别或同网格）',
      },
      field: {
        items: ['每期条数', '每期晨读列出的事项数（1–10）'],
        'missedLoop.base': [
          '基础分',
          '逾期未回报的交办事项：基础分 + 每逾期 1 小时加 1 分；应高于其他事项，保证不被挤掉',
        ],
        'breach.base': ['基础分', '当天结束时仍未办结且已过办结时限的诉求的基础分'],
        'breach.perDay': ['每超期一天加分', '每超期一天增加的分数'],
        'breach.maxDays': ['最多计算天数', '超期天数最多按这么多天计算'],
        'gap.threshold': ['温差门槛（℃）', '当天评价的诉求温差不高于该值（如 −3℃）才列为候选'],
        'gap.perDegree': ['每度分值', '分数 = 每度分值 × 温差绝对值'],
        'surge.minCount': ['当天最少件数', '同类别或同网格当天至少这么多件'],
        'surge.ratio': ['倍数', '当天件数至少是日均的这么多倍'],
        'surge.baselineDays': ['基线天数', '日均按之前多少天计算'],
        'surge.weight': ['权重', '分数 = 权重 × (当天件数 − 日均) ÷ √(日均 + 1)'],
      },
    },
    monthly: {
      month: '月份',
      excel: '月报 Excel',
      print: '月报打印版',
      printHint: '打开可打印页面（A4）；在浏览器中“打印 → 另存为 PDF”即得 PDF',
      needCommunity: '月报按社区生成：请先在“区域”中选择一个社区',
    },
  },
};
const en: typeof zh = {
  insights: {
    tabs: { scoring: 'Brief scoring' },
    scoring: {
      title: '{{street}} · Morning-brief scoring',
      intro:
        'The 08:00 morning brief scores every candidate item and lists the highest. These weights and thresholds apply to this street only; without them the system defaults apply. Each brief keeps the scoring it used.',
      custom: 'Set for this street (version {{version}}, changed by {{by}} on {{at}})',
      defaults: 'Using the system defaults',
      readOnly: 'Only street admins can change the scoring.',
      leadsOnly: 'Community secretaries and street admins see the scoring; street admins change it.',
      save: 'Save',
      reset: 'Back to defaults',
      resetConfirm: 'Go back to the system defaults? This street’s settings are removed (audited).',
      saved: 'Scoring saved; it applies from the next brief',
      conflict: 'Someone else changed the scoring; the latest version is loaded',
      default: 'default {{v}}',
      group: {
        general: 'General',
        missedLoop: 'Missed loops (assigned at the meeting, not reported back in time)',
        breach: 'Past the resolve deadline',
        gap: 'Large temperature gap (resident’s rating far below the official result)',
        surge: 'Surges (same category or same grid)',
      },
      field: {
        items: ['Items per brief', 'How many items each brief lists (1–10)'],
        'missedLoop.base': [
          'Base score',
          'An assigned item not reported back in time: base + 1 per hour late; keep it above everything else',
        ],
        'breach.base': ['Base score', 'A request still open at the end of the day past its resolve deadline'],
        'breach.perDay': ['Per day late', 'Added for each day past the deadline'],
        'breach.maxDays': ['Days counted at most', 'Days late beyond this are not counted'],
        'gap.threshold': [
          'Gap threshold (℃)',
          'Requests rated that day with a gap at or below this (e.g. −3 ℃)',
        ],
        'gap.perDegree': ['Score per degree', 'Score = per degree × |gap|'],
        'surge.minCount': [
          'Minimum that day',
          'At least this many requests in the category or grid that day',
        ],
        'surge.ratio': ['Ratio', 'At least this many times the daily mean'],
        'surge.baselineDays': ['Baseline days', 'The daily mean over this many previous days'],
        'surge.weight': ['Weight', 'Score = weight × (count − mean) ÷ √(mean + 1)'],
      },
    },
    monthly: {
      month: 'Month',
      excel: 'Monthly report (Excel)',
      print: 'Printable report',
      printHint: 'Opens a printable A4 page; the browser’s Print → Save as PDF gives the PDF',
      needCommunity: 'Monthly reports are per community: choose a community under “Area” first',
    },
  },
};
i18n.addResourceBundle('zh-CN', 'translation', { console: zh }, true, true);
i18n.addResourceBundle('en-US', 'translation', { console: en }, true, true);
