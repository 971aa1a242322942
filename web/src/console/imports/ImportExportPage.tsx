import { CloudUploadOutlined, DownloadOutlined, GatewayOutlined, HistoryOutlined } from '@ant-design/icons';
import type { AreaNode } from '@doorstep/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Row, Select } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { childrenQuery, rootsQuery } from '../areas/areas.api';
import type { ImportKind } from './imports.api';

// The dialog (upload, polling, result table) loads when first opened.
const ImportDialog = lazy(() => import('./ImportDialog').then((m) => ({ default: m.ImportDialog })));

/** Template, import (Excel and grid outlines) and export in one place, each with what it expects. */
export default function ImportExportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const i = (k: string) => t(`console.imports.${k}`);
  const [open, setOpen] = useState<ImportKind | null>(null);
  const [busy, setBusy] = useState(false);
  const roots = useQuery(rootsQuery(false)).data ?? [];
  const [scope, setScope] = useState<number | null>(null);
  // Export scope: my top nodes and the level right below them (communities of a street, say).
  const firstLevel = useQuery({ ...childrenQuery(roots[0]?.id ?? 0, false), enabled: roots.length === 1 });
  const scopes: AreaNode[] = [...roots, ...(firstLevel.data ?? [])];
  const chosen = scope ?? roots[0]?.id ?? null;
  const canImport = roots.some((r) => r.policies.canImport);

  const fail = (e: unknown) =>
    message.error(e instanceof ApiError ? e.userMessage : t('common.networkError'));
  const download = async (path: string, name: string) => {
    setBusy(true);
    await downloadFile(path, name).catch(fail);
    setBusy(false);
  };

  return (
    <div className="ds-page">
      <header className="ds-page-head">
        <h1 className="ds-page-title">{i('pageTitle')}</h1>
      </header>
      <p className="ds-page-intro">{i('intro')}</p>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={<h2 className="ds-card-title">{i('cards.excelTitle')}</h2>} className="ds-io-card">
            <p>{i('templateHelp')}</p>
            <div className="ds-io-actions">
              <Button
                icon={<DownloadOutlined />}
                onClick={() => download('/api/areas/import-template.xlsx', 'template.xlsx')}
              >
                {i('downloadTemplate')}
              </Button>
              {canImport && (
                <Button
                  type="primary"
                  icon={<CloudUploadOutlined />}
                  onClick={() => setOpen('excel')}
                  data-testid="import-open"
                >
                  {i('importExcel')}
                </Button>
              )}
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={<h2 className="ds-card-title">{i('cards.geoTitle')}</h2>} className="ds-io-card">
            <p>{i('geojsonHelp')}</p>
            <div className="ds-io-actions">
              {canImport && (
                <Button type="primary" icon={<GatewayOutlined />} onClick={() => setOpen('geojson')}>
                  {i('importGeojson')}
                </Button>
              )}
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={<h2 className="ds-card-title">{i('cards.exportTitle')}</h2>} className="ds-io-card">
            <p>{i('exportHelp')}</p>
            <Form layout="vertical">
              <Form.Item label={i('exportScope')} htmlFor="export-scope">
                <Select<number>
                  id="export-scope"
                  value={chosen ?? undefined}
                  onChange={setScope}
                  options={scopes.map((a) => ({ value: a.id, label: `${t(`kinds.${a.kind}`)} · ${a.name}` }))}
                />
              </Form.Item>
            </Form>
            <div className="ds-io-actions">
              <Button
                icon={<DownloadOutlined />}
                loading={busy}
                disabled={chosen == null}
                onClick={() => download(`/api/areas/export.xlsx?rootId=${chosen}`, 'export.xlsx')}
              >
                {i('exportExcel')}
              </Button>
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={<h2 className="ds-card-title">{i('cards.historyTitle')}</h2>} className="ds-io-card">
            <p>{i('historyHelp')}</p>
            <div className="ds-io-actions">
              <Button
                icon={<HistoryOutlined />}
                onClick={() => navigate('/requests/history')}
                data-testid="history-open"
              >
                {i('openHistory')}
              </Button>
            </div>
          </Card>
        </Col>
      </Row>
      {open && (
        <Suspense>
          <ImportDialog kind={open} rootId={chosen ?? undefined} onClose={() => setOpen(null)} />
        </Suspense>
      )}
    </div>
  );
}
