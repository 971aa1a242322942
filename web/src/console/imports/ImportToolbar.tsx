import { CloudUploadOutlined, DownloadOutlined, ExportOutlined, GatewayOutlined } from '@ant-design/icons';
import { App, Button, Space, Tooltip } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { downloadFile } from '../../ui/download';
import type { ImportKind } from './imports.api';

// The dialog (upload, polling, result table) loads when first opened.
const ImportDialog = lazy(() => import('./ImportDialog').then((m) => ({ default: m.ImportDialog })));

/** 下载模板 · 导入 Excel · 导入网格边界, with the dialog they open. */
export function ImportToolbar({
  rootId,
  rootName,
  canImport,
}: {
  rootId?: number;
  rootName?: string;
  canImport: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState<ImportKind | null>(null);
  const [exporting, setExporting] = useState(false);
  const i = (k: string) => t(`console.imports.${k}`);
  const fail = (e: unknown) =>
    message.error(e instanceof ApiError ? e.userMessage : t('common.networkError'));
  const template = () => downloadFile('/api/areas/import-template.xlsx', 'template.xlsx').catch(fail);
  // Exports the selected node with everything below it.
  const exportSubtree = async () => {
    setExporting(true);
    await downloadFile(`/api/areas/export.xlsx?rootId=${rootId}`, `${rootName ?? 'export'}.xlsx`).catch(fail);
    setExporting(false);
  };
  return (
    <>
      <Space wrap size={8}>
        <Button icon={<DownloadOutlined />} onClick={template}>
          {i('downloadTemplate')}
        </Button>
        {rootId != null && (
          <Tooltip title={rootName ? t('console.imports.exportTip', { name: rootName }) : undefined}>
            <Button
              icon={<ExportOutlined />}
              onClick={exportSubtree}
              loading={exporting}
              data-testid="export-open"
            >
              {i('exportExcel')}
            </Button>
          </Tooltip>
        )}
        {canImport && (
          <>
            <Button icon={<CloudUploadOutlined />} onClick={() => setOpen('excel')} data-testid="import-open">
              {i('importExcel')}
            </Button>
            <Button
              icon={<GatewayOutlined />}
              onClick={() => setOpen('geojson')}
              data-testid="import-geojson-open"
            >
              {i('importGeojson')}
            </Button>
          </>
        )}
      </Space>
      {open && (
        <Suspense>
          <ImportDialog kind={open} rootId={rootId} onClose={() => setOpen(null)} />
        </Suspense>
      )}
    </>
  );
}
