import { QuestionCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Grid, Result, Row, Select, Skeleton, Spin, Tooltip } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { suggesterQuery } from './history.api';
import type { RootOption } from './useImportRoots';

// ECharts loads with the chart, not with the page.
const AccuracyChart = lazy(() => import('./AccuracyChart'));

const percent = (v: number | null) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

/** One figure beside what the keyword rules alone reach on the same held-out requests. */
function Figure({
  label,
  help,
  value,
  keywords,
  testId,
}: {
  label: string;
  help: string;
  value: number | null;
  keywords: number | null;
  testId: string;
}) {
  const { t } = useTranslation();
  const gain = value != null && keywords != null ? value - keywords : null;
  return (
    <div className="ds-acc-figure" data-testid={testId}>
      <div className="ds-acc-label">
        {label}{' '}
        <Tooltip title={help}>
          <QuestionCircleOutlined aria-label={help} className="ds-muted" />
        </Tooltip>
      </div>
      <div className="ds-acc-value">{percent(value)}</div>
      <div className="ds-acc-keywords">
        {t('console.history.accuracy.keywords')} {percent(keywords)}
        {gain != null && gain !== 0 && (
          <span className={gain > 0 ? 'ds-acc-gain' : 'ds-acc-loss'}>
            {' '}
            {gain > 0 ? '+' : ''}
            {(gain * 100).toFixed(1)}
          </span>
        )}
      </div>
    </div>
  );
}

/** 分类建议准确率: top-1, top-3 and macro-F1 on held-out history beside the keyword rules, and per category. */
export function AccuracyCard({ roots }: { roots: RootOption[] }) {
  const { t, i18n } = useTranslation();
  const a = (k: string, o?: Record<string, unknown>) => t(`console.history.accuracy.${k}`, o);
  const [areaId, setAreaId] = useState<number | undefined>();
  const scope = areaId ?? roots[0]?.value;
  const q = useQuery({ ...suggesterQuery(scope), enabled: scope != null });
  const narrow = !Grid.useBreakpoint().md;
  const data = q.data;
  const when = data
    ? new Date(data.evaluatedAt).toLocaleString(i18n.language, {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '';

  return (
    <Card
      className="ds-history-card ds-acc-card"
      data-testid="accuracy-card"
      title={<h2 className="ds-card-title">{a('title')}</h2>}
      extra={
        <Tooltip title={a('refresh')}>
          <Button
            type="text"
            icon={<ReloadOutlined />}
            aria-label={a('refresh')}
            loading={q.isFetching}
            onClick={() => q.refetch()}
          />
        </Tooltip>
      }
    >
      {roots.length > 1 && (
        <div className="ds-acc-scope">
          <label htmlFor="acc-scope">{a('scope')}</label>
          <Select<number> id="acc-scope" value={scope} onChange={setAreaId} options={roots} />
        </div>
      )}
      {q.isError ? (
        <Result
          status="warning"
          title={q.error instanceof ApiError ? q.error.userMessage : a('loadFailed')}
          extra={<Button onClick={() => q.refetch()}>{t('console.errors.retry')}</Button>}
        />
      ) : !data ? (
        <Skeleton active />
      ) : data.test === 0 ? (
        <Empty description={a('empty')} />
      ) : (
        <>
          <Row gutter={[12, 12]} className="ds-acc-figures">
            <Col xs={24} sm={8}>
              <Figure
                testId="acc-top1"
                label={a('top1')}
                help={a('top1Help')}
                value={data.top1}
                keywords={data.keywordsOnly.top1}
              />
            </Col>
            <Col xs={12} sm={8}>
              <Figure
                testId="acc-top3"
                label={a('top3')}
                help={a('top3Help')}
                value={data.top3}
                keywords={data.keywordsOnly.top3}
              />
            </Col>
            <Col xs={12} sm={8}>
              <Figure
                testId="acc-f1"
                label={a('macroF1')}
                help={a('macroF1Help')}
                value={data.macroF1}
                keywords={data.keywordsOnly.macroF1}
              />
            </Col>
          </Row>
          <p className="ds-acc-meta ds-muted" data-testid="acc-meta">
            {a('train', { count: data.train })} · {a('test', { count: data.test })} ·{' '}
            {a('evaluatedAt', { time: when })}
          </p>
          <Alert
            type="info"
            className="ds-acc-explain"
            title={a('explainTitle')}
            description={a('explain')}
          />
          <h3 className="ds-card-title ds-history-sub">{a('chartTitle')}</h3>
          <div data-testid="acc-chart">
            <Suspense fallback={<Spin className="ds-acc-chart-loading" />}>
              <AccuracyChart perCategory={data.perCategory} narrow={narrow} />
            </Suspense>
          </div>
        </>
      )}
    </Card>
  );
}
