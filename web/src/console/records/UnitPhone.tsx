import { EyeOutlined } from '@ant-design/icons';
import type { Unit, UnitUnmasked } from '@doorstep/contract';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../app/api';

/**
 * A unit's contact phone, masked; secretaries and street admins may see it in full after stating a purpose — the
 * grant people's data use (10 minutes, audited; decision 0031).
 */
export function UnitPhone({ unit, canUnmask }: { unit: Unit; canUnmask: boolean }) {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.records.${k}`, o);
  const [asking, setAsking] = useState(false);
  const [clear, setClear] = useState<UnitUnmasked | null>(null);
  const [form] = Form.useForm<{ purpose: string }>();
  const unmask = useMutation({
    mutationFn: (purpose: string) =>
      api<UnitUnmasked>(`/api/records/units/${unit.id}/unmask`, { method: 'POST', json: { purpose } }),
    onSuccess: (v) => {
      setClear(v);
      setAsking(false);
      window.setTimeout(() => setClear(null), Math.max(0, Date.parse(v.expiresAt) - Date.now()));
    },
  });
  if (!unit.contactPhone) return null;
  return (
    <div className="ds-unit-phone" style={{ marginBottom: 16 }}>
      <Space wrap>
        <Typography.Text type="secondary">{r('units.contactPhone')}</Typography.Text>
        <code data-testid="unit-phone-shown">{clear?.contactPhone ?? unit.contactPhone}</code>
        {clear ? (
          <Typography.Text type="warning">
            {r('unmasked', {
              time: new Date(clear.expiresAt).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai' }),
            })}
          </Typography.Text>
        ) : canUnmask ? (
          <Button
            size="small"
            icon={<EyeOutlined />}
            onClick={() => setAsking(true)}
            data-testid="unit-unmask"
          >
            {r('units.unmask')}
          </Button>
        ) : null}
      </Space>
      <Modal
        open={asking}
        title={r('units.unmaskTitle', { name: unit.name })}
        onCancel={() => setAsking(false)}
        onOk={() => form.submit()}
        confirmLoading={unmask.isPending}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={r('units.unmaskHint')} style={{ marginBottom: 12 }} />
        {unmask.error && (
          <Alert
            type="error"
            title={unmask.error instanceof ApiError ? unmask.error.userMessage : String(unmask.error)}
            style={{ marginBottom: 12 }}
          />
        )}
        <Form form={form} layout="vertical" onFinish={(v) => unmask.mutate(v.purpose.trim())}>
          <Form.Item
            name="purpose"
            label={r('purpose')}
            rules={[{ required: true, min: 4, whitespace: true, message: r('purposeRequired') }]}
          >
            <Input.TextArea
              rows={3}
              maxLength={200}
              placeholder={r('units.purposePlaceholder')}
              data-testid="unit-unmask-purpose"
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
