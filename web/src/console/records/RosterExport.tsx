import { DownloadOutlined, DownOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { downloadFile } from '../../ui/download';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { downloadClearExport } from './records.api';

/**
 * 导出 Excel with the screen's filters: masked for everyone who sees the roster; secretaries and street admins
 * may also export 含完整证件号 after stating a purpose (every person in it is audited and sees it).
 */
export function RosterExport({
  filters,
  canClear,
}: {
  filters: Record<string, string | number>;
  canClear: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.records.exporting.${k}`, o);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [form] = Form.useForm<{ purpose: string }>();
  const query = new URLSearchParams(Object.entries(filters).map(([k, v]) => [k, String(v)])).toString();

  const masked = async () => {
    setBusy(true);
    try {
      await downloadFile(`/api/records/people/export.xlsx${query ? `?${query}` : ''}`, '人员台账.xlsx');
    } catch (e) {
      message.error(e instanceof ApiError ? e.userMessage : t('common.networkError'));
    } finally {
      setBusy(false);
    }
  };

  const clear = async (purpose: string) => {
    setBusy(true);
    setError(null);
    try {
      await downloadClearExport(purpose, filters);
      setAsking(false);
      message.success(r('done'));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, null));
    } finally {
      setBusy(false);
    }
  };

  if (!canClear)
    return (
      <Button icon={<DownloadOutlined />} loading={busy} onClick={masked} data-testid="records-export">
        {t('console.records.export')}
      </Button>
    );
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'masked', icon: <DownloadOutlined />, label: r('masked') },
            { key: 'clear', icon: <SafetyCertificateOutlined />, label: r('clear') },
          ],
          onClick: ({ key }) => {
            if (key === 'masked') void masked();
            else {
              setError(null);
              setAsking(true);
            }
          },
        }}
      >
        <Button icon={<DownloadOutlined />} loading={busy} data-testid="records-export">
          {t('console.records.export')} <DownOutlined />
        </Button>
      </Dropdown>
      <Modal
        open={asking}
        title={r('clearTitle')}
        onCancel={() => setAsking(false)}
        onOk={() => form.submit()}
        okText={r('clearOk')}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={r('clearHint')} style={{ marginBottom: 12 }} />
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={(v) => clear(v.purpose.trim())}>
          <Form.Item
            name="purpose"
            label={r('purpose')}
            rules={[
              { required: true, min: 4, whitespace: true, message: t('console.records.purposeRequired') },
            ]}
          >
            <Input.TextArea
              rows={3}
              maxLength={200}
              placeholder={r('purposePlaceholder')}
              data-testid="export-purpose"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
