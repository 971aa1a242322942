import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { Figures } from './records.api';

// Only the pieces this chart uses; this module itself loads on demand (not with the roster).
echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

const COLORS = ['#c8102e', '#f6bd16', '#5b8ff9', '#1f7a3e', '#9661bc', '#f08a24', '#269a99', '#6d7b8d'];

/** People per tag in each community or grid: grouped horizontal bars, one colour per tag. */
export default function FiguresChart({ data, narrow }: { data: Figures; narrow: boolean }) {
  // echarts draws the first category at the bottom: reverse so the first area sits on top
  const rows = [...data.rows].reverse();
  const tags = data.tags.filter((t) => data.rows.some((r) => r.byTag[String(t.id)]));
  return (
    <ReactEChartsCore
      echarts={echarts}
      notMerge
      style={{
        height: Math.max(280, rows.length * Math.max(60, tags.length * (narrow ? 12 : 10)) + 90),
        width: '100%',
      }}
      option={{
        aria: { enabled: true },
        animation: false,
        textStyle: { fontFamily: 'inherit' },
        color: COLORS,
        legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 8, type: narrow ? 'scroll' : 'plain' },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 4, right: 24, top: narrow ? 36 : 56, bottom: 4, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: {
          type: 'category',
          data: rows.map((r) => r.name),
          axisTick: { show: false },
          axisLabel: { width: narrow ? 80 : 160, overflow: 'truncate', color: '#333' },
        },
        series: tags.map((t) => ({
          name: t.name,
          type: 'bar' as const,
          barMaxWidth: 12,
          itemStyle: { borderRadius: [0, 2, 2, 0] },
          data: rows.map((r) => r.byTag[String(t.id)] ?? 0),
        })),
      }}
    />
  );
}
