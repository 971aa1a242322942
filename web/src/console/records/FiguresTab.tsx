import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Grid, Select, Space, Spin, Table, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useImportRoots } from '../history/useImportRoots';
import { type FigureRow, figuresQuery } from './records.api';

// ECharts loads with the chart, not with the roster.
const FiguresChart = lazy(() => import('./FiguresChart'));

const share = (n: number, of: number) => (of ? `${((n / of) * 100).toFixed(1)}%` : '—');

/**
 * 人群统计: for a street or community, its communities (or grids) with the people on the roster and how many carry
 * each group tag — the data portrait's denominators. A community row opens its grids.
 */
export function FiguresTab() {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.records.fig.${k}`, o);
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const roots = useImportRoots();
  const [trail, setTrail] = useState<{ id: number; name: string }[]>([]);
  const [rootId, setRootId] = useState<number | undefined>();
  const areaId = trail[trail.length - 1]?.id ?? rootId;
  const figures = useQuery(figuresQuery(areaId));
  // 第1网格, 第2网格 … 第10网格 in reading order (the server orders by tree path)
  const data = figures.data && {
    ...figures.data,
    rows: [...figures.data.rows].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true })),
  };
  const tags = data ? data.tags.filter((x) => data.total.byTag[String(x.id)]) : [];

  const cell = (row: FigureRow, tagId: number) => {
    const n = row.byTag[String(tagId)] ?? 0;
    if (!n) return <span className="ds-muted">—</span>;
    return (
      <span className="ds-figure-cell">
        <b>{n}</b>
        <span className="ds-muted"> {share(n, row.people)}</span>
      </span>
    );
  };

  return (
    <div className="ds-records-figures">
      <Space wrap style={{ marginBottom: 12 }}>
        {roots.options.length > 1 && (
          <Select<number>
            value={rootId ?? roots.options[0]?.value}
            onChange={(v) => {
              setRootId(v);
              setTrail([]);
            }}
            options={roots.options}
            style={{ width: 240 }}
            aria-label={r('area')}
          />
        )}
        {trail.length > 0 && (
          <Button icon={<ArrowLeftOutlined />} onClick={() => setTrail((x) => x.slice(0, -1))}>
            {r('up')}
          </Button>
        )}
        {data && (
          <Typography.Text strong data-testid="figures-root">
            {data.total.name} · {r('peopleN', { n: data.total.people })}
          </Typography.Text>
        )}
      </Space>
      <ErrorAlert error={figures.error as ApiError | null} />
      <Table<FigureRow>
        rowKey="areaId"
        size="middle"
        loading={figures.isLoading}
        dataSource={data?.rows}
        pagination={false}
        scroll={{ x: 200 + tags.length * 110 }}
        locale={{ emptyText: <Empty description={r('none')} /> }}
        data-testid="figures-table"
        columns={[
          {
            title: r('area'),
            dataIndex: 'name',
            fixed: 'left',
            width: narrow ? 96 : 130,
            render: (name: string, row) =>
              row.kind === 'community' ? (
                <Button
                  type="link"
                  className="ds-inline-link"
                  onClick={() => setTrail((x) => [...x, { id: row.areaId, name }])}
                >
                  {name}
                </Button>
              ) : (
                name
              ),
          },
          { title: r('people'), dataIndex: 'people', width: 70, align: 'right' },
          ...tags.map((x) => ({
            title: x.name,
            key: String(x.id),
            width: 110,
            align: 'right' as const,
            render: (_: unknown, row: FigureRow) => cell(row, x.id),
          })),
        ]}
        summary={() =>
          data && data.rows.length > 1 ? (
            <Table.Summary fixed>
              <Table.Summary.Row className="ds-figure-total">
                <Table.Summary.Cell index={0}>{r('total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {data.total.people}
                </Table.Summary.Cell>
                {tags.map((x, i) => (
                  <Table.Summary.Cell key={x.id} index={i + 2} align="right">
                    {cell(data.total, x.id)}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      <p className="ds-muted ds-records-note">
        {r('note')}
        {data?.rows.some((x) => x.kind === 'community') ? ` ${r('drill')}` : ''}
      </p>
      {data && data.rows.length > 0 && tags.length > 0 && (
        <>
          <h3 className="ds-card-title">{r('chart')}</h3>
          <div data-testid="figures-chart">
            <Suspense fallback={<Spin />}>
              <FiguresChart data={data} narrow={narrow} />
            </Suspense>
          </div>
        </>
      )}
    </div>
  );
}
