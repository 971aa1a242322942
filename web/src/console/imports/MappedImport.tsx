import { DownloadOutlined } from '@ant-design/icons';
import type { ImportJob, ImportMode, RosterPreview } from '@doorstep/contract';
import { Button, Form, Modal, Select } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ImportFileField, ImportModeField } from './ImportFields';
import { ImportProgress } from './ImportProgress';
import { type ImportCount, ImportResult } from './ImportResult';
import { ImportFooter, useImportRun } from './useImportRun';
import './mapped-import.css';

type Mapping = Record<string, string>;
type Preview = (file: File) => Promise<RosterPreview>;

export interface MappedImportText {
  title: string;
  fileHint: string;
  templateHelp: string;
  template: string;
  mapping: string;
  mappingHelp: (rows: number) => string;
  notMapped: string;
  /** the warning under the grid when required fields have no column */
  missing: (fields: string[]) => string;
  fixHint: string;
  newFile: string;
  created: string;
  wouldCreate: string;
}

export interface MappedImportProps {
  onClose: () => void;
  /** rows were written: refresh what the screens behind the dialog show */
  onCommitted: () => void;
  testIds: {
    /** prefix of the footer's buttons (-start, -commit, -commit-valid) and of the result (-result) */
    run: string;
    file: string;
    mapping: string;
    /** prefix of each field's column select (`${map}${field}`) */
    map: string;
    newFile?: string;
  };
  className: string;
  text: MappedImportText;
  /** the fields of the grid, in order */
  fields: string[];
  isRequired: (field: string) => boolean;
  fieldLabel: (field: string) => string;
  /** the required fields the mapping leaves without a column */
  missing: (mapping: Mapping) => string[];
  /** the caller's own options are complete (e.g. a root is chosen) */
  ready?: boolean;
  preview: Preview;
  start: (
    file: File,
    mode: ImportMode,
    mapping: Mapping,
    onProgress: (percent: number) => void,
  ) => Promise<ImportJob>;
  onTemplate: () => void;
  /** the caller's own fields above the file; `choose` reads the file again (with another preview) */
  before?: (ctx: { file: File | null; choose: (file: File, preview?: Preview) => void }) => ReactNode;
  /** shown where the grid goes before a file is chosen */
  noPreview?: ReactNode;
  columnOrder: (preview: RosterPreview | null) => string[];
  isFieldColumn: (column: string, field: string | null, mapping: Mapping) => boolean;
}

/**
 * An import whose file is previewed first (the roster imports and the lists import): the caller's own options, the
 * file, then 列对应 — each field shows the column it will be read from (guessed by the server from the names
 * communities' own sheets use) and can be pointed at another — and a mode (试运行 first) → upload with progress →
 * per-row errors with the original values → 正式导入 or 仅导入有效行. The File and the mapping stay in state, so the
 * commit after a dry run needs no re-pick, and 重新选择文件 starts over.
 */
export function MappedImport(props: MappedImportProps) {
  const { text, testIds, fieldLabel, ready = true } = props;
  const { t } = useTranslation();
  const d = (k: string) => t(`console.imports.dialog.${k}`);
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [preview, setPreview] = useState<RosterPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const { mode, setMode, uploading, jobId, job, current, phase, error, setError, run, reset } = useImportRun(
    props.onCommitted,
  );
  const missing = preview ? props.missing(mapping) : [];

  const choose = async (f: File, read: Preview = props.preview) => {
    setFile(f);
    setError(null);
    setPreview(null);
    setMapping({});
    try {
      const p = await read(f);
      setPreview(p);
      setMapping(p.mapping);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, null));
    }
  };

  const go = (runMode: ImportMode) => {
    if (!file) {
      setMissingFile(true);
      return;
    }
    if (!ready) return;
    void run(runMode, (m, onProgress) => props.start(file, m, mapping, onProgress));
  };

  const title = phase !== 'form' && file ? `${text.title} · ${file.name}` : text.title;
  // a dry run's summary holds wouldCreate (created stays 0 until rows are written)
  const counts: ImportCount[] = [
    {
      key: current?.mode === 'dry_run' ? 'wouldCreate' : 'created',
      label: text.created,
      dryRunLabel: text.wouldCreate,
    },
  ];

  const footer = (
    <ImportFooter
      phase={phase}
      current={current}
      mode={mode}
      canStart={ready && missing.length === 0}
      onStart={() => go(mode)}
      onCommit={go}
      onClose={props.onClose}
      testId={testIds.run}
      left={
        <Button
          onClick={() => {
            reset();
            setFile(null);
            setPreview(null);
            setMode('dry_run');
          }}
          data-testid={testIds.newFile}
        >
          {text.newFile}
        </Button>
      }
    />
  );

  return (
    <Modal
      open
      title={title}
      onCancel={props.onClose}
      footer={footer}
      width={phase === 'result' ? 900 : 640}
      mask={{ closable: false }}
      destroyOnHidden
      className={props.className}
    >
      {phase === 'form' && (
        <Form layout="vertical" className="ds-import-form">
          {props.before?.({ file, choose: (f, read) => void choose(f, read) })}
          <ImportFileField
            file={file}
            missing={missingFile}
            accept=".xlsx,.csv"
            hint={text.fileHint}
            onChoose={(f) => void choose(f)}
            testId={testIds.file}
          />
          <p className="ds-mapped-template">
            {text.templateHelp}{' '}
            <Button
              type="link"
              className="ds-inline-link"
              icon={<DownloadOutlined />}
              onClick={props.onTemplate}
            >
              {text.template}
            </Button>
          </p>
          {preview ? (
            <section className="ds-mapped-mapping" data-testid={testIds.mapping}>
              <h4>{text.mapping}</h4>
              <p className="ds-muted">{text.mappingHelp(preview.rows)}</p>
              <div className="ds-mapped-grid">
                {props.fields.map((f) => (
                  <div key={f} className={missing.includes(f) ? 'ds-mapped-missing' : undefined}>
                    <span id={`${testIds.map}label-${f}`}>
                      {fieldLabel(f)}
                      {props.isRequired(f) ? <span className="ds-required">*</span> : null}
                    </span>
                    <Select<string>
                      size="small"
                      value={mapping[f] ?? ''}
                      onChange={(v) => setMapping((m) => ({ ...m, [f]: v }))}
                      options={[
                        { value: '', label: text.notMapped },
                        ...preview.headers.map((h) => ({ value: h, label: h })),
                      ]}
                      aria-label={fieldLabel(f)}
                      data-testid={`${testIds.map}${f}`}
                    />
                  </div>
                ))}
              </div>
              {missing.length > 0 && <p className="ds-mapped-warn">{text.missing(missing)}</p>}
            </section>
          ) : (
            props.noPreview
          )}
          <ImportModeField mode={mode} onChange={setMode} style={{ marginTop: 16 }} />
          <ErrorAlert error={error} hint={d('notLost')} />
        </Form>
      )}
      {(phase === 'uploading' || phase === 'running') && (
        <ImportProgress uploading={uploading} job={current} />
      )}
      {phase === 'result' && current && (
        <div data-testid={`${testIds.run}-result`}>
          <ImportResult
            job={current}
            counts={counts}
            columnOrder={props.columnOrder(preview)}
            fieldLabel={fieldLabel}
            isFieldColumn={(column, field) => props.isFieldColumn(column, field, mapping)}
          />
          {current.errorCount > 0 && !current.committed && (
            <p className="ds-muted ds-mapped-fix">{text.fixHint}</p>
          )}
          <ErrorAlert error={error} hint={d('notLost')} />
        </div>
      )}
      {jobId != null && job.error && <ErrorAlert error={job.error as ApiError} />}
    </Modal>
  );
}
