import {
  ApartmentOutlined,
  BarChartOutlined,
  CalendarOutlined,
  ClusterOutlined,
  CommentOutlined,
  FlagOutlined,
  GiftOutlined,
  HeartOutlined,
  LogoutOutlined,
  MoonOutlined,
  ReadOutlined,
  SolutionOutlined,
  SwapOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Me } from '@doorstep/contract';
import { Avatar, Button, Layout, Menu, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe } from '../../app/queries';
import { isResponderOnly } from '../requests/access';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './NotificationBell';
import { SuspensePage } from './SuspensePage';
import { useSignOut } from './useSignOut';

const { Header, Sider, Content } = Layout;

/** "社区书记 · 龙腾社区" for each role the user holds. */
export function roleLabels(me: Me, t: (k: string) => string): string[] {
  if (me.isPlatformAdmin && me.roles.length === 0) return [t('roles.platform_admin')];
  // a responder is known by their organisation (金茂物业), not the community it serves
  return me.roles.map(
    (r) => `${t(`roles.${r.role}`)} · ${(r.role === 'responder' && r.orgName) || r.areaName}`,
  );
}

/** Header (brand, language, user, sign out), navigation, and the page. */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const [collapsed, setCollapsed] = useState(false);
  const responderOnly = isResponderOnly(me);
  const section = location.pathname.split('/')[1] || (responderOnly ? 'requests' : 'areas');
  const roles = roleLabels(me, t);
  const items = [
    {
      key: 'requests',
      icon: <SolutionOutlined />,
      label: <span data-testid="requests-nav">{t('console.nav.requests')}</span>,
    },
    // A responder's console is the requests workbench only.
    ...(!responderOnly
      ? [
          { key: 'areas', icon: <ApartmentOutlined />, label: t('console.nav.areas') },
          // 工作日历与时限: platform admins edit, street admins and secretaries view
          ...(me.isPlatformAdmin ||
          me.roles.some((r) => ['street_admin', 'community_secretary'].includes(r.role))
            ? [{ key: 'settings', icon: <CalendarOutlined />, label: t('console.nav.calendar') }]
            : []),
          // 人员台账: staff and grid workers (the server scopes the rows to their areas)
          ...(me.isPlatformAdmin ||
          me.roles.some((r) =>
            ['street_admin', 'community_secretary', 'community_staff', 'grid_worker'].includes(r.role),
          )
            ? [{ key: 'records', icon: <TeamOutlined />, label: t('console.nav.records') }]
            : []),
          // 积分台账: community staff, secretaries and street admins (the server scopes to their communities)
          ...(me.isPlatformAdmin ||
          me.roles.some((r) => ['street_admin', 'community_secretary', 'community_staff'].includes(r.role))
            ? [{ key: 'ledger', icon: <GiftOutlined />, label: t('console.nav.ledger') }]
            : []),
          // 居民参与 (微心愿, 议事厅, 三张清单): community staff, secretaries and street admins
          ...(me.isPlatformAdmin ||
          me.roles.some((r) => ['street_admin', 'community_secretary', 'community_staff'].includes(r.role))
            ? [{ key: 'participation', icon: <CommentOutlined />, label: t('console.nav.participation') }]
            : []),
          // 社区学院, 志愿者, 暗夜走访: community staff, secretaries and street admins
          ...(me.isPlatformAdmin ||
          me.roles.some((r) => ['street_admin', 'community_secretary', 'community_staff'].includes(r.role))
            ? [
                { key: 'college', icon: <ReadOutlined />, label: t('console.nav.college') },
                { key: 'volunteers', icon: <HeartOutlined />, label: t('console.nav.volunteers') },
                { key: 'patrols', icon: <MoonOutlined />, label: t('console.nav.patrols') },
                { key: 'party-members', icon: <FlagOutlined />, label: t('console.nav.partyMembers') },
              ]
            : []),
          // 数据应用: staff and grid workers (dashboards of their areas; a grid worker's brief items to report on)
          ...(me.isPlatformAdmin ||
          me.roles.some((r) =>
            ['street_admin', 'community_secretary', 'community_staff', 'grid_worker'].includes(r.role),
          )
            ? [{ key: 'insights', icon: <BarChartOutlined />, label: t('console.nav.insights') }]
            : []),
          { key: 'party', icon: <ClusterOutlined />, label: t('console.nav.party') },
          { key: 'imports', icon: <SwapOutlined />, label: t('console.nav.imports') },
        ]
      : []),
  ];

  return (
    <Layout className="ds-shell">
      <Header className="ds-header">
        <Link to="/" className="ds-brand" aria-label={`${t('common.appName')} · ${t('console.title')}`}>
          <span className="ds-brand-mark" aria-hidden>
            家
          </span>
          <span className="ds-brand-name">{t('common.appName')}</span>
          <span className="ds-brand-sep" aria-hidden>
            ·
          </span>
          <span className="ds-brand-sub">{t('console.title')}</span>
        </Link>
        <div className="ds-header-right">
          <NotificationBell />
          <LanguageSwitch className="ds-header-btn" />
          <Tooltip title={roles.length > 1 ? roles.join('；') : undefined}>
            <div className="ds-user">
              <Avatar size={30} className="ds-user-avatar">
                {me.user.name.slice(0, 1)}
              </Avatar>
              <div className="ds-user-text">
                <span className="ds-user-name">{me.user.name}</span>
                <span className="ds-user-role">{roles[0]}</span>
              </div>
            </div>
          </Tooltip>
          <Button
            type="text"
            className="ds-header-btn"
            icon={<LogoutOutlined />}
            onClick={signOut}
            aria-label={t('common.logout')}
          >
            <span className="ds-hide-narrow">{t('common.logout')}</span>
          </Button>
        </div>
      </Header>
      <Layout>
        <Sider
          width={220}
          collapsedWidth={64}
          breakpoint="xl"
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          className="ds-sider"
        >
          <nav aria-label={t('console.nav.menu')}>
            <Menu
              mode="inline"
              selectedKeys={[section]}
              items={items}
              onClick={({ key }) => navigate(`/${key}`)}
            />
          </nav>
        </Sider>
        <Content className="ds-content">
          <SuspensePage>
            <Outlet />
          </SuspensePage>
        </Content>
      </Layout>
    </Layout>
  );
}
