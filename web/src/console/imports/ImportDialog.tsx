import { FileExcelOutlined, FileOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportMode } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Modal, Radio, Select, Space, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { queryClient } from '../../app/queries';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { refreshAreas } from '../areas/areas.api';
import { ImportProgress } from './ImportProgress';
import { ImportResult } from './ImportResult';
import { type Crs, type ImportKind, importJobQuery, startImport } from './imports.api';

const MODES: ImportMode[] = ['dry_run', 'all_or_nothing', 'valid_rows'];

interface Props {
  kind: ImportKind;
  rootId?: number;
  onClose: () => void;
}

/**
 * Choose a file and a mode → upload with progress → follow the job → result. The File object and
 * the options stay in state, so a real run after a dry run (or a retry after an error) needs no re-pick.
 */
export function ImportDialog({ kind, rootId, onClose }: Props) {
  const { t } = useTranslation();
  const d = (k: string, o?: Record<string, unknown>) => t(`console.imports.dialog.${k}`, o);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('dry_run');
  const [crs, setCrs] = useState<Crs>('wgs84');
  const [uploading, setUploading] = useState<number | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const job = useQuery({ ...importJobQuery(jobId ?? 0), enabled: jobId != null });
  const current = jobId != null ? job.data : undefined;
  const finished = current && current.status !== 'running';

  // Once rows were written, the tree, detail and map must show them.
  useEffect(() => {
    if (finished && current.committed) void refreshAreas();
  }, [finished, current?.committed]);

  const run = async (runMode: ImportMode) => {
    if (!file) {
      setMissingFile(true);
      return;
    }
    setMode(runMode);
    setError(null);
    setJobId(null);
    setUploading(0);
    try {
      const started = await startImport(kind, { file, mode: runMode, rootId, crs }, setUploading);
      queryClient.setQueryData(['imports', started.id], started);
      setJobId(started.id);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, null));
    } finally {
      setUploading(null);
    }
  };

  const back = () => {
    setJobId(null);
    setError(null);
  };

  const phase = uploading != null ? 'uploading' : !current ? 'form' : finished ? 'result' : 'running';
  const kindTitle = kind === 'excel' ? d('titleExcel') : d('titleGeojson');
  const title = phase !== 'form' && file ? `${kindTitle} · ${file.name}` : kindTitle;

  const footer = (() => {
    if (phase === 'form')
      return [
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="start" type="primary" onClick={() => run(mode)}>
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
      <Button key="back" onClick={back}>
        {d('back')}
      </Button>,
    ];
    const failedWhole = current.status === 'failed';
    if (!current.committed && !failedWhole && current.errorCount === 0)
      buttons.push(
        <Button key="all" type="primary" onClick={() => run('all_or_nothing')}>
          {d('commitAll')}
        </Button>,
      );
    else if (!current.committed && !failedWhole && current.okCount > 0)
      buttons.push(
        <Button key="valid" type="primary" onClick={() => run('valid_rows')}>
          {d('commitValid', { count: current.okCount })}
        </Button>,
      );
    else
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
    >
      {phase === 'form' && (
        <Form layout="vertical" className="ds-import-form">
          <Form.Item
            label={d('file')}
            required
            validateStatus={missingFile && !file ? 'error' : undefined}
            help={missingFile && !file ? d('fileRequired') : undefined}
          >
            <Upload.Dragger
              accept={kind === 'excel' ? '.xlsx' : '.geojson,.json'}
              multiple={false}
              showUploadList={false}
              beforeUpload={(f) => {
                setFile(f);
                setError(null);
                return false;
              }}
              className="ds-dragger"
            >
              {file ? (
                <div className="ds-chosen-file">
                  {kind === 'excel' ? (
                    <FileExcelOutlined className="ds-file-icon" />
                  ) : (
                    <FileOutlined className="ds-file-icon" />
                  )}
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
                  <p className="ant-upload-hint">
                    {kind === 'excel' ? d('chooseExcel') : d('chooseGeojson')}
                  </p>
                </>
              )}
            </Upload.Dragger>
          </Form.Item>
          {kind === 'geojson' && (
            <Form.Item label={d('crs')} htmlFor="import-crs">
              <Select<Crs>
                id="import-crs"
                value={crs}
                onChange={setCrs}
                options={[
                  { value: 'wgs84', label: d('crsWgs84') },
                  { value: 'gcj02', label: d('crsGcj02') },
                ]}
              />
            </Form.Item>
          )}
          <Form.Item label={d('mode')}>
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
      {phase === 'result' && current && <ImportResult job={current} />}
      {jobId != null && job.error && <ErrorAlert error={job.error as ApiError} />}
    </Modal>
  );
}
