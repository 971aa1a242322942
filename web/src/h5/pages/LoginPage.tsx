import { Button, Tabs, Toast } from 'antd-mobile';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError, authApi } from '../../app/api';
import { setLanguage } from '../../app/i18n';
import { queryClient, useMe } from '../../app/queries';
import { AlertIcon, EyeIcon, EyeOffIcon, GlobeIcon, HouseIcon } from '../components/icons';
import { OTP_RE, PHONE_RE, safeNext } from '../format';

type Mode = 'password' | 'otp';
type FieldErrors = { phone?: string; password?: string; otp?: string };

const RESEND_SECONDS = 60;

function errorText(e: unknown, fallback: string) {
  return e instanceof ApiError ? e.userMessage : fallback;
}

/** Password or SMS-code sign-in. What the user typed survives errors and tab switches. */
export function LoginPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));

  const [mode, setMode] = useState<Mode>('password');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [otp, setOtp] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [sending, setSending] = useState(false);
  const [resendAt, setResendAt] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const otpRef = useRef<HTMLInputElement>(null);

  const secondsLeft = Math.max(0, Math.ceil((resendAt - now) / 1000));
  useEffect(() => {
    if (secondsLeft <= 0) return;
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, [secondsLeft]);

  if (me.data) return <Navigate to={next} replace />;

  const en = i18n.language?.startsWith('en');

  const checkPhone = (): string | undefined => (PHONE_RE.test(phone) ? undefined : t('login.phoneInvalid'));

  const onSendOtp = async () => {
    const phoneError = checkPhone();
    setFieldErrors((f) => ({ ...f, phone: phoneError }));
    setFormError(null);
    if (phoneError) return;
    setSending(true);
    try {
      await authApi.sendOtp(phone);
      const at = Date.now();
      setNow(at);
      setResendAt(at + RESEND_SECONDS * 1000);
      Toast.show({ icon: 'success', content: t('login.otpSent') });
      otpRef.current?.focus();
    } catch (e) {
      setFormError(errorText(e, t('common.networkError')));
    } finally {
      setSending(false);
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (submitting) return;
    const errors: FieldErrors = { phone: checkPhone() };
    if (mode === 'password' && !password) errors.password = t('login.passwordRequired');
    if (mode === 'otp' && !OTP_RE.test(otp)) errors.otp = t('login.otpInvalid');
    setFieldErrors(errors);
    setFormError(null);
    if (errors.phone || errors.password || errors.otp) return;
    setSubmitting(true);
    try {
      if (mode === 'password') await authApi.signInPassword(phone, password);
      else await authApi.verifyOtp(phone, otp);
      Toast.clear();
      // Refetching `me` renders <Navigate to={next}> above.
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    } catch (err) {
      setFormError(errorText(err, t('common.networkError')));
    } finally {
      setSubmitting(false);
    }
  };

  const clearError = (field: keyof FieldErrors) => {
    if (fieldErrors[field]) setFieldErrors((f) => ({ ...f, [field]: undefined }));
    if (formError) setFormError(null);
  };

  return (
    <div className="h5-page h5-login">
      <header className="h5-hero">
        <div className="h5-hero-bar">
          <button
            type="button"
            className="h5-lang-toggle"
            data-testid="h5-lang-toggle"
            aria-label={t('h5.login.switchToLabel')}
            lang={en ? 'zh-CN' : 'en'}
            onClick={() => setLanguage(en ? 'zh-CN' : 'en-US')}
          >
            <GlobeIcon />
            {t('h5.login.switchTo')}
          </button>
        </div>
        <div className="h5-logo">
          <HouseIcon />
        </div>
        <p className="h5-welcome">{t('h5.login.welcome')}</p>
        <h1 className="h5-app-name">{t('common.appName')}</h1>
        <p className="h5-tagline">{t('h5.appTagline')}</p>
      </header>

      <main className="h5-card h5-login-card">
        <Tabs
          activeKey={mode}
          onChange={(k) => {
            setMode(k as Mode);
            setFormError(null);
            setFieldErrors((f) => ({ phone: f.phone }));
          }}
        >
          <Tabs.Tab title={t('login.byPassword')} key="password" />
          <Tabs.Tab title={t('login.byOtp')} key="otp" />
        </Tabs>

        <form className="h5-form" onSubmit={onSubmit} noValidate>
          <div className="h5-field">
            <label htmlFor="h5-phone">{t('login.phone')}</label>
            <div className={`h5-input${fieldErrors.phone ? ' h5-invalid' : ''}`}>
              <input
                id="h5-phone"
                data-testid="h5-phone"
                name="phone"
                type="tel"
                inputMode="numeric"
                autoComplete="tel-national"
                maxLength={11}
                placeholder={t('h5.login.phonePlaceholder')}
                value={phone}
                aria-invalid={!!fieldErrors.phone}
                aria-describedby={fieldErrors.phone ? 'h5-phone-error' : undefined}
                onChange={(e) => {
                  setPhone(e.target.value.replace(/\D/g, '').slice(0, 11));
                  clearError('phone');
                }}
              />
            </div>
            {fieldErrors.phone && (
              <p className="h5-field-error" id="h5-phone-error" role="alert">
                <AlertIcon />
                {fieldErrors.phone}
              </p>
            )}
          </div>

          {mode === 'password' ? (
            <div className="h5-field">
              <label htmlFor="h5-password">{t('login.password')}</label>
              <div className={`h5-input${fieldErrors.password ? ' h5-invalid' : ''}`}>
                <input
                  id="h5-password"
                  data-testid="h5-password"
                  name="password"
                  type={showPassword ? 'text' : 'password'}
                  autoComplete="current-password"
                  placeholder={t('h5.login.passwordPlaceholder')}
                  value={password}
                  aria-invalid={!!fieldErrors.password}
                  aria-describedby={fieldErrors.password ? 'h5-password-error' : undefined}
                  onChange={(e) => {
                    setPassword(e.target.value);
                    clearError('password');
                  }}
                />
                <button
                  type="button"
                  className="h5-eye"
                  aria-label={t(showPassword ? 'h5.login.hidePassword' : 'h5.login.showPassword')}
                  aria-pressed={showPassword}
                  onClick={() => setShowPassword((s) => !s)}
                >
                  {showPassword ? <EyeIcon /> : <EyeOffIcon />}
                </button>
              </div>
              {fieldErrors.password && (
                <p className="h5-field-error" id="h5-password-error" role="alert">
                  <AlertIcon />
                  {fieldErrors.password}
                </p>
              )}
            </div>
          ) : (
            <div className="h5-field">
              <label htmlFor="h5-otp">{t('login.otp')}</label>
              <div className="h5-input-row">
                <div className={`h5-input${fieldErrors.otp ? ' h5-invalid' : ''}`}>
                  <input
                    id="h5-otp"
                    ref={otpRef}
                    data-testid="h5-otp"
                    name="otp"
                    type="text"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={6}
                    placeholder={t('h5.login.otpPlaceholder')}
                    value={otp}
                    aria-invalid={!!fieldErrors.otp}
                    aria-describedby={fieldErrors.otp ? 'h5-otp-error' : 'h5-otp-hint'}
                    onChange={(e) => {
                      setOtp(e.target.value.replace(/\D/g, '').slice(0, 6));
                      clearError('otp');
                    }}
                  />
                </div>
                <Button
                  type="button"
                  className="h5-send-otp"
                  data-testid="h5-send-otp"
                  color="primary"
                  fill="outline"
                  disabled={sending || secondsLeft > 0}
                  onClick={onSendOtp}
                >
                  {sending
                    ? t('h5.login.sending')
                    : secondsLeft > 0
                      ? t('login.resendIn', { s: secondsLeft })
                      : t('login.sendOtp')}
                </Button>
              </div>
              {fieldErrors.otp && (
                <p className="h5-field-error" id="h5-otp-error" role="alert">
                  <AlertIcon />
                  {fieldErrors.otp}
                </p>
              )}
              <p className="h5-hint" id="h5-otp-hint" style={{ marginTop: '0.5rem' }}>
                {t('h5.login.otpHint')}
              </p>
            </div>
          )}

          {formError && (
            <div className="h5-form-error" role="alert" data-testid="h5-login-error">
              <AlertIcon />
              <span>{formError}</span>
            </div>
          )}

          <Button
            type="submit"
            block
            color="primary"
            size="large"
            className="h5-submit"
            data-testid="h5-login-submit"
            loading={submitting}
            loadingText={t('h5.login.signingIn')}
          >
            {t('login.submit')}
          </Button>
        </form>
      </main>
      <p className="h5-help">{t('h5.login.help')}</p>
    </div>
  );
}
