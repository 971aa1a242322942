import { DownloadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportMode, RosterPreview } from '@doorstep/contract';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Modal, Radio, Select, Space, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, upload } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ImportProgress } from '../imports/ImportProgress';
import { type ImportCount, ImportResult } from '../imports/ImportResult';
import { uploadImport } from '../imports/imports.api';
import { ImportFooter, useImportRun } from '../imports/useImportRun';
import './i18n';
import './lists-import.css';

const MODES: ImportMode[] = ['dry_run', 'all_or_nothing', 'valid_rows'];
export type ListKind = 'need' | 'resource' | 'dormant' | 'projects';
/** The template's columns (the server's first aliases), in order: the result table reads like the file. */
const ITEM_FIELDS: [field: string, column: string][] = [
  ['kind', '类别'],
  ['publisherKind', '发布方类型'],
  ['publisherName', '发布方'],
  ['title', '名称'],
  ['description', '说明'],
  ['owner', '权属单位'],
  ['idleYears', '闲置年限'],
  ['convertibleUse', '可转化用途'],
  ['expectedFunding', '预计撬动资金'],
];
const PROJECT_FIELDS: [field: string, column: string][] = [
  ['title', '项目名称'],
  ['need', '需求'],
  ['resource', '资源'],
  ['ownerName', '承接方'],
  ['budgetYuan', '预算（元）'],
  ['agreement', '协议要点'],
];

const downloadListTemplate = (projects: boolean) =>
  projects
    ? downloadFile('/api/lists/projects/import-template.xlsx', '项目清单导入模板.xlsx')
    : downloadFile('/api/lists/import-template.xlsx', '三张清单导入模板.xlsx');

/**
 * 导入清单: which list rows without a 类别 go to, the file (previewed: each field shows the column it is read from,
 * guessed from the names communities' own sheets use, and can be pointed elsewhere), a mode (试运行 first) →
 * upload with progress → per-row errors with the original values → 正式导入 or 仅导入有效行. The shared import
 * run (useImportRun) keeps the file and mapping, so the commit after a dry run needs no re-pick.
 */
export default function ListImport({
  community,
  list: initialList,
  onClose,
}: {
  community: number;
  list: ListKind;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const l = (k: string, o?: Record<string, unknown>) => t(`console.part.lists.importing.${k}`, o);
  const d = (k: string, o?: Record<string, unknown>) => t(`console.imports.dialog.${k}`, o);
  const fieldLabel = (f: string) =>
    t(`console.part.lists.importing.${list === 'projects' ? 'projectFields' : 'fields'}.${f}`, {
      defaultValue: f,
    });
  const [list, setList] = useState<ListKind>(initialList);
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [preview, setPreview] = useState<RosterPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const { mode, setMode, uploading, jobId, job, current, phase, error, setError, run, reset } = useImportRun(
    () => void qc.invalidateQueries({ queryKey: ['participation'] }),
  );
  const projects = list === 'projects';
  const FIELDS = projects ? PROJECT_FIELDS : ITEM_FIELDS;
  const required = projects ? 'ownerName' : 'title';
  const missing = preview && !mapping[required] ? [required] : [];

  const choose = async (f: File, target: ListKind = list) => {
    setFile(f);
    setError(null);
    setPreview(null);
    setMapping({});
    try {
      const form = new FormData();
      form.append('file', f, f.name);
      const p = await upload<RosterPreview>(
        `/api/lists/imports/preview?communityId=${community}&list=${target === 'projects' ? 'projects' : 'items'}`,
        form,
        () => {},
      );
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
    void run(runMode, (m, onProgress) =>
      uploadImport(
        `/api/lists/imports?communityId=${community}`,
        file,
        { mode: m, list, mapping: JSON.stringify(mapping) },
        onProgress,
      ),
    );
  };

  const template = () =>
    downloadListTemplate(projects).catch((e) =>
      message.error(e instanceof ApiError ? e.userMessage : t('common.networkError')),
    );

  const title = phase !== 'form' && file ? `${l('title')} · ${file.name}` : l('title');
  const counts: ImportCount[] = [
    {
      key: current?.mode === 'dry_run' ? 'wouldCreate' : 'created',
      label: projects ? l('createdProjects') : l('created'),
      dryRunLabel: projects ? l('wouldCreateProjects') : l('wouldCreate'),
    },
  ];
  const isFieldColumn = (column: string, field: string | null) =>
    !!field && (mapping[field] ?? FIELDS.find(([f]) => f === field)?.[1]) === column;
  const columnOrder = preview?.headers ?? FIELDS.map(([, c]) => c);

  const footer = (
    <ImportFooter
      phase={phase}
      current={current}
      mode={mode}
      canStart={missing.length === 0}
      onStart={() => go(mode)}
      onCommit={go}
      onClose={onClose}
      testId="list-import"
      left={
        <Button
          onClick={() => {
            reset();
            setFile(null);
            setPreview(null);
            setMode('dry_run');
          }}
        >
          {l('newFile')}
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
      className="ds-list-import"
    >
      {phase === 'form' && (
        <Form layout="vertical" className="ds-import-form">
          <Form.Item label={l('list')} extra={projects ? l('projectsHelp') : l('listHelp')}>
            <Radio.Group
              value={list}
              onChange={(e) => {
                const next = e.target.value as ListKind;
                setList(next);
                // the projects file has other columns: read it again for them
                if (file && (next === 'projects') !== projects) void choose(file, next);
              }}
              optionType="button"
              className="ds-list-import-lists"
              options={(['need', 'resource', 'dormant', 'projects'] as const).map((k) => ({
                value: k,
                label: l(`lists.${k}`),
              }))}
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
              data-testid="list-import-file"
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
                  <p className="ant-upload-hint">{projects ? l('fileHintProjects') : l('fileHint')}</p>
                </>
              )}
            </Upload.Dragger>
          </Form.Item>
          <p className="ds-list-import-template">
            {l('templateHelp')}{' '}
            <Button type="link" size="small" icon={<DownloadOutlined />} onClick={template}>
              {l('template')}
            </Button>
          </p>
          {preview && (
            <section className="ds-list-import-mapping" data-testid="list-import-mapping">
              <h4>{l('mapping')}</h4>
              <p className="ds-muted">{l('mappingHelp', { rows: preview.rows })}</p>
              <div className="ds-list-import-grid">
                {FIELDS.map(([f]) => (
                  <div key={f} className={missing.includes(f) ? 'ds-list-import-missing' : undefined}>
                    <span>
                      {fieldLabel(f)}
                      {f === required ? <span className="ds-required">*</span> : null}
                    </span>
                    <Select<string>
                      size="small"
                      value={mapping[f] ?? ''}
                      onChange={(v) => setMapping((m) => ({ ...m, [f]: v }))}
                      options={[
                        { value: '', label: l('notMapped') },
                        ...preview.headers.map((h) => ({ value: h, label: h })),
                      ]}
                      aria-label={fieldLabel(f)}
                      data-testid={`list-import-map-${f}`}
                    />
                  </div>
                ))}
              </div>
              {missing.length > 0 && (
                <p className="ds-list-import-warn">{l('mappingMissing', { field: fieldLabel(required) })}</p>
              )}
            </section>
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
        <div data-testid="list-import-result">
          <ImportResult
            job={current}
            counts={counts}
            columnOrder={columnOrder}
            fieldLabel={fieldLabel}
            isFieldColumn={isFieldColumn}
          />
          {current.errorCount > 0 && !current.committed && <p className="ds-muted">{l('fixHint')}</p>}
          <ErrorAlert error={error} hint={d('notLost')} />
        </div>
      )}
      {jobId != null && job.error && <ErrorAlert error={job.error as ApiError} />}
    </Modal>
  );
}
