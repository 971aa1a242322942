import type { Hotspots, Portrait } from '@doorstep/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, InputNumber, List, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type ApiError, api } from '../../app/api';
import { Definition, fmtDate, pct } from './common';
import { HeatMap } from './DashboardTab';
import type { Period } from './InsightsPage';

/** 数据画像: per population group and per channel. */
export function PortraitTab({ areaId, period }: { areaId: number; period: Period }) {
  const { t } = useTranslation();
  const l = (k: string) => t(`console.insights.${k}`);
  const ch = (c: string | null) => (c ? t(`console.requests.channels.${c}`, c) : '—');
  const q = `areaId=${areaId}&from=${period[0].format('YYYY-MM-DD')}&to=${period[1].format('YYYY-MM-DD')}`;
  const p = useQuery({
    queryKey: ['insights', 'portrait', q],
    queryFn: () => api<Portrait>(`/api/insights/portrait?${q}`),
  });
  if (p.isPending) return <Spin />;
  if (!p.data) return <Empty />;
  const d = p.data;
  return (
    <div data-testid="portrait">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {d.area.name}
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
          {l('people')} {d.people}
        </Typography.Text>
      </Typography.Title>
      <Table
        size="small"
        rowKey="group"
        pagination={false}
        scroll={{ x: 640 }}
        dataSource={d.groups}
        columns={[
          { title: l('group'), dataIndex: 'group' },
          {
            title: (
              <Space size={4}>
                {l('share')}
                <Definition defs={d.definitions} k="portraitShare" />
              </Space>
            ),
            dataIndex: 'share',
            align: 'right',
            render: pct,
          },
          { title: l('mainChannel'), dataIndex: 'mainChannel', render: ch },
          { title: l('groupRequests'), dataIndex: 'requests', align: 'right' },
          {
            title: (
              <Space size={4}>
                {l('resolutionRate')}
                <Definition defs={d.definitions} k="resolutionRate" />
              </Space>
            ),
            dataIndex: 'resolutionRate',
            align: 'right',
            render: (v: number | null, r) => (v === null ? '—' : `${pct(v)}（${r.rated}）`),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {l('channelTable')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="channel"
        pagination={false}
        dataSource={d.channels}
        columns={[
          { title: l('mainChannel'), dataIndex: 'channel', render: ch },
          { title: l('groupRequests'), dataIndex: 'requests', align: 'right' },
          { title: l('resolutionRate'), dataIndex: 'resolutionRate', align: 'right', render: pct },
          {
            title: l('temperatureGap'),
            dataIndex: 'temperatureGap',
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : `${v}℃`),
          },
        ]}
      />
    </div>
  );
}

/** 热点: recurring clusters with their evidence, and the proposed topic of the month. */
export function HotspotsTab({ areaId }: { areaId: number }) {
  const { t } = useTranslation();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.insights.${k}`, o);
  const [days, setDays] = useState(30);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  type Spot = Hotspots['items'][number];
  // 未诉先办: a patrol request for the cluster, handled in the requests workbench like any other
  const task = useMutation({
    mutationFn: (h: Spot) =>
      api<{ id: number }>('/api/requests/intake', {
        method: 'POST',
        headers: { 'idempotency-key': h.taskKey },
        json: {
          channel: 'patrol',
          nature: 'report',
          categoryCode: h.categoryCode,
          description: l('taskText', {
            place: h.place,
            category: h.categoryName,
            days,
            n: h.requests,
            nos: h.evidence.map((e) => e.publicNo).join('、'),
          }).slice(0, 2000),
          ...(h.lng !== null && h.lat !== null ? { lng: h.lng, lat: h.lat } : {}),
          ...(h.place.startsWith('≈') ? {} : { address: h.place.slice(0, 200) }),
          sourceRef: h.taskKey,
        },
      }),
    onSuccess: (r) => {
      message.success(l('taskMade'));
      qc.invalidateQueries({ queryKey: ['insights', 'hotspots'] });
      navigate(`/requests/${r.id}`);
    },
    onError: (e: ApiError) => message.error(e.message),
  });
  const h = useQuery({
    queryKey: ['insights', 'hotspots', areaId, days],
    queryFn: () => api<Hotspots>(`/api/insights/hotspots?areaId=${areaId}&days=${days}`),
  });
  return (
    <div data-testid="hotspots">
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{l('days')}</span>
        <InputNumber min={7} max={366} value={days} onChange={(v) => v && setDays(v)} />
      </Space>
      <Typography.Paragraph type="secondary">{l('hotspotHint', { days, min: 3 })}</Typography.Paragraph>
      {h.isPending && <Spin />}
      {h.data?.topic && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={l('topic', {
            name: h.data.topic.categoryName,
            clusters: h.data.topic.clusters,
            n: h.data.topic.requests,
          })}
        />
      )}
      {h.data && h.data.items.length === 0 && <Empty description={l('noHotspots')} />}
      {h.data && h.data.items.length > 0 && (
        <div style={{ marginBottom: 12 }}>
          <HeatMap
            cells={h.data.items.flatMap((x) =>
              x.lng !== null && x.lat !== null ? [{ lng: x.lng, lat: x.lat, requests: x.requests }] : [],
            )}
          />
        </div>
      )}
      {h.data && h.data.items.length > 0 && (
        <Table
          size="small"
          rowKey={(r) => `${r.place}|${r.gridId}|${r.categoryCode}`}
          pagination={false}
          scroll={{ x: 640 }}
          dataSource={h.data.items}
          expandable={{
            expandedRowRender: (r) => (
              <List
                size="small"
                dataSource={r.evidence}
                renderItem={(e) => (
                  <List.Item>
                    <Space wrap>
                      <a href={`/requests/${e.id}`}>{e.publicNo}</a>
                      <span>{fmtDate(e.createdAt)}</span>
                      <Tag>{t(`console.requests.status.${e.status}`, e.status)}</Tag>
                      <span>{e.description}</span>
                    </Space>
                  </List.Item>
                )}
              />
            ),
          }}
          columns={[
            { title: l('place'), dataIndex: 'place' },
            { title: l('grid'), dataIndex: 'gridName', render: (v: string | null) => v ?? '—' },
            { title: l('category'), dataIndex: 'categoryName' },
            { title: l('count'), dataIndex: 'requests', align: 'right' },
            {
              title: l('firstLast'),
              render: (_v, r) => `${fmtDate(r.first)} / ${fmtDate(r.last)}`,
            },
            {
              title: l('task'),
              render: (_v, r) =>
                r.taskRequestId ? (
                  <Link to={`/requests/${r.taskRequestId}`} style={{ textDecoration: 'underline' }}>
                    {l('taskOpen')}
                  </Link>
                ) : (
                  <Button
                    size="small"
                    onClick={() => task.mutate(r)}
                    loading={task.isPending}
                    data-testid="hotspot-task"
                  >
                    {l('taskMake')}
                  </Button>
                ),
            },
          ]}
        />
      )}
    </div>
  );
}
