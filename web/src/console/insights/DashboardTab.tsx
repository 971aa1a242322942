import 'leaflet/dist/leaflet.css';
import { DownloadOutlined, FileExcelOutlined, PictureOutlined } from '@ant-design/icons';
import type { Dashboard, FigureDefinition } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Space, Spin, Table, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import ReactECharts from 'echarts-for-react';
import gcoord from 'gcoord';
import L from 'leaflet';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { createBaseMap } from '../areas/baseMap';
import { MAP_CRS } from '../areas/mapConfig';
import { Definition, pct } from './common';
import type { Period } from './InsightsPage';
import { DashboardWeights, DataUseCard } from './OpenTabs';
import { storyCard } from './storyCard';

const COLORS = [
  '#1d4e89',
  '#0e7c66',
  '#b26a00',
  '#8a4baf',
  '#a23b4f',
  '#2f7f9e',
  '#5b6c1f',
  '#6b4f3a',
  '#c8102e',
];

/** A chart with its definition, and downloads: the picture (PNG) and its data (Excel, from the server). */
function ChartCard(props: {
  title: string;
  chart: string;
  query: string;
  defs: FigureDefinition[];
  defKey?: string;
  option?: EChartsOption;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ref = useRef<ReactECharts>(null);
  const png = () => {
    const inst = ref.current?.getEchartsInstance();
    if (!inst) return;
    const a = document.createElement('a');
    a.href = inst.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    a.download = `${props.title}.png`;
    document.body.append(a);
    a.click();
    a.remove();
  };
  return (
    <Card
      size="small"
      title={
        <Space size={6}>
          {props.title}
          {props.defKey && <Definition defs={props.defs} k={props.defKey} />}
        </Space>
      }
      extra={
        <Space size={0}>
          {props.option && (
            <Button
              type="text"
              size="small"
              icon={<DownloadOutlined />}
              onClick={png}
              aria-label={t('console.insights.png')}
            >
              <span className="ds-hide-narrow">PNG</span>
            </Button>
          )}
          <Button
            type="text"
            size="small"
            icon={<FileExcelOutlined />}
            data-testid={`export-${props.chart}`}
            aria-label={t('console.insights.excel')}
            onClick={() =>
              downloadFile(
                `/api/insights/dashboard/export?${props.query}&chart=${props.chart}`,
                `${props.chart}.xlsx`,
              ).catch((e: ApiError) => message.error(e.message))
            }
          >
            Excel
          </Button>
        </Space>
      }
    >
      {props.option ? (
        <ReactECharts ref={ref} option={props.option} className="ds-insights-chart" notMerge />
      ) : (
        props.children
      )}
    </Card>
  );
}

function Figure(p: {
  label: string;
  value: string;
  sub?: string;
  k: string;
  defs: FigureDefinition[];
  cold?: boolean;
}) {
  return (
    <div className="ds-insights-figure" data-testid={`figure-${p.k}`}>
      <div className="label">
        {p.label} <Definition defs={p.defs} k={p.k} />
      </div>
      <div className={`value${p.cold ? ' cold' : ''}`}>{p.value}</div>
      {p.sub && <div className="sub">{p.sub}</div>}
    </div>
  );
}

/** Requests on the map: one circle per ~100 m cell, its size by count. */
export function HeatMap({ cells }: { cells: Dashboard['heat'] }) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map>(null);
  const layer = useRef<L.LayerGroup>(null);
  useEffect(() => {
    const m = createBaseMap(el.current!);
    map.current = m;
    const observer = new ResizeObserver(() => m.invalidateSize());
    observer.observe(el.current!);
    return () => {
      observer.disconnect();
      m.remove();
    };
  }, []);
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    layer.current?.remove();
    const g = L.layerGroup().addTo(m);
    layer.current = g;
    const max = Math.max(1, ...cells.map((c) => c.requests));
    const points: L.LatLng[] = [];
    for (const c of cells) {
      const [lng, lat] =
        MAP_CRS === 'gcj02'
          ? (gcoord.transform([c.lng, c.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number])
          : [c.lng, c.lat];
      const at = L.latLng(lat, lng);
      points.push(at);
      const share = c.requests / max;
      L.circleMarker(at, {
        radius: 6 + 18 * Math.sqrt(share),
        color: share > 0.5 ? '#c8102e' : '#b26a00',
        weight: 1,
        fillOpacity: 0.25 + 0.45 * share,
      })
        .bindTooltip(String(c.requests))
        .addTo(g);
    }
    if (points.length) m.fitBounds(L.latLngBounds(points).pad(0.3), { maxZoom: 17 });
  }, [cells]);
  return <div ref={el} className="ds-insights-map" data-testid="heat-map" />;
}

/** 数据看板 for an area and period. */
export function DashboardTab({
  areaId,
  period,
  onDrill,
}: {
  areaId: number;
  period: Period;
  onDrill: (id: number, name: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.insights.${k}`, o);
  const lang = i18n.language?.startsWith('en') ? 'en-US' : 'zh-CN';
  const days = period[1].diff(period[0], 'day');
  const bucket = days > 62 ? 'week' : 'day';
  const narrow = typeof window !== 'undefined' && window.matchMedia('(max-width: 600px)').matches;
  const query = `areaId=${areaId}&from=${period[0].format('YYYY-MM-DD')}&to=${period[1].format('YYYY-MM-DD')}`;
  const d = useQuery({
    queryKey: ['insights', 'dashboard', query, bucket],
    queryFn: () => api<Dashboard>(`/api/insights/dashboard?${query}&bucket=${bucket}`),
  });
  if (d.isPending) return <Spin />;
  if (d.isError || !d.data) return <Empty description={(d.error as ApiError)?.message} />;
  const x = d.data;
  const m = x.measures;
  const defs = x.definitions;
  const pie = (rows: Dashboard['byStatus']): EChartsOption => ({
    color: COLORS,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        data: rows.map((r) => ({ name: r[lang], value: r.requests })),
        // on a phone the legend names the slices; labels around a small pie overlap
        label: { show: !narrow, formatter: '{b}\n{c}' },
      },
    ],
  });
  const bars = (rows: Dashboard['byStatus']): EChartsOption => ({
    color: COLORS,
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.slice(0, 12).map((r) => r[lang]) },
    series: [
      {
        type: 'bar',
        data: rows.slice(0, 12).map((r) => r.requests),
        label: { show: true, position: 'right' },
      },
    ],
  });
  const trend: EChartsOption = {
    color: ['#1d4e89', '#0e7c66'],
    tooltip: { trigger: 'axis' },
    legend: { data: [l('created'), l('closed')], bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
    xAxis: { type: 'category', data: x.trend.map((b) => b.bucket.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: l('created'),
        type: 'line',
        showSymbol: false,
        areaStyle: { opacity: 0.12 },
        data: x.trend.map((b) => b.created),
      },
      { name: l('closed'), type: 'line', showSymbol: false, data: x.trend.map((b) => b.closed) },
    ],
  };
  const cards = { query: `${query}&bucket=${bucket}`, defs };
  return (
    <div data-testid="dashboard">
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          flexWrap: 'wrap',
          gap: 8,
        }}
      >
        <Typography.Title level={4} style={{ margin: 0 }}>
          {x.area.name}
        </Typography.Title>
        <Button
          icon={<PictureOutlined />}
          data-testid="story-card"
          onClick={() => {
            const a = document.createElement('a');
            a.href = storyCard(x, lang);
            a.download = `${x.area.name}-${x.from}-${x.to}.png`;
            document.body.append(a);
            a.click();
            a.remove();
          }}
        >
          {l('story')}
        </Button>
      </div>
      <div style={{ height: 12 }} />
      <DashboardWeights areaId={areaId} isCommunity={x.area.kind === 'community'} />
      <div className="ds-insights-figures">
        <Figure k="requests" defs={defs} label={l('requests')} value={String(m.requests)} />
        <Figure
          k="responseRate"
          defs={defs}
          label={l('responseRate')}
          value={pct(m.responseRate.value)}
          sub={l('dueN', { n: m.responseRate.denominator })}
        />
        <Figure
          k="resolutionRate"
          defs={defs}
          label={l('resolutionRate')}
          value={pct(m.resolutionRate.value)}
          sub={l('ratedN', { n: m.resolutionRate.denominator })}
        />
        <Figure
          k="satisfactionRate"
          defs={defs}
          label={l('satisfactionRate')}
          value={pct(m.satisfactionRate.value)}
          sub={l('ratedN', { n: m.satisfactionRate.denominator })}
        />
        <Figure
          k="onTimeRate"
          defs={defs}
          label={l('onTimeRate')}
          value={pct(m.onTimeRate.value)}
          sub={l('dueN', { n: m.onTimeRate.denominator })}
        />
        <Figure k="composite" defs={defs} label={l('composite')} value={pct(m.composite)} />
        <Figure
          k="temperatureGap"
          defs={defs}
          cold
          label={l('temperatureGap')}
          value={m.temperatureGap.mean === null ? '—' : `${m.temperatureGap.mean}℃`}
          sub={l('ratedN', { n: m.temperatureGap.requests })}
        />
      </div>
      <DataUseCard areaId={areaId} period={period} />
      {m.requests === 0 ? (
        <Empty description={l('noData')} />
      ) : (
        <div className="ds-insights-grid">
          <ChartCard
            {...cards}
            title={`${l('trend')}（${l(`bucket.${bucket}`)}）`}
            chart="trend"
            defKey="trend"
            option={trend}
          />
          <ChartCard {...cards} title={l('byStatus')} chart="status" option={pie(x.byStatus)} />
          <ChartCard {...cards} title={l('byChannel')} chart="channel" option={bars(x.byChannel)} />
          <ChartCard {...cards} title={l('byCategory')} chart="category" option={bars(x.byCategory)} />
          <ChartCard {...cards} title={l('byNature')} chart="nature" option={pie(x.byNature)} />
          <ChartCard {...cards} title={l('heat')} chart="heat" defKey="heat">
            <HeatMap cells={x.heat} />
          </ChartCard>
          <div style={{ gridColumn: '1 / -1' }}>
            <ChartCard {...cards} title={l('ranking')} chart="ranking" defKey="composite">
              {x.ranking.length === 0 ? (
                <Empty description={l('rankingEmpty')} />
              ) : (
                <Table
                  size="small"
                  rowKey="areaId"
                  pagination={false}
                  scroll={{ x: 720 }}
                  dataSource={x.ranking}
                  caption={<Typography.Text type="secondary">{l('drill')}</Typography.Text>}
                  columns={[
                    { title: '#', width: 40, render: (_v, _r, i) => i + 1 },
                    {
                      title: l('area'),
                      dataIndex: 'name',
                      render: (name: string, r) => (
                        <Button
                          type="link"
                          size="small"
                          onClick={() => onDrill(r.areaId, name)}
                          style={{ padding: 0 }}
                        >
                          {name}
                        </Button>
                      ),
                    },
                    { title: l('requests'), dataIndex: 'requests', align: 'right' },
                    { title: l('responseRate'), dataIndex: 'responseRate', align: 'right', render: pct },
                    { title: l('resolutionRate'), dataIndex: 'resolutionRate', align: 'right', render: pct },
                    {
                      title: l('satisfactionRate'),
                      dataIndex: 'satisfactionRate',
                      align: 'right',
                      render: pct,
                    },
                    { title: l('onTimeRate'), dataIndex: 'onTimeRate', align: 'right', render: pct },
                    { title: l('composite'), dataIndex: 'composite', align: 'right', render: pct },
                    {
                      title: l('temperatureGap'),
                      dataIndex: 'temperatureGap',
                      align: 'right',
                      render: (v: number | null) => (v === null ? '—' : `${v}℃`),
                    },
                  ]}
                />
              )}
            </ChartCard>
          </div>
        </div>
      )}
    </div>
  );
}
