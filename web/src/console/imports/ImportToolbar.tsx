import { CloudUploadOutlined, DownloadOutlined, GatewayOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { ImportDialog } from './ImportDialog';
import type { ImportKind } from './imports.api';

/** 下载模板 · 导入 Excel · 导入网格边界, with the dialog they open. */
export function ImportToolbar({ rootId, canImport }: { rootId?: number; canImport: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState<ImportKind | null>(null);
  const i = (k: string) => t(`console.imports.${k}`);
  const template = () =>
    downloadFile('/api/areas/import-template.xlsx', 'template.xlsx').catch((e) =>
      message.error(e instanceof ApiError ? e.userMessage : t('common.networkError')),
    );
  return (
    <>
      <Space wrap size={8}>
        <Button icon={<DownloadOutlined />} onClick={template}>
          {i('downloadTemplate')}
        </Button>
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
      {open && <ImportDialog kind={open} rootId={rootId} onClose={() => setOpen(null)} />}
    </>
  );
}
