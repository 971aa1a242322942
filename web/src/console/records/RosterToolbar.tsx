import { DownloadOutlined, FileExcelOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { downloadRosterTemplate } from './RosterImport';
import type { RosterConfig } from './records.api';

/**
 * The head of a roster list (实有单位, 部件): its title, add, the import template and import (for those who may
 * import), and the Excel export of what the filters show.
 */
export function RosterToolbar({
  title,
  roster,
  testId,
  add,
  canImport,
  importLabel,
  onImport,
  exportLabel,
  exportUrl,
  exportName,
  exportTestId,
}: {
  title: string;
  roster: RosterConfig;
  /** 'unit' → unit-add, 'units-import' */
  testId: { add: string; import: string };
  /** the add button (omitted for those who may not edit) */
  add?: { label: string; onClick: () => void };
  canImport: boolean;
  importLabel: string;
  onImport: () => void;
  exportLabel: string;
  exportUrl: string;
  exportName: string;
  exportTestId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const failed = (e: unknown) =>
    message.error(e instanceof ApiError ? e.userMessage : t('common.networkError'));
  return (
    <div className="ds-records-toolbar">
      <Typography.Title level={5} className="ds-records-title">
        {title}
      </Typography.Title>
      <Space wrap>
        {add && (
          <Button icon={<PlusOutlined />} onClick={add.onClick} data-testid={testId.add}>
            {add.label}
          </Button>
        )}
        {canImport && (
          <>
            <Button icon={<FileExcelOutlined />} onClick={() => downloadRosterTemplate(roster).catch(failed)}>
              {t('console.records.template')}
            </Button>
            <Button type="primary" icon={<UploadOutlined />} onClick={onImport} data-testid={testId.import}>
              {importLabel}
            </Button>
          </>
        )}
        <Button
          icon={<DownloadOutlined />}
          onClick={() => downloadFile(exportUrl, exportName).catch(failed)}
          data-testid={exportTestId}
        >
          {exportLabel}
        </Button>
      </Space>
    </div>
  );
}
