import { FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportMode } from '@doorstep/contract';
import { Form, Radio, Space, Upload } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const MODES: ImportMode[] = ['dry_run', 'all_or_nothing', 'valid_rows'];

/**
 * The drop zone of an import: shows the chosen file (name, size, 更换文件) once there is one. `choose` and `replace`
 * override the dialog's wording (e.g. 正在读取 while the file is read).
 */
export function ImportDragger({
  file,
  accept,
  hint,
  icon = <FileExcelOutlined className="ds-file-icon" />,
  onChoose,
  disabled,
  choose,
  replace,
  testId,
}: {
  file: File | null;
  accept: string;
  hint: string;
  icon?: ReactNode;
  onChoose: (file: File) => void;
  disabled?: boolean;
  choose?: string;
  replace?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const d = (k: string) => t(`console.imports.dialog.${k}`);
  return (
    <Upload.Dragger
      accept={accept}
      multiple={false}
      showUploadList={false}
      disabled={disabled}
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
              {(file.size / 1024).toFixed(1)} KB · {replace ?? d('replaceFile')}
            </div>
          </div>
        </div>
      ) : (
        <>
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{choose ?? d('chooseFile')}</p>
          <p className="ant-upload-hint">{hint}</p>
        </>
      )}
    </Upload.Dragger>
  );
}

/** The file of an import dialog: the drop zone as a required form item. */
export function ImportFileField({
  missing,
  ...dragger
}: Parameters<typeof ImportDragger>[0] & {
  /** the user started without a file: say it is required */
  missing: boolean;
}) {
  const { t } = useTranslation();
  const d = (k: string) => t(`console.imports.dialog.${k}`);
  return (
    <Form.Item
      label={d('file')}
      required
      validateStatus={missing && !dragger.file ? 'error' : undefined}
      help={missing && !dragger.file ? d('fileRequired') : undefined}
    >
      <ImportDragger {...dragger} />
    </Form.Item>
  );
}

/** 导入方式: 试运行, 全部成功才写入, 仅导入有效行 — each with its one-line help. */
export function ImportModeField({
  mode,
  onChange,
  style,
  label,
  extra,
  testId,
}: {
  mode: ImportMode;
  onChange: (mode: ImportMode) => void;
  style?: CSSProperties;
  /** the form item's label, 导入方式 unless given */
  label?: string;
  extra?: ReactNode;
  /** data-testid prefix of each choice (`${testId}${mode}`) */
  testId?: string;
}) {
  const { t } = useTranslation();
  const d = (k: string) => t(`console.imports.dialog.${k}`);
  const name = label ?? d('mode');
  return (
    <Form.Item label={name} extra={extra} style={style}>
      <Radio.Group value={mode} onChange={(e) => onChange(e.target.value)} aria-label={name}>
        <Space orientation="vertical" size={10}>
          {MODES.map((m) => (
            <Radio key={m} value={m} data-testid={testId ? `${testId}${m}` : undefined}>
              <span className="ds-mode-label">{d(`modes.${m}`)}</span>
              <span className="ds-mode-help">{d(`modes.${m}_help`)}</span>
            </Radio>
          ))}
        </Space>
      </Radio.Group>
    </Form.Item>
  );
}
