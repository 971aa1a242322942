import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { queryClient, useMe } from '../../app/queries';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { PageSpinner } from '../shell/SuspensePage';
import { OtpForm } from './OtpForm';
import { PasswordForm } from './PasswordForm';

/** Phone + password, or phone + one-time code; then on to where the user was going. */
export default function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from;
  const target = from && from !== '/login' ? from : '/areas';

  if (me.isPending) return <PageSpinner />;
  if (me.data) return <Navigate to={target} replace />;

  const onSignedIn = async () => {
    await queryClient.resetQueries({ queryKey: ['me'] });
    navigate(target, { replace: true });
  };

  return (
    <div className="ds-login">
      <aside className="ds-login-brand">
        <div className="ds-login-brand-inner">
          <div className="ds-login-logo">
            <span className="ds-brand-mark ds-brand-mark-lg" aria-hidden>
              家
            </span>
            <div>
              <div className="ds-login-app">{t('common.appName')}</div>
              <div className="ds-login-sub">{t('console.title')}</div>
            </div>
          </div>
          <p className="ds-login-tagline">{t('console.login.tagline')}</p>
          <p className="ds-login-intro">{t('console.login.intro')}</p>
        </div>
      </aside>
      <main className="ds-login-main">
        <div className="ds-login-lang">
          <LanguageSwitch />
        </div>
        <section className="ds-login-card" aria-labelledby="login-heading">
          <h1 id="login-heading" className="ds-login-heading">
            {t('console.login.heading')}
          </h1>
          <Tabs
            defaultActiveKey="password"
            items={[
              {
                key: 'password',
                label: t('login.byPassword'),
                children: <PasswordForm onSignedIn={onSignedIn} />,
              },
              { key: 'otp', label: t('login.byOtp'), children: <OtpForm onSignedIn={onSignedIn} /> },
            ]}
          />
          <p className="ds-login-footer">
            {t('console.login.footer')} · <a href="/h5/">{t('console.login.openH5')}</a>
          </p>
        </section>
      </main>
    </div>
  );
}
