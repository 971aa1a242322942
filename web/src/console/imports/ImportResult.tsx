import { DownloadOutlined } from '@ant-design/icons';
import type { ImportJob, ImportRowError } from '@doorstep/contract';
import { Alert, App, Button, Col, Row, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { COLUMN_ORDER } from './imports.api';

const countOf = (job: ImportJob, key: string) => {
  const v = job.summary[key];
  return typeof v === 'number' ? v : 0;
};

// A dry run writes nothing, so its counts read "would create / would update".
const DRY_RUN_LABELS: Record<string, string> = { created: 'wouldCreate', updated: 'wouldUpdate' };

/** A count to show from the job's summary, with its label (for a dry run and for a real run). */
export interface ImportCount {
  key: string;
  label: string;
  dryRunLabel?: string;
}

/**
 * What the import did (or would do): counts, whether anything was written, and every rejected row. Other
 * imports pass their own summary counts and the column order of their template.
 */
export function ImportResult({
  job,
  counts,
  columnOrder = COLUMN_ORDER,
  fieldLabel,
  isFieldColumn = (column, field) => column === field,
}: {
  job: ImportJob;
  counts?: ImportCount[];
  columnOrder?: string[];
  /** How a row error's field reads (e.g. idNumber → 身份证号); the raw field name by default. */
  fieldLabel?: (field: string) => string;
  /** Whether a column of the row holds the field in error (highlighted). */
  isFieldColumn?: (column: string, field: string | null) => boolean;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const lang = i18n.language.startsWith('en') ? 'en-US' : 'zh-CN';
  const r = (k: string, o?: Record<string, unknown>) => t(`console.imports.result.${k}`, o);
  const ok = job.okCount;
  const dryRun = job.mode === 'dry_run';
  const errors = job.errorCount;
  const shown: ImportCount[] =
    counts ??
    (['created', 'updated', 'unchanged'] as const).map((k) => ({
      key: k,
      label: r(k),
      dryRunLabel: r(DRY_RUN_LABELS[k] ?? k),
    }));
  const span = Math.max(4, Math.floor(24 / (shown.length + 1)));

  const [type, text] =
    job.status === 'failed'
      ? (['error', r('failed')] as const)
      : job.mode === 'dry_run'
        ? errors
          ? (['warning', r('dryRunErrors', { ok, errors })] as const)
          : (['success', r('dryRunOk', { count: ok })] as const)
        : job.committed
          ? errors
            ? (['warning', r('committedPartial', { ok, errors })] as const)
            : (['success', r('committed')] as const)
          : (['error', r('notCommitted', { errors })] as const);

  const downloadErrors = () =>
    downloadFile(`/api/imports/${job.id}/errors.xlsx`, `errors-${job.id}.xlsx`).catch((e) =>
      message.error(e instanceof ApiError ? e.userMessage : t('common.networkError')),
    );

  const orderedValues = (values: ImportRowError['values']) =>
    Object.entries(values).sort(([a], [b]) => {
      const ia = columnOrder.indexOf(a);
      const ib = columnOrder.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    });

  return (
    <div className="ds-import-result">
      <Alert type={type} showIcon title={text} role="status" />
      <Row gutter={12} className="ds-import-stats" style={{ marginInline: 0 }}>
        {shown.map((c) => (
          <Col xs={12} sm={span} key={c.key} data-testid={`import-count-${c.key}`}>
            <Statistic title={dryRun ? (c.dryRunLabel ?? c.label) : c.label} value={countOf(job, c.key)} />
          </Col>
        ))}
        <Col xs={12} sm={span}>
          <Statistic
            title={r('errors')}
            value={errors}
            styles={{ content: errors ? { color: '#c8102e' } : undefined }}
          />
        </Col>
      </Row>
      <div className="ds-import-errors-head">
        <h3 className="ds-card-title">
          {r('errorsTitle')} <span className="ds-muted">· {r('total', { total: job.total })}</span>
        </h3>
        {errors > 0 && (
          <Button icon={<DownloadOutlined />} onClick={downloadErrors} size="small">
            {t('console.imports.dialog.downloadErrors')}
          </Button>
        )}
      </div>
      <Table<ImportRowError>
        size="small"
        rowKey={(e) => `${e.row}-${e.code}-${e.field}`}
        dataSource={job.errors}
        pagination={job.errors.length > 8 ? { pageSize: 8, size: 'small' } : false}
        locale={{ emptyText: r('noErrors') }}
        scroll={{ x: 640 }}
        columns={[
          { key: 'row', title: r('row'), dataIndex: 'row', width: 64 },
          {
            key: 'field',
            title: r('field'),
            dataIndex: 'field',
            width: 96,
            render: (f) => (f ? (fieldLabel?.(f) ?? f) : '—'),
          },
          { key: 'message', title: r('message'), render: (_, e) => e.message[lang] },
          {
            key: 'values',
            title: r('values'),
            render: (_, e) => (
              <span className="ds-row-values">
                {orderedValues(e.values).map(([k, v]) => (
                  <span
                    key={k}
                    className={isFieldColumn(k, e.field) ? 'ds-row-value ds-row-value-bad' : 'ds-row-value'}
                  >
                    <span className="ds-muted">{k}</span> {String(v ?? '') || '∅'}
                  </span>
                ))}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}
