import type { Fund } from '@doorstep/contract';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useTranslation } from 'react-i18next';

echarts.use([BarChart, GridComponent, TooltipComponent, MarkLineComponent, AriaComponent, CanvasRenderer]);

/** 能量银行: the leverage (social capital per yuan deposited) of each year, against the target line. */
export default function LeverageChart({ fund }: { fund: Fund }) {
  const { t } = useTranslation();
  const years = [...fund.years].filter((y) => y.leverage !== null).reverse();
  return (
    <ReactEChartsCore
      echarts={echarts}
      notMerge
      style={{ height: 200, width: '100%' }}
      option={{
        aria: { enabled: true },
        animation: false,
        textStyle: { fontFamily: 'inherit' },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => `1∶${v}` },
        grid: { left: 4, right: 56, top: 24, bottom: 4, containLabel: true },
        xAxis: { type: 'category', data: years.map((y) => String(y.year)), axisTick: { show: false } },
        yAxis: {
          type: 'value',
          min: 0,
          max: Math.max(fund.targetLeverage ?? 0, ...years.map((y) => y.leverage ?? 0)) + 1,
        },
        series: [
          {
            name: t('console.ledger.funds.leverage'),
            type: 'bar',
            barMaxWidth: 36,
            itemStyle: { color: '#c8102e', borderRadius: [3, 3, 0, 0] },
            label: { show: true, position: 'top', formatter: ({ value }: { value: number }) => `1∶${value}` },
            data: years.map((y) => y.leverage),
            markLine: fund.targetLeverage
              ? {
                  symbol: 'none',
                  lineStyle: { type: 'dashed', color: '#1f7a3e' },
                  label: {
                    formatter: `${t('console.ledger.funds.target')} 1∶${fund.targetLeverage}`,
                    color: '#1f7a3e',
                  },
                  data: [{ yAxis: fund.targetLeverage }],
                }
              : undefined,
          },
        ],
      }}
    />
  );
}
