import type { SuggesterAccuracy } from '@doorstep/contract';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useTranslation } from 'react-i18next';

// Only the pieces this chart uses (a full echarts import is ~1 MB); this module itself loads on demand.
echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

const pct = (v: number) => Math.round(v * 100);

/** Precision, recall and F1 per category as grouped horizontal bars, the largest category on top. */
export default function AccuracyChart({
  perCategory,
  narrow,
}: {
  perCategory: SuggesterAccuracy['perCategory'];
  narrow: boolean;
}) {
  const { t, i18n } = useTranslation();
  const a = (k: string) => t(`console.history.accuracy.${k}`);
  const en = i18n.language.startsWith('en');
  // echarts draws the first category at the bottom: reverse so the largest sits on top
  const rows = [...perCategory].sort((x, y) => y.support - x.support).reverse();
  const names = rows.map((c) => `${en ? c.nameEn : c.name} (${c.support})`);
  const series = (['precision', 'recall', 'f1'] as const).map((k, i) => ({
    name: a(k),
    type: 'bar' as const,
    barMaxWidth: 10,
    itemStyle: { color: ['#5b8ff9', '#f6bd16', '#1f7a3e'][i], borderRadius: [0, 2, 2, 0] },
    data: rows.map((c) => pct(c[k])),
  }));
  return (
    <ReactEChartsCore
      echarts={echarts}
      notMerge
      style={{ height: Math.max(260, rows.length * (narrow ? 40 : 36) + 70), width: '100%' }}
      option={{
        aria: { enabled: true },
        animation: false,
        textStyle: { fontFamily: 'inherit' },
        legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 8 },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          valueFormatter: (v: unknown) => `${v}%`,
        },
        grid: { left: 4, right: 16, top: 32, bottom: 4, containLabel: true },
        xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        yAxis: {
          type: 'category',
          data: names,
          axisTick: { show: false },
          axisLabel: { width: narrow ? 96 : 180, overflow: 'truncate', color: '#333' },
        },
        series,
      }}
    />
  );
}
