import { lazy } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { ConsoleLayout } from './shell/ConsoleLayout';
import { NotFound } from './shell/NotFound';
import { RequireConsole } from './shell/RequireConsole';
import { SuspensePage } from './shell/SuspensePage';

// Every page is its own chunk, so the first screen loads only the shell and that page.
const LoginPage = lazy(() => import('./login/LoginPage'));
const RequestsPage = lazy(() => import('./requests/RequestsPage'));
const HistoryPage = lazy(() => import('./history/HistoryPage'));
const AreasPage = lazy(() => import('./areas/AreasPage'));
const PartyOrgsPage = lazy(() => import('./party/PartyOrgsPage'));
const ImportExportPage = lazy(() => import('./imports/ImportExportPage'));
const CalendarPage = lazy(() => import('./calendar/CalendarPage'));
const RecordsPage = lazy(() => import('./records/RecordsPage'));
const LedgerPage = lazy(() => import('./ledger/LedgerPage'));
const ParticipationPage = lazy(() => import('./participation/ParticipationPage'));
const CollegePage = lazy(() => import('./activities/CollegePage'));
const VolunteersPage = lazy(() => import('./activities/VolunteersPage'));
const PartyMembersPage = lazy(() => import('./activities/PartyMembersPage'));
const PatrolsPage = lazy(() => import('./patrols/PatrolsPage'));
const InsightsPage = lazy(() => import('./insights/InsightsPage'));

export const consoleRouter = createBrowserRouter([
  {
    path: '/login',
    element: (
      <SuspensePage>
        <LoginPage />
      </SuspensePage>
    ),
  },
  {
    path: '/',
    element: (
      <RequireConsole>
        <ConsoleLayout />
      </RequireConsole>
    ),
    children: [
      { index: true, element: <Navigate to="/areas" replace /> },
      { path: 'requests/history', element: <HistoryPage /> },
      { path: 'requests/:requestId?', element: <RequestsPage /> },
      { path: 'areas/:areaId?', element: <AreasPage /> },
      { path: 'party', element: <PartyOrgsPage /> },
      { path: 'records/:tab?', element: <RecordsPage /> },
      { path: 'ledger/:tab?', element: <LedgerPage /> },
      { path: 'participation/:tab?', element: <ParticipationPage /> },
      { path: 'college/:tab?', element: <CollegePage /> },
      { path: 'volunteers', element: <VolunteersPage /> },
      { path: 'patrols', element: <PatrolsPage /> },
      { path: 'party-members', element: <PartyMembersPage /> },
      { path: 'insights/:tab?', element: <InsightsPage /> },
      { path: 'imports', element: <ImportExportPage /> },
      { path: 'settings', element: <Navigate to="/settings/calendar" replace /> },
      { path: 'settings/calendar', element: <CalendarPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
