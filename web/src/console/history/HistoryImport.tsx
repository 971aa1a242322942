import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import type { HistoryField, HistoryMapping, HistoryPreview, ImportMode } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Select, Steps, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ImportDragger, ImportModeField } from '../imports/ImportFields';
import { ImportProgress } from '../imports/ImportProgress';
import { type ImportCount, ImportResult } from '../imports/ImportResult';
import { importJobQuery } from '../imports/imports.api';
import { refreshRequests } from '../requests/requests.api';
import { HISTORY_FIELDS, previewHistory, REQUIRED_FIELDS, startHistoryImport } from './history.api';
import type { RootOption } from './useImportRoots';

const SUMMARY_KEYS = ['created', 'skipped', 'categorySuggested', 'placedAtRoot', 'natureDefaulted'] as const;
type Step = 0 | 1 | 2;

/**
 * 历史诉求导入 in three steps: choose a file → check what the server read and the column for each field →
 * dry run, then commit. The File, the mapping and the place stay in state, so a real run after a dry run
 * (or a retry after an error) needs no re-pick.
 */
export function HistoryImport({ roots }: { roots: RootOption[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const h = (k: string, o?: Record<string, unknown>) => t(`console.history.${k}`, o);
  const d = (k: string, o?: Record<string, unknown>) => t(`console.imports.dialog.${k}`, o);
  const [step, setStep] = useState<Step>(0);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<HistoryPreview | null>(null);
  const [mapping, setMapping] = useState<HistoryMapping>({});
  const [rootId, setRootId] = useState<number | undefined>();
  const [mode, setMode] = useState<ImportMode>('dry_run');
  const [reading, setReading] = useState(false);
  const [uploading, setUploading] = useState<number | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const job = useQuery({ ...importJobQuery(jobId ?? 0), enabled: jobId != null });
  const current = jobId != null ? job.data : undefined;
  const finished = current && current.status !== 'running';
  const root = rootId ?? roots[0]?.value;
  const missing = REQUIRED_FIELDS.filter((f) => !mapping[f]);

  // Once rows were written, the workbench lists and the suggester's accuracy must show them.
  useEffect(() => {
    if (finished && current.committed) void refreshRequests();
  }, [finished, current?.committed]);

  const fail = (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, null));

  const choose = async (f: File) => {
    setFile(f);
    setError(null);
    setJobId(null);
    setReading(true);
    try {
      const p = await previewHistory(f, () => {});
      setPreview(p);
      setMapping(p.mapping);
      setStep(1);
    } catch (e) {
      setPreview(null);
      fail(e);
    } finally {
      setReading(false);
    }
  };

  const run = async (runMode: ImportMode) => {
    if (!file) return;
    setMode(runMode);
    setError(null);
    setJobId(null);
    setUploading(0);
    try {
      const started = await startHistoryImport({ file, mode: runMode, rootId: root, mapping }, setUploading);
      setJobId(started.id);
    } catch (e) {
      fail(e);
    } finally {
      setUploading(null);
    }
  };

  const restart = () => {
    setStep(0);
    setFile(null);
    setPreview(null);
    setMapping({});
    setJobId(null);
    setError(null);
    setMode('dry_run');
  };

  const template = () =>
    downloadFile('/api/requests/history/template.xlsx', 'template.xlsx').catch((e) =>
      message.error(e instanceof ApiError ? e.userMessage : t('common.networkError')),
    );

  const fieldLabel = (f: HistoryField) => h(`fields.${f}`);
  const counts: ImportCount[] = SUMMARY_KEYS.map((k) => ({
    key: k,
    label: h(`summary.${k}`),
    dryRunLabel: k === 'created' ? h('summary.wouldCreate') : undefined,
  }));

  const dragger = (
    <ImportDragger
      file={file}
      accept=".xlsx,.csv"
      hint={h('file.hint')}
      onChoose={(f) => void choose(f)}
      disabled={reading}
      choose={reading ? h('file.reading') : h('file.choose')}
      replace={reading ? h('file.reading') : h('file.replace')}
    />
  );

  const sampleColumns = (preview?.headers ?? []).map((header) => ({
    key: header,
    title: header,
    dataIndex: header,
    ellipsis: true,
    width: Math.min(280, Math.max(96, header.length * 16 + 32)),
  }));

  const rootSelect = (
    <Form.Item label={h('preview.root')} extra={h('preview.rootHelp')} htmlFor="history-root">
      <Select<number>
        id="history-root"
        value={root}
        onChange={setRootId}
        options={roots}
        data-testid="history-root"
      />
    </Form.Item>
  );

  return (
    <div className="ds-history">
      <Steps
        className="ds-history-steps"
        size="small"
        current={step}
        responsive={false}
        items={[{ title: h('steps.file') }, { title: h('steps.mapping') }, { title: h('steps.run') }]}
      />

      {step === 0 && (
        <Card className="ds-history-card">
          <div data-testid="history-file">{dragger}</div>
          <p className="ds-history-template">
            {h('file.templateHelp')}{' '}
            <Button type="link" className="ds-inline-link" icon={<DownloadOutlined />} onClick={template}>
              {h('file.template')}
            </Button>
          </p>
          <ErrorAlert error={error} />
        </Card>
      )}

      {step === 1 && preview && (
        <Card className="ds-history-card" data-testid="history-preview">
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 4 }}
            className="ds-history-facts"
            items={[
              { key: 'file', label: t('console.imports.dialog.file'), children: preview.fileName },
              {
                key: 'encoding',
                label: h('preview.encoding'),
                children: (
                  <span data-testid="history-encoding">{h(`preview.encodings.${preview.encoding}`)}</span>
                ),
              },
              {
                key: 'rows',
                label: h('preview.rows'),
                children: (
                  <span data-testid="history-rows">{h('preview.rowsValue', { count: preview.rows })}</span>
                ),
              },
              { key: 'columns', label: h('preview.columns'), children: preview.headers.length },
            ]}
          />
          <h3 className="ds-card-title ds-history-sub">
            {h('preview.sample', { count: preview.sample.length })}
          </h3>
          <Table<Record<string, string>>
            size="small"
            className="ds-history-sample"
            rowKey={(_, i) => String(i)}
            dataSource={preview.sample}
            columns={sampleColumns}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
          <h3 className="ds-card-title ds-history-sub">{h('preview.mapping')}</h3>
          <p className="ds-muted ds-history-help">{h('preview.mappingHelp')}</p>
          <Form layout="vertical" className="ds-history-mapping" data-testid="history-mapping">
            {HISTORY_FIELDS.map((f) => (
              <Form.Item
                key={f}
                label={fieldLabel(f)}
                required={REQUIRED_FIELDS.includes(f)}
                htmlFor={`map-${f}`}
                validateStatus={REQUIRED_FIELDS.includes(f) && !mapping[f] ? 'error' : undefined}
              >
                <Select<string>
                  id={`map-${f}`}
                  data-testid={`map-${f}`}
                  value={mapping[f] ?? ''}
                  onChange={(v) => setMapping((m) => ({ ...m, [f]: v || undefined }))}
                  options={[
                    { value: '', label: <span className="ds-muted">{h('preview.notMapped')}</span> },
                    ...preview.headers.map((x) => ({ value: x, label: x })),
                  ]}
                />
              </Form.Item>
            ))}
          </Form>
          {missing.length > 0 && (
            <Alert
              type="error"
              showIcon
              className="ds-form-alert"
              title={h('preview.missing', { fields: missing.map(fieldLabel).join('、') })}
            />
          )}
          <Form layout="vertical" className="ds-history-root">
            {rootSelect}
          </Form>
          <div className="ds-history-actions">
            <Button onClick={() => setStep(0)}>{h('preview.back')}</Button>
            <Button
              type="primary"
              disabled={missing.length > 0 || !root}
              onClick={() => setStep(2)}
              data-testid="history-next"
            >
              {h('preview.next')}
            </Button>
          </div>
        </Card>
      )}

      {step === 2 && file && (
        <Card className="ds-history-card" data-testid="history-run">
          <div className="ds-chosen-file ds-history-file-line">
            <FileExcelOutlined className="ds-file-icon" />
            <div>
              <div className="ds-file-name">{file.name}</div>
              <div className="ds-muted">
                {h('preview.rowsValue', { count: preview?.rows ?? 0 })} ·{' '}
                {roots.find((r) => r.value === root)?.label}
              </div>
            </div>
          </div>
          {uploading == null && !current && (
            <Form layout="vertical">
              <ImportModeField
                mode={mode}
                onChange={setMode}
                label={h('run.mode')}
                extra={h('run.dryRunFirst')}
                testId="history-mode-"
              />
              <ErrorAlert error={error} hint={d('notLost')} />
              <div className="ds-history-actions">
                <Button onClick={() => setStep(1)}>{h('preview.back')}</Button>
                <Button type="primary" onClick={() => run(mode)} data-testid="history-start">
                  {mode === 'dry_run' ? d('startDryRun') : d('startImport')}
                </Button>
              </div>
            </Form>
          )}
          {(uploading != null || (current && !finished)) && (
            <ImportProgress uploading={uploading} job={current} />
          )}
          {finished && current && (
            <div data-testid="history-result">
              <ImportResult job={current} counts={counts} columnOrder={preview?.headers} />
              {current.summary.skipped ? (
                <p className="ds-muted ds-history-help">{h('summary.skippedHelp')}</p>
              ) : null}
              <ErrorAlert error={error} hint={d('notLost')} />
              <div className="ds-history-actions">
                <Button onClick={() => setJobId(null)}>{h('run.again')}</Button>
                <Button onClick={restart}>{h('run.newFile')}</Button>
                {!current.committed && current.status !== 'failed' && current.errorCount === 0 && (
                  <Button
                    type="primary"
                    onClick={() => run('all_or_nothing')}
                    data-testid="history-commit-all"
                  >
                    {d('commitAll')}
                  </Button>
                )}
                {!current.committed &&
                  current.status !== 'failed' &&
                  current.errorCount > 0 &&
                  current.okCount > 0 && (
                    <Button
                      type="primary"
                      onClick={() => run('valid_rows')}
                      data-testid="history-commit-valid"
                    >
                      {d('commitValid', { count: current.okCount })}
                    </Button>
                  )}
                {current.committed && (
                  <Link to="/requests?queue=closed&channel=import">
                    <Button type="primary">{h('run.toWorkbench')}</Button>
                  </Link>
                )}
              </div>
            </div>
          )}
          {jobId != null && job.error && <ErrorAlert error={job.error as ApiError} />}
        </Card>
      )}
    </div>
  );
}
