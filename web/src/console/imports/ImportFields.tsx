import { FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportMode } from '@doorstep/contract';
import { Form, Radio, Space, Upload } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const MODES: ImportMode[] = ['dry_run', 'all_or_nothing', 'valid_rows'];

/** The file of an import dialog: a drop zone that shows the chosen file (name, size, 可重新选择) once there is one. */
export function ImportFileField({
  file,
  missing,
  accept,
  hint,
  icon = <FileExcelOutlined className="ds-file-icon" />,
  onChoose,
  testId,
}: {
  file: File | null;
  /** the user started without a file: say it is required */
  missing: boolean;
  accept: string;
  hint: string;
  icon?: ReactNode;
  onChoose: (file: File) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const d = (k: string) => t(`console.imports.dialog.${k}`);
  return (
    <Form.Item
      label={d('file')}
      required
      validateStatus={missing && !file ? 'error' : undefined}
      help={missing && !file ? d('fileRequired') : undefined}
    >
      <Upload.Dragger
        accept={accept}
        multiple={false}
        showUploadList={false}
        beforeUpload={(f) => {
          onChoose(f);
          return false;
        }}
        className="ds-dragger"
        data-testid={testId}
      >
        {file ? (
          <div className="ds-chosen-file">
            {icon}
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
            <p className="ant-upload-hint">{hint}</p>
          </>
        )}
      </Upload.Dragger>
    </Form.Item>
  );
}

/** 导入方式: 试运行, 全部成功才写入, 仅导入有效行 — each with its one-line help. */
export function ImportModeField({
  mode,
  onChange,
  style,
}: {
  mode: ImportMode;
  onChange: (mode: ImportMode) => void;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const d = (k: string) => t(`console.imports.dialog.${k}`);
  return (
    <Form.Item label={d('mode')} style={style}>
      <Radio.Group value={mode} onChange={(e) => onChange(e.target.value)} aria-label={d('mode')}>
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
  );
}
