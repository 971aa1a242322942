import type { Me } from '@doorstep/contract';
import { Button, Dialog, Switch, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, authApi } from '../../app/api';
import { setLanguage } from '../../app/i18n';
import { queryClient } from '../../app/queries';
import {
  CheckCircleIcon,
  ChevronRightIcon,
  ClipboardIcon,
  ClockIcon,
  GlobeIcon,
  HouseIcon,
  MonitorIcon,
  PeopleIcon,
  ShieldIcon,
  TeamIcon,
  TextSizeIcon,
} from '../components/icons';
import { RoleTag } from '../components/RoleTag';
import { setLargeText, useLargeText } from '../prefs';

/** 我的: who I am, my roles, 大字模式, language, my data and who viewed it, the staff console, sign out. */
export function MePage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const large = useLargeText();
  const [signingOut, setSigningOut] = useState(false);
  const en = i18n.language?.startsWith('en');

  const signOut = async () => {
    const ok = await Dialog.confirm({
      content: <div style={{ textAlign: 'center', fontSize: '1.125rem' }}>{t('h5.me.logoutConfirm')}</div>,
      confirmText: t('common.logout'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    setSigningOut(true);
    try {
      await authApi.signOut();
    } catch (e) {
      // Already signed out is fine; anything else is worth saying.
      if (!(e instanceof ApiError && e.status === 401)) {
        setSigningOut(false);
        Toast.show({
          icon: 'fail',
          content: e instanceof ApiError ? e.userMessage : t('common.networkError'),
        });
        return;
      }
    }
    navigate('/login', { replace: true });
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    queryClient.setQueryData(['me'], null);
  };

  return (
    <>
      <header className="h5-hero">
        <div className="h5-me-hero">
          <div className="h5-avatar" aria-hidden="true">
            {Array.from(me.user.name)[0] ?? '?'}
          </div>
          <div>
            <h1 className="h5-me-name">{me.user.name}</h1>
            <p className="h5-me-phone">
              <span className="sr-only">{t('h5.me.phone')} </span>
              {me.user.phoneMasked ?? t('h5.me.noPhone')}
            </p>
          </div>
        </div>
      </header>

      <div className="h5-content">
        <section className="h5-card" aria-labelledby="h5-me-roles">
          <h2 className="h5-card-title" id="h5-me-roles">
            {t('h5.me.roles')}
          </h2>
          {me.roles.length ? (
            <div className="h5-role-list">
              {me.roles.map((r) => (
                <div className="h5-role-row" key={`${r.tenantId}-${r.role}-${r.areaId}-${r.orgName ?? ''}`}>
                  <RoleTag role={r} />
                </div>
              ))}
            </div>
          ) : (
            <p className="h5-hint">{t('h5.me.noRoles')}</p>
          )}
        </section>

        <section className="h5-card h5-settings" aria-label={t('h5.me.settings')}>
          <div className="h5-setting">
            <TextSizeIcon />
            <div className="h5-setting-text" id="h5-large-text-label">
              <b>{t('h5.me.largeText')}</b>
              <span>{t('h5.me.largeTextHint')}</span>
            </div>
            <Switch
              data-testid="h5-large-text"
              aria-labelledby="h5-large-text-label"
              checked={large}
              onChange={setLargeText}
              checkedText={t('h5.me.on')}
              uncheckedText={t('h5.me.off')}
            />
          </div>
          <div className="h5-setting h5-setting-stacked">
            <div className="h5-setting-head">
              <GlobeIcon />
              <div className="h5-setting-text">
                <b id="h5-language-label">{t('h5.me.language')}</b>
              </div>
            </div>
            <fieldset className="h5-segmented" aria-labelledby="h5-language-label">
              <button
                type="button"
                lang="zh-CN"
                aria-pressed={!en}
                data-testid="h5-lang-zh"
                onClick={() => setLanguage('zh-CN')}
              >
                {t('h5.me.langZh')}
              </button>
              <button
                type="button"
                lang="en"
                aria-pressed={!!en}
                data-testid="h5-lang-en"
                onClick={() => setLanguage('en-US')}
              >
                {t('h5.me.langEn')}
              </button>
            </fieldset>
          </div>
          <Link className="h5-setting" to="/me/points" data-testid="h5-my-points-link">
            <CheckCircleIcon />
            <div className="h5-setting-text">
              <b>{t('h5.me.myPoints')}</b>
              <span>{t('h5.me.myPointsHint')}</span>
            </div>
            <ChevronRightIcon className="h5-setting-arrow" />
          </Link>
          <Link className="h5-setting" to="/volunteer" data-testid="h5-volunteer-link">
            <TeamIcon />
            <div className="h5-setting-text">
              <b>{t('h5.me.volunteer')}</b>
              <span>{t('h5.me.volunteerHint')}</span>
            </div>
            <ChevronRightIcon className="h5-setting-arrow" />
          </Link>
          {me.roles.some((r) => r.role === 'party_member') && (
            <Link className="h5-setting" to="/party" data-testid="h5-party-link">
              <PeopleIcon />
              <div className="h5-setting-text">
                <b>{t('h5.me.party')}</b>
                <span>{t('h5.me.partyHint')}</span>
              </div>
              <ChevronRightIcon className="h5-setting-arrow" />
            </Link>
          )}
          {me.roles.some((r) =>
            ['community_secretary', 'community_staff', 'grid_worker', 'responder'].includes(r.role),
          ) && (
            <Link className="h5-setting" to="/patrols" data-testid="h5-patrols-link">
              <ClockIcon />
              <div className="h5-setting-text">
                <b>{t('h5.me.patrols')}</b>
                <span>{t('h5.me.patrolsHint')}</span>
              </div>
              <ChevronRightIcon className="h5-setting-arrow" />
            </Link>
          )}
          {me.roles.some((r) =>
            ['grid_worker', 'community_staff', 'community_secretary', 'responder'].includes(r.role),
          ) && (
            <Link className="h5-setting" to="/me/brief" data-testid="h5-my-brief-link">
              <ClipboardIcon />
              <div className="h5-setting-text">
                <b>{t('h5.me.myBrief')}</b>
                <span>{t('h5.me.myBriefHint')}</span>
              </div>
              <ChevronRightIcon className="h5-setting-arrow" />
            </Link>
          )}
          {me.roles.some((r) => r.role === 'grid_worker') && (
            <Link className="h5-setting" to="/facilities" data-testid="h5-patrol-link">
              <CheckCircleIcon />
              <div className="h5-setting-text">
                <b>{t('h5.me.patrol')}</b>
                <span>{t('h5.me.patrolHint')}</span>
              </div>
              <ChevronRightIcon className="h5-setting-arrow" />
            </Link>
          )}
          {me.roles.some((r) => r.role === 'grid_worker') && (
            <Link className="h5-setting" to="/visits" data-testid="h5-visit-link">
              <HouseIcon />
              <div className="h5-setting-text">
                <b>{t('h5.me.visit')}</b>
                <span>{t('h5.me.visitHint')}</span>
              </div>
              <ChevronRightIcon className="h5-setting-arrow" />
            </Link>
          )}
          <Link className="h5-setting" to="/me/data" data-testid="h5-my-data-link">
            <ShieldIcon />
            <div className="h5-setting-text">
              <b>{t('h5.me.myData')}</b>
              <span>{t('h5.me.myDataHint')}</span>
            </div>
            <ChevronRightIcon className="h5-setting-arrow" />
          </Link>
          {me.consoleAccess && (
            <a className="h5-setting" href="/" data-testid="h5-console-link">
              <MonitorIcon />
              <div className="h5-setting-text">
                <b>{t('h5.me.console')}</b>
                <span>{t('h5.me.consoleHint')}</span>
              </div>
              <ChevronRightIcon className="h5-setting-arrow" />
            </a>
          )}
        </section>

        <Button
          block
          size="large"
          className="h5-block-button h5-logout"
          data-testid="h5-logout"
          loading={signingOut}
          onClick={signOut}
        >
          {t('common.logout')}
        </Button>
      </div>
    </>
  );
}
