import { DownloadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportMode, RosterPreview } from '@doorstep/contract';
import { App, Button, Collapse, Form, Modal, Radio, Select, Space, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useImportRoots } from '../history/useImportRoots';
import { ImportProgress } from '../imports/ImportProgress';
import { type ImportCount, ImportResult } from '../imports/ImportResult';
import { ImportFooter, useImportRun } from '../imports/useImportRun';
import { previewRoster, ROSTERS, type RosterConfig, refreshRecords, startImport } from './records.api';

const MODES: ImportMode[] = ['dry_run', 'all_or_nothing', 'valid_rows'];

export const downloadRosterTemplate = (roster: RosterConfig = ROSTERS.people) =>
  downloadFile(`${roster.base}/import-template.xlsx`, roster.templateName);

/**
 * 导入花名册: the place the roster's buildings are under, the file, a mode (试运行 first) → upload with
 * progress → per-row errors with the original values (ID numbers and phones masked by the server) → commit.
 * Choosing a file previews it: each field shows the column it will be read from (guessed from the names
 * communities' own 台账 use) and the user can point it at another column before the dry run (列对应). The File
 * and the mapping stay in state: commit after a dry run needs no re-pick, and 重新选择文件 starts over.
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
  const [missingFile, setMissingFile] = useState(false);
  const [preview, setPreview] = useState<RosterPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const { mode, setMode, uploading, jobId, job, current, phase, error, setError, run, reset } = useImportRun(
    () => void refreshRecords(),
  );
  const root = rootId ?? roots.options[0]?.value;
  const missing = preview
    ? roster.key === 'things'
      ? mapping.code || (mapping.classCode && mapping.subclassCode)
        ? []
        : ['code']
      : roster.required.filter((f) => !mapping[f])
    : [];

  const choose = async (f: File) => {
    setFile(f);
    setError(null);
    setPreview(null);
    setMapping({});
    try {
      const p = await previewRoster(roster, f);
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
    if (!root) return;
    void run(runMode, (m, onProgress) =>
      startImport(roster, { file, mode: m, rootId: root, mapping }, onProgress),
    );
  };

  const template = () =>
    downloadRosterTemplate(roster).catch((e) =>
      message.error(e instanceof ApiError ? e.userMessage : t('common.networkError')),
    );

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

  const footer = (
    <ImportFooter
      phase={phase}
      current={current}
      mode={mode}
      canStart={!!root && missing.length === 0}
      onStart={() => go(mode)}
      onCommit={go}
      onClose={onClose}
      testId="roster-import"
      left={
        <Button
          onClick={() => {
            reset();
            setFile(null);
            setPreview(null);
            setMode('dry_run');
          }}
          data-testid="roster-import-new-file"
        >
          {r('newFile')}
        </Button>
      }
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
                void choose(f);
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
          {preview ? (
            <section className="ds-records-mapping" data-testid="roster-mapping">
              <h4>{r('mapping')}</h4>
              <p className="ds-muted">{r('mappingHelp', { rows: preview.rows })}</p>
              <div className="ds-records-mapping-grid">
                {Object.keys(roster.fieldColumns).map((f) => (
                  <div key={f} className={missing.includes(f) ? 'ds-records-mapping-missing' : undefined}>
                    <span id={`roster-map-label-${f}`}>
                      {fieldLabel(f)}
                      {roster.required.includes(f) ? <span className="ds-required">*</span> : null}
                    </span>
                    <Select<string>
                      size="small"
                      value={mapping[f] ?? ''}
                      onChange={(v) => setMapping((m) => ({ ...m, [f]: v }))}
                      options={[
                        { value: '', label: r('notMapped') },
                        ...preview.headers.map((h) => ({ value: h, label: h })),
                      ]}
                      aria-label={fieldLabel(f)}
                      data-testid={`roster-map-${f}`}
                    />
                  </div>
                ))}
              </div>
              {missing.length > 0 && (
                <p className="ds-records-mapping-warn">
                  {r('mappingMissing', { fields: missing.map(fieldLabel).join('、') })}
                </p>
              )}
            </section>
          ) : (
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
          )}
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
