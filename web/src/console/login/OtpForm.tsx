import { MobileOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, authApi } from '../../app/api';
import { PHONE_RE, phoneRule } from './phone';

interface Values {
  phoneNumber: string;
  code: string;
}

const RESEND_SECONDS = 60;

/** Phone + one-time code; the code can be asked for again after 60 s. */
export function OtpForm({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState(false);
  const [left, setLeft] = useState(0);

  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);

  const send = async () => {
    const phone = (form.getFieldValue('phoneNumber') ?? '').trim();
    if (!PHONE_RE.test(phone)) {
      await form.validateFields(['phoneNumber']).catch(() => undefined);
      return;
    }
    setSending(true);
    setError(null);
    try {
      await authApi.sendOtp(phone);
      setLeft(RESEND_SECONDS);
      message.success(t('login.otpSent'));
    } catch (e) {
      setError(e instanceof ApiError ? e.userMessage : t('console.login.sendFailed'));
    } finally {
      setSending(false);
    }
  };

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await authApi.verifyOtp(v.phoneNumber.trim(), v.code.trim());
      await onSignedIn();
    } catch (e) {
      setError(e instanceof ApiError ? e.userMessage : t('common.networkError'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={submit}
      onValuesChange={() => setError(null)}
    >
      <Form.Item name="phoneNumber" label={t('login.phone')} rules={[phoneRule(t('login.phoneInvalid'))]}>
        <Input
          size="large"
          prefix={<MobileOutlined />}
          inputMode="numeric"
          autoComplete="tel"
          maxLength={11}
          placeholder={t('console.login.phonePlaceholder')}
          data-testid="login-otp-phone"
        />
      </Form.Item>
      <Form.Item label={t('login.otp')} required>
        <Space.Compact block>
          <Form.Item
            name="code"
            noStyle
            rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.otpInvalid') }]}
          >
            <Input
              size="large"
              prefix={<SafetyOutlined />}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder={t('console.login.otpPlaceholder')}
              aria-label={t('login.otp')}
              data-testid="login-otp-code"
            />
          </Form.Item>
          <Button size="large" onClick={send} loading={sending} disabled={left > 0} className="ds-otp-send">
            {left > 0 ? t('login.resendIn', { s: left }) : t('login.sendOtp')}
          </Button>
        </Space.Compact>
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} className="ds-form-alert" role="alert" />}
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={busy}
        data-testid="login-otp-submit"
      >
        {t('login.submit')}
      </Button>
    </Form>
  );
}
