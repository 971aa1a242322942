import { ExportOutlined, UndoOutlined } from '@ant-design/icons';
import type { AreaNode, DataUse, FigureWeight, FigureWeightList } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  InputNumber,
  Popconfirm,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { EChartsOption } from 'echarts';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../app/api';
import { Definition, fmtDate, pct } from './common';
import type { Period } from './InsightsPage';
import './i18n-open';

const FIGURE_LABEL: Record<string, string> = {
  requests: 'requests',
  responseRate: 'responseRate',
  resolutionRate: 'resolutionRate',
  satisfactionRate: 'satisfactionRate',
  onTimeRate: 'onTimeRate',
  temperatureGap: 'temperatureGap',
};

const useWeights = (communityId: number | undefined) =>
  useQuery({
    queryKey: ['insights', 'figure-weights', communityId],
    queryFn: () => api<FigureWeightList>(`/api/insights/figure-weights?communityId=${communityId}`),
    enabled: communityId !== undefined,
    retry: false,
  });

/** 数据权重: each figure's reverse-survey counts, weight and history; leads restore a down-weighted one. */
export function FiguresTab({
  community,
  streetAdmin,
}: {
  community: AreaNode | undefined;
  streetAdmin?: boolean;
}) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.insights.open.${k}`, o);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const w = useWeights(community?.id);
  const restore = useMutation({
    mutationFn: (f: FigureWeight) =>
      api<FigureWeightList>('/api/insights/figure-weights/restore', {
        method: 'POST',
        json: { communityId: community?.id, figure: f.figure, version: f.version },
      }),
    onSuccess: (data) => {
      message.success(l('restored'));
      qc.setQueryData(['insights', 'figure-weights', community?.id], data);
    },
    onError: (e) => message.error((e as ApiError).userMessage),
  });
  if (!community) return <Empty description={l('chooseCommunity')} />;
  if (w.isPending) return <Spin />;
  if (w.isError || !w.data) return <Empty description={(w.error as ApiError)?.userMessage} />;
  const d = w.data;
  return (
    <div data-testid="figure-weights">
      <Space style={{ justifyContent: 'space-between', width: '100%', flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {community.name}
        </Typography.Title>
        {community.code && (
          <Button icon={<ExportOutlined />} href={`/h5/open/${community.code}`} target="_blank">
            {l('publicPage')}
          </Button>
        )}
      </Space>
      <Alert
        style={{ margin: '12px 0' }}
        type="info"
        showIcon
        message={l('rule', { n: d.minRespondents, p: pct(d.askProbability) })}
      />
      {streetAdmin && d.streetId !== null && <SettingsForm list={d} />}
      <Table
        size="small"
        rowKey="figure"
        pagination={false}
        scroll={{ x: 760 }}
        dataSource={d.items}
        expandable={{
          expandedRowRender: (f) =>
            f.history.length === 0 ? (
              <Typography.Text type="secondary">{l('noHistory')}</Typography.Text>
            ) : (
              <Timeline
                style={{ marginTop: 8 }}
                items={f.history.map((h) => ({
                  color: h.reason === 'auto' ? 'orange' : 'green',
                  children: (
                    <span>
                      {fmtDate(h.at)} · {h.reason === 'auto' ? l('auto') : l('restoreEvent')} · {h.weightFrom}{' '}
                      → {h.weightTo} · {l('relevant')} {h.relevant} / {l('irrelevant')} {h.irrelevant} ·{' '}
                      {l('by')} {h.actorName ?? l('system')}
                    </span>
                  ),
                }))}
              />
            ),
        }}
        columns={[
          {
            title: l('figure'),
            dataIndex: 'figure',
            render: (k: string) => t(`console.insights.${FIGURE_LABEL[k] ?? k}`),
          },
          { title: l('relevant'), dataIndex: 'relevant', align: 'right' },
          { title: l('irrelevant'), dataIndex: 'irrelevant', align: 'right' },
          { title: l('skipped'), dataIndex: 'skipped', align: 'right' },
          {
            title: l('share'),
            align: 'right',
            render: (_v, f) =>
              f.relevant + f.irrelevant ? pct(f.irrelevant / (f.relevant + f.irrelevant)) : '—',
          },
          { title: l('weight'), dataIndex: 'weight', align: 'right' },
          {
            title: l('state'),
            render: (_v, f) => (
              <Space direction="vertical" size={0}>
                {f.folded ? <Tag color="orange">{l('folded')}</Tag> : <Tag color="green">{l('normal')}</Tag>}
                {f.countedSince && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {l('since', { at: fmtDate(f.countedSince) })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: '',
            render: (_v, f) =>
              f.folded ? (
                <Popconfirm title={l('restoreConfirm')} onConfirm={() => restore.mutate(f)}>
                  <Button
                    size="small"
                    icon={<UndoOutlined />}
                    loading={restore.isPending && restore.variables?.figure === f.figure}
                    data-testid={`restore-${f.figure}`}
                  >
                    {l('restore')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </div>
  );
}

/** The street's rule and asking probability (street admins). */
function SettingsForm({ list }: { list: FigureWeightList }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.insights.open.${k}`, o);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [n, setN] = useState<number | null>(list.minRespondents);
  const [p, setP] = useState<number | null>(Math.round(list.askProbability * 100));
  const save = useMutation({
    mutationFn: () =>
      api('/api/insights/survey/settings', {
        method: 'PUT',
        json: { streetId: list.streetId, minRespondents: n, askProbability: (p ?? 0) / 100 },
      }),
    onSuccess: () => {
      message.success(l('saved'));
      void qc.invalidateQueries({ queryKey: ['insights', 'figure-weights'] });
    },
    onError: (e) => message.error((e as ApiError).userMessage),
  });
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="survey-settings">
      <Typography.Text strong>{l('settings')}</Typography.Text>
      <span>{l('minRespondents')}</span>
      <InputNumber min={1} max={100000} value={n} onChange={setN} aria-label={l('minRespondents')} />
      <span>{l('askProbability')}</span>
      <InputNumber
        min={0}
        max={100}
        value={p}
        onChange={setP}
        addonAfter="%"
        aria-label={l('askProbability')}
        style={{ width: 120 }}
      />
      <Button
        type="primary"
        loading={save.isPending}
        disabled={!n || p === null}
        onClick={() => save.mutate()}
      >
        {l('save')}
      </Button>
    </Space>
  );
}

/**
 * On the staff dashboard: down-weighted figures move last and fold (dimmed), with a notice naming them. Styles the
 * dashboard's own figure cards by their test ids, so the dashboard itself stays as it is.
 */
export function DashboardWeights({ areaId, isCommunity }: { areaId: number; isCommunity: boolean }) {
  const { t } = useTranslation();
  const w = useWeights(isCommunity ? areaId : undefined);
  const folded = (w.data?.items ?? []).filter((f) => f.folded);
  if (!isCommunity || folded.length === 0) return null;
  const tag = t('console.insights.open.downWeighted');
  const css = folded
    .map(
      (f) =>
        `[data-testid="dashboard"] [data-testid="figure-${f.figure}"]{order:99;border-style:dashed;background:#f5f6f8}` +
        `[data-testid="dashboard"] [data-testid="figure-${f.figure}"] .label::after{content:"${tag}";display:block;font-size:12px;color:#8a4b00}`,
    )
    .join('');
  return (
    <>
      <style>{`[data-testid="dashboard"] .ds-insights-figures{display:grid}${css}`}</style>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="weights-notice"
        message={t('console.insights.open.notice', {
          names: folded.map((f) => t(`console.insights.${FIGURE_LABEL[f.figure]}`)).join('、'),
        })}
      />
    </>
  );
}

/** 数据使用率 with its weekly trend, next to its versioned definition. */
export function DataUseCard({ areaId, period }: { areaId: number; period: Period }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.insights.open.${k}`, o);
  const from = period[0].format('YYYY-MM-DD');
  const to = period[1].format('YYYY-MM-DD');
  const d = useQuery({
    queryKey: ['insights', 'data-use', areaId, from, to],
    queryFn: () => api<DataUse>(`/api/insights/data-use?areaId=${areaId}&from=${from}&to=${to}`),
  });
  if (!d.data) return null;
  const x = d.data;
  const option: EChartsOption = {
    color: ['#0e7c66', '#c9d3df'],
    tooltip: { trigger: 'axis' },
    legend: { data: [l('used'), l('records')], bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
    xAxis: { type: 'category', data: x.trend.map((b) => b.bucket.slice(5)) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    ],
    series: [
      { name: l('used'), type: 'bar', stack: 'n', data: x.trend.map((b) => b.used) },
      {
        name: l('records'),
        type: 'bar',
        stack: 'n',
        data: x.trend.map((b) => b.records - b.used),
      },
      {
        name: l('dataUse'),
        type: 'line',
        yAxisIndex: 1,
        showSymbol: false,
        data: x.trend.map((b) => b.value),
        color: '#b26a00',
      },
    ],
  };
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="data-use"
      title={
        <Space size={6}>
          {l('dataUse')}
          <Definition defs={x.definitions} k="dataUse" />
        </Space>
      }
    >
      <Space wrap align="baseline" size={16}>
        <Typography.Text strong style={{ fontSize: 28 }} data-testid="data-use-value">
          {pct(x.share.value)}
        </Typography.Text>
        <Typography.Text type="secondary">
          {l('dataUseSub', { n: x.share.numerator, d: x.share.denominator })}
        </Typography.Text>
        <Typography.Text type="secondary">
          {l('byUse', { a: x.byUse.briefLoop, b: x.byUse.resolution, c: x.byUse.decision })}
        </Typography.Text>
      </Space>
      <ReactECharts option={option} style={{ height: 220 }} notMerge />
    </Card>
  );
}
