import { DownloadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportMode } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Collapse, Form, Modal, Radio, Select, Space, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { queryClient } from '../../app/queries';
import { downloadFile } from '../../ui/download';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useImportRoots } from '../history/useImportRoots';
import { ImportProgress } from '../imports/ImportProgress';
import { type ImportCount, ImportResult } from '../imports/ImportResult';
import { importJobQuery } from '../imports/imports.api';
import { ROSTERS, type RosterConfig, refreshRecords, startImport } from './records.api';

const MODES: ImportMode[] = ['dry_run', 'all_or_nothing', 'valid_rows'];

export const downloadRosterTemplate = (roster: RosterConfig = ROSTERS.people) =>
  downloadFile(`${roster.base}/import-template.xlsx`, roster.templateName);

/**
 * 导入花名册: the place the roster's buildings are under, the file, a mode (试运行 first) → upload with
 * progress → per-row errors with the original values (ID numbers and phones masked by the server) → commit.
 * The columns are matched by name (the aliases communities' own 台账 use), so there is no mapping step; the
 * names each field accepts are listed under 可识别的列名. The File stays in state: commit after a dry run
 * needs no re-pick, and 重新选择文件 after fixing the spreadsheet starts over.
 */
export function RosterImport({
  onClose,
  roster = ROSTERS.people,
}: {
  onClose: () => void;
  roster?: RosterConfig;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  // the roster's own wording where it has one (title, counts, help), else the people roster's
  const r = (k: string, o?: Record<string, unknown>) =>
    t(`console.records.${roster.i18n}.${k}`, { ...o, defaultValue: t(`console.records.importing.${k}`, o) });
  const d = (k: string, o?: Record<string, unknown>) => t(`console.imports.dialog.${k}`, o);
  const roots = useImportRoots();
  const [rootId, setRootId] = useState<number | undefined>();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('dry_run');
  const [uploading, setUploading] = useState<number | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const job = useQuery({ ...importJobQuery(jobId ?? 0), enabled: jobId != null });
  const current = jobId != null ? job.data : undefined;
  const finished = current && current.status !== 'running';
  const root = rootId ?? roots.options[0]?.value;

  useEffect(() => {
    if (finished && current.committed) void refreshRecords();
  }, [finished, current?.committed]);

  const run = async (runMode: ImportMode) => {
    if (!file) {
      setMissingFile(true);
      return;
    }
    if (!root) return;
    setMode(runMode);
    setError(null);
    setJobId(null);
    setUploading(0);
    try {
      const started = await startImport(roster, { file, mode: runMode, rootId: root }, setUploading);
      queryClient.setQueryData(['imports', started.id], started);
      setJobId(started.id);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, null));
    } finally {
      setUploading(null);
    }
  };

  const template = () =>
    downloadRosterTemplate(roster).catch((e) =>
      message.error(e instanceof ApiError ? e.userMessage : t('common.networkError')),
    );

  const phase = uploading != null ? 'uploading' : !current ? 'form' : finished ? 'result' : 'running';
  const title = phase !== 'form' && file ? `${r('title')} · ${file.name}` : r('title');
  // a dry run's summary holds wouldCreate (created stays 0 until rows are written)
  const counts: ImportCount[] = [
    {
      key: current?.mode === 'dry_run' ? 'wouldCreate' : 'created',
      label: r('created'),
      dryRunLabel: r('wouldCreate'),
    },
  ];
  const fieldLabel = (f: string) => t(`console.records.${roster.fields}.${f}`, { defaultValue: f });
  const isFieldColumn = (column: string, field: string | null) =>
    !!field &&
    (roster.fieldColumns[field] ?? [field]).some((a) => a.toLowerCase() === column.trim().toLowerCase());

  const footer = (() => {
    if (phase === 'form')
      return [
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="start"
          type="primary"
          disabled={!root}
          onClick={() => run(mode)}
          data-testid="roster-import-start"
        >
          {mode === 'dry_run' ? d('startDryRun') : d('startImport')}
        </Button>,
      ];
    if (phase !== 'result' || !current)
      return [
        <Button key="close" onClick={onClose}>
          {d('close')}
        </Button>,
      ];
    const buttons = [
      <Button
        key="again"
        onClick={() => {
          setJobId(null);
          setFile(null);
          setMode('dry_run');
        }}
        data-testid="roster-import-new-file"
      >
        {r('newFile')}
      </Button>,
    ];
    const failedWhole = current.status === 'failed';
    if (!current.committed && !failedWhole && current.errorCount === 0 && current.okCount > 0)
      buttons.push(
        <Button
          key="all"
          type="primary"
          onClick={() => run('all_or_nothing')}
          data-testid="roster-import-commit"
        >
          {d('commitAll')}
        </Button>,
      );
    else if (!current.committed && !failedWhole && current.okCount > 0)
      buttons.push(
        <Button key="valid" onClick={() => run('valid_rows')} data-testid="roster-import-commit-valid">
          {d('commitValid', { count: current.okCount })}
        </Button>,
      );
    if (current.committed || failedWhole || current.okCount === 0 || current.errorCount > 0)
      buttons.push(
        <Button key="close" type={current.committed ? 'primary' : 'default'} onClick={onClose}>
          {d('close')}
        </Button>,
      );
    return buttons;
  })();

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      footer={footer}
      width={phase === 'result' ? 900 : 640}
      mask={{ closable: false }}
      destroyOnHidden
      className="ds-roster-import"
    >
      {phase === 'form' && (
        <Form layout="vertical" className="ds-import-form">
          <Form.Item label={r('root')} extra={r('rootHelp')} htmlFor="roster-root">
            <Select<number>
              id="roster-root"
              value={root}
              onChange={setRootId}
              options={roots.options}
              loading={roots.loading}
              data-testid="roster-root"
            />
          </Form.Item>
          <Form.Item
            label={d('file')}
            required
            validateStatus={missingFile && !file ? 'error' : undefined}
            help={missingFile && !file ? d('fileRequired') : undefined}
          >
            <Upload.Dragger
              accept=".xlsx,.csv"
              multiple={false}
              showUploadList={false}
              beforeUpload={(f) => {
                setFile(f);
                setError(null);
                return false;
              }}
              className="ds-dragger"
              data-testid="roster-file"
            >
              {file ? (
                <div className="ds-chosen-file">
                  <FileExcelOutlined className="ds-file-icon" />
                  <div>
                    <div className="ds-file-name">{file.name}</div>
                    <div className="ds-muted">
                      {(file.size / 1024).toFixed(1)} KB · {d('replaceFile')}
                    </div>
                  </div>
                </div>
              ) : (
                <>
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{d('chooseFile')}</p>
                  <p className="ant-upload-hint">{r('fileHint')}</p>
                </>
              )}
            </Upload.Dragger>
          </Form.Item>
          <p className="ds-records-template">
            {r('templateHelp')}{' '}
            <Button type="link" className="ds-inline-link" icon={<DownloadOutlined />} onClick={template}>
              {t('console.records.template')}
            </Button>
          </p>
          <Collapse
            size="small"
            className="ds-records-columns"
            items={[
              {
                key: 'cols',
                label: r('columns'),
                children: (
                  <dl className="ds-records-aliases">
                    {Object.entries(roster.fieldColumns).map(([f, names]) => (
                      <div key={f}>
                        <dt>
                          {fieldLabel(f)}
                          {roster.required.includes(f) ? <span className="ds-required">*</span> : null}
                        </dt>
                        <dd>{names.filter((n) => !/^[a-z_]+$/.test(n)).join('、')}</dd>
                      </div>
                    ))}
                  </dl>
                ),
              },
            ]}
          />
          <Form.Item label={d('mode')} style={{ marginTop: 16 }}>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} aria-label={d('mode')}>
              <Space orientation="vertical" size={10}>
                {MODES.map((m) => (
                  <Radio key={m} value={m}>
                    <span className="ds-mode-label">{d(`modes.${m}`)}</span>
                    <span className="ds-mode-help">{d(`modes.${m}_help`)}</span>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <ErrorAlert error={error} hint={d('notLost')} />
        </Form>
      )}
      {(phase === 'uploading' || phase === 'running') && (
        <ImportProgress uploading={uploading} job={current} />
      )}
      {phase === 'result' && current && (
        <div data-testid="roster-import-result">
          <ImportResult
            job={current}
            counts={counts}
            columnOrder={roster.columns}
            fieldLabel={fieldLabel}
            isFieldColumn={isFieldColumn}
          />
          {current.errorCount > 0 && !current.committed && (
            <p className="ds-muted ds-records-fix">{r('fixHint')}</p>
          )}
          <ErrorAlert error={error} hint={d('notLost')} />
        </div>
      )}
      {jobId != null && job.error && <ErrorAlert error={job.error as ApiError} />}
    </Modal>
  );
}
