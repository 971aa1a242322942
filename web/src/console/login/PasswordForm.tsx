import { LockOutlined, MobileOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, authApi } from '../../app/api';
import { phoneRule } from './phone';

interface Values {
  phoneNumber: string;
  password: string;
}

export function PasswordForm({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await authApi.signInPassword(v.phoneNumber.trim(), v.password);
      await onSignedIn();
    } catch (e) {
      setError(e instanceof ApiError ? e.userMessage : t('common.networkError'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
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
          data-testid="login-phone"
        />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('login.password')}
        rules={[{ required: true, message: t('login.passwordRequired') }]}
      >
        <Input.Password
          size="large"
          prefix={<LockOutlined />}
          autoComplete="current-password"
          placeholder={t('console.login.passwordPlaceholder')}
          data-testid="login-password"
        />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} className="ds-form-alert" role="alert" />}
      <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="login-submit">
        {t('login.submit')}
      </Button>
    </Form>
  );
}
