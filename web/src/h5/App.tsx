import type { Me } from '@doorstep/contract';
import { QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider, SpinLoading } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { type ComponentType, lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { queryClient, useMe } from '../app/queries';
import { ClipboardIcon, HouseIcon, UserIcon } from './components/icons';
import { LoadError } from './components/LoadError';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';

// 诉求 pages load on first use: the first screen stays small.
const ReportPage = lazy(() => import('./requests/ReportPage').then((m) => ({ default: m.ReportPage })));
const MyRequestsPage = lazy(() =>
  import('./requests/MyRequestsPage').then((m) => ({ default: m.MyRequestsPage })),
);
const RequestDetailPage = lazy(() =>
  import('./requests/RequestDetailPage').then((m) => ({ default: m.RequestDetailPage })),
);
const MePage = lazy(() => import('./pages/MePage').then((m) => ({ default: m.MePage })));
const MyDataPage = lazy(() => import('./records/MyDataPage').then((m) => ({ default: m.MyDataPage })));
const FacilityPatrolPage = lazy(() =>
  import('./records/PatrolPage').then((m) => ({ default: m.PatrolPage })),
);
const VisitPage = lazy(() => import('./records/VisitPage').then((m) => ({ default: m.VisitPage })));
const MyPointsPage = lazy(() => import('./ledger/MyPointsPage').then((m) => ({ default: m.MyPointsPage })));
const WishesPage = lazy(() => import('./participation/WishPages').then((m) => ({ default: m.WishesPage })));
const PostWishPage = lazy(() =>
  import('./participation/WishPages').then((m) => ({ default: m.PostWishPage })),
);
const WishDetailPage = lazy(() =>
  import('./participation/WishPages').then((m) => ({ default: m.WishDetailPage })),
);
const MicroListPage = lazy(() =>
  import('./participation/MicroPages').then((m) => ({ default: m.MicroListPage })),
);
const MicroProposePage = lazy(() =>
  import('./participation/MicroPages').then((m) => ({ default: m.MicroProposePage })),
);
const MicroDetailPage = lazy(() =>
  import('./participation/MicroPages').then((m) => ({ default: m.MicroDetailPage })),
);
const HallPage = lazy(() => import('./participation/HallPage').then((m) => ({ default: m.HallPage })));
const ActivitiesPage = lazy(() =>
  import('./activities/ActivitiesPage').then((m) => ({ default: m.ActivitiesPage })),
);
const CheckinPage = lazy(() =>
  import('./activities/ActivitiesPage').then((m) => ({ default: m.CheckinPage })),
);
const VolunteerPage = lazy(() =>
  import('./activities/VolunteerPage').then((m) => ({ default: m.VolunteerPage })),
);
const CertificatePage = lazy(() =>
  import('./activities/VolunteerPage').then((m) => ({ default: m.CertificatePage })),
);
const PartyPage = lazy(() => import('./activities/PartyPage').then((m) => ({ default: m.PartyPage })));
const PatrolPage = lazy(() => import('./patrols/PatrolPage').then((m) => ({ default: m.PatrolPage })));
const MyBriefItemsPage = lazy(() =>
  import('./insights/MyBriefItemsPage').then((m) => ({ default: m.MyBriefItemsPage })),
);
const CommunityFiguresPage = lazy(() =>
  import('./insights/OpenPages').then((m) => ({ default: m.CommunityFiguresPage })),
);
const OpenCommunityPage = lazy(() =>
  import('./insights/OpenPages').then((m) => ({ default: m.OpenCommunityPage })),
);
const NotificationsPage = lazy(() =>
  import('./notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })),
);

export function App() {
  const { t, i18n } = useTranslation();
  const en = i18n.language?.startsWith('en');
  useEffect(() => {
    document.title = t('common.appName');
  }, [t]);
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={en ? enUS : zhCN}>
        <BrowserRouter basename="/h5">
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/" element={<SignedIn page={HomePage} />} />
            <Route path="/me" element={<SignedIn page={MePage} />} />
            <Route path="/requests" element={<SignedIn page={MyRequestsPage} />} />
            <Route path="/requests/:id" element={<SignedIn page={RequestDetailPage} tabs={false} />} />
            <Route path="/report" element={<SignedIn page={ReportPage} tabs={false} />} />
            <Route path="/messages" element={<SignedIn page={NotificationsPage} tabs={false} />} />
            <Route path="/me/data" element={<SignedIn page={MyDataPage} tabs={false} />} />
            <Route path="/me/points" element={<SignedIn page={MyPointsPage} tabs={false} />} />
            <Route path="/wishes" element={<SignedIn page={WishesPage} tabs={false} />} />
            <Route path="/wishes/new" element={<SignedIn page={PostWishPage} tabs={false} />} />
            <Route path="/wishes/:id" element={<SignedIn page={WishDetailPage} tabs={false} />} />
            <Route path="/hall" element={<SignedIn page={HallPage} tabs={false} />} />
            <Route path="/microprojects" element={<SignedIn page={MicroListPage} tabs={false} />} />
            <Route path="/microprojects/new" element={<SignedIn page={MicroProposePage} tabs={false} />} />
            <Route path="/microprojects/:id" element={<SignedIn page={MicroDetailPage} tabs={false} />} />
            <Route path="/activities" element={<SignedIn page={ActivitiesPage} tabs={false} />} />
            <Route path="/activities/checkin" element={<SignedIn page={CheckinPage} tabs={false} />} />
            <Route path="/volunteer" element={<SignedIn page={VolunteerPage} tabs={false} />} />
            <Route path="/volunteer/certificate" element={<SignedIn page={CertificatePage} tabs={false} />} />
            <Route path="/patrols" element={<SignedIn page={PatrolPage} tabs={false} />} />
            <Route path="/party" element={<SignedIn page={PartyPage} tabs={false} />} />
            <Route path="/me/brief" element={<SignedIn page={MyBriefItemsPage} tabs={false} />} />
            <Route path="/facilities" element={<SignedIn page={FacilityPatrolPage} tabs={false} />} />
            <Route path="/visits" element={<SignedIn page={VisitPage} tabs={false} />} />
            <Route path="/figures" element={<SignedIn page={CommunityFiguresPage} tabs={false} />} />
            <Route path="/open/:code" element={<Anonymous page={OpenCommunityPage} />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </BrowserRouter>
      </ConfigProvider>
    </QueryClientProvider>
  );
}

/**
 * A page for a signed-in user (a tab page unless `tabs` is false); signed-out users go to the login page and
 * come back here after (a QR code's /report?place=… survives the sign-in).
 */
function SignedIn({ page: Page, tabs = true }: { page: ComponentType<{ me: Me }>; tabs?: boolean }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <div className="h5-page">
        <Loading />
      </div>
    );
  }
  if (me.isError && !me.data) {
    return (
      <div className="h5-page">
        <LoadError error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <div className={tabs ? 'h5-page h5-page-with-tabbar' : 'h5-page h5-page-sub'}>
      <main>
        <Suspense fallback={<Loading />}>
          <Page me={me.data} />
        </Suspense>
      </main>
      {tabs && <TabBar />}
    </div>
  );
}

/** A page anyone may open without signing in (the community's public page). */
function Anonymous({ page: Page }: { page: ComponentType }) {
  return (
    <div className="h5-page h5-page-sub">
      <main>
        <Suspense fallback={<Loading />}>
          <Page />
        </Suspense>
      </main>
    </div>
  );
}

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="h5-center" aria-busy="true">
      <SpinLoading color="primary" style={{ '--size': '3rem' }} />
      <span>{t('common.loading')}</span>
    </div>
  );
}

/** Bottom tabs (首页 / 诉求 / 我的); future modules add theirs here. Real links, big targets, safe-area aware. */
function TabBar() {
  const { t } = useTranslation();
  const tabs = [
    { to: '/', icon: <HouseIcon />, label: t('h5.tabs.home'), testId: 'h5-tab-home' },
    {
      to: '/requests',
      icon: <ClipboardIcon />,
      label: t('h5.tabs.requests'),
      testId: 'h5-tab-requests',
    },
    { to: '/me', icon: <UserIcon />, label: t('h5.tabs.me'), testId: 'h5-tab-me' },
  ];
  return (
    <nav className="h5-tabbar">
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          end
          replace
          data-testid={tab.testId}
          className={({ isActive }) => (isActive ? 'active' : undefined)}
        >
          <span className="h5-tab-icon" aria-hidden="true">
            {tab.icon}
          </span>
          <span>{tab.label}</span>
        </NavLink>
      ))}
    </nav>
  );
}
