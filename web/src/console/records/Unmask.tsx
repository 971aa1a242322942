import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../app/api';

/**
 * 查看完整信息 with a stated purpose, shared by the person drawer and a unit's contact phone: the caller shows the
 * masked value and a button that calls `ask`; the dialog asks for the purpose (≥ 4 characters), POSTs it to `url`,
 * and `clear` then holds the clear values until the grant's expiry (10 minutes, audited; decision 0031), when they
 * are hidden again. `until` is the line that says how long they stay shown.
 */
export function useUnmask<T extends { expiresAt: string }>(
  url: string,
  text: { title: string; hint: string; placeholder: string; purposeTestId: string },
): { clear: T | null; until: string | null; ask: () => void; dialog: ReactNode } {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`console.records.${k}`, o);
  const [asking, setAsking] = useState(false);
  const [clear, setClear] = useState<T | null>(null);
  const [form] = Form.useForm<{ purpose: string }>();
  const unmask = useMutation({
    mutationFn: (purpose: string) => api<T>(url, { method: 'POST', json: { purpose } }),
    onSuccess: (v) => {
      setClear(v);
      setAsking(false);
      // the grant ends after 10 minutes: hide the clear values then
      window.setTimeout(() => setClear(null), Math.max(0, Date.parse(v.expiresAt) - Date.now()));
    },
  });
  const until = clear
    ? r('unmasked', {
        time: new Date(clear.expiresAt).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai' }),
      })
    : null;
  const dialog = (
    <Modal
      open={asking}
      title={text.title}
      onCancel={() => setAsking(false)}
      onOk={() => form.submit()}
      confirmLoading={unmask.isPending}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={text.hint} style={{ marginBottom: 12 }} />
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
            placeholder={text.placeholder}
            data-testid={text.purposeTestId}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
  return { clear, until, ask: () => setAsking(true), dialog };
}
