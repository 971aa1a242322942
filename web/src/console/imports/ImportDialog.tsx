import { FileExcelOutlined, FileOutlined } from '@ant-design/icons';
import type { ImportMode } from '@doorstep/contract';
import { Button, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { refreshAreas } from '../areas/areas.api';
import { ImportFileField, ImportModeField } from './ImportFields';
import { ImportProgress } from './ImportProgress';
import { ImportResult } from './ImportResult';
import { type Crs, type ImportKind, startImport } from './imports.api';
import { ImportFooter, useImportRun } from './useImportRun';

interface Props {
  kind: ImportKind;
  rootId?: number;
  onClose: () => void;
}

/**
 * Choose a file and a mode → upload with progress → follow the job → result (useImportRun). The File object and
 * the options stay in state, so a real run after a dry run (or a retry after an error) needs no re-pick.
 */
export function ImportDialog({ kind, rootId, onClose }: Props) {
  const { t } = useTranslation();
  const d = (k: string, o?: Record<string, unknown>) => t(`console.imports.dialog.${k}`, o);
  const [file, setFile] = useState<File | null>(null);
  const [crs, setCrs] = useState<Crs>('wgs84');
  const [missingFile, setMissingFile] = useState(false);
  // once rows were written, the tree, detail and map must show them
  const { mode, setMode, uploading, jobId, job, current, phase, error, setError, run, reset } = useImportRun(
    () => void refreshAreas(),
  );

  const go = (runMode: ImportMode) => {
    if (!file) {
      setMissingFile(true);
      return;
    }
    void run(runMode, (m, onProgress) => startImport(kind, { file, mode: m, rootId, crs }, onProgress));
  };

  const kindTitle = kind === 'excel' ? d('titleExcel') : d('titleGeojson');
  const title = phase !== 'form' && file ? `${kindTitle} · ${file.name}` : kindTitle;
  const footer = (
    <ImportFooter
      phase={phase}
      current={current}
      mode={mode}
      onStart={() => go(mode)}
      onCommit={go}
      onClose={onClose}
      left={<Button onClick={reset}>{d('back')}</Button>}
    />
  );

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
          <ImportFileField
            file={file}
            missing={missingFile}
            accept={kind === 'excel' ? '.xlsx' : '.geojson,.json'}
            hint={kind === 'excel' ? d('chooseExcel') : d('chooseGeojson')}
            icon={
              kind === 'excel' ? (
                <FileExcelOutlined className="ds-file-icon" />
              ) : (
                <FileOutlined className="ds-file-icon" />
              )
            }
            onChoose={(f) => {
              setFile(f);
              setError(null);
            }}
          />
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
          <ImportModeField mode={mode} onChange={setMode} />
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
