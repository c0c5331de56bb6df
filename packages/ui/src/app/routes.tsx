/**
 * The workstation's route table (hash URLs, so the same links work in Electron's file:// window and in
 * browser mode): `#/patients/<id>/vitals` reopens that chart on that tab, and Back goes where it should.
 *
 * To add a screen: add a route object below in the marked section for your area, and, when it is a
 * workspace of its own, a NAV_ITEMS entry in nav.ts with the roles that use it. Route components read their
 * params with `useParams()` and move with `useNavigate()`; the signed-in user is `useCurrentUser()`.
 */
import { Navigate, type RouteObject } from 'react-router';
import { ShellLayout } from './ShellLayout.tsx';
import { FinderPage } from './FinderPage.tsx';
import { ChartPage } from './ChartPage.tsx';
import { ConflictsPage } from './ConflictsPage.tsx';
import { EmergencyPage } from './EmergencyPage.tsx';
import { LandingRedirect } from './LandingRedirect.tsx';
import { NotFound } from './NotYetAvailable.tsx';
import { RouteError } from './RouteError.tsx';

/** Chart tabs as URL segments (`/patients/:patientId/:tab`); a tab the host does not offer shows the summary. */
export const CHART_TAB_SEGMENTS = ['summary', 'problems', 'medications', 'orders', 'allergies', 'vitals', 'labs', 'results', 'encounters', 'notes'] as const;

export { chartPath, notePath, emergencyPath } from './paths.ts';

// Workspaces other than the finder and the chart load on first visit (route \`lazy\`), so a clinician's
// cold start to a chart does not parse the privacy, admin, registration and results screens.
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <ShellLayout />,
    // A screen that fails shows its error inside the shell (RouteError), not the router's developer page.
    children: [{
      errorElement: <RouteError />,
      children: [
        { index: true, element: <LandingRedirect /> },
        // ---- patients and charts ----
        { path: 'patients', element: <FinderPage /> },
        { path: 'patients/:patientId', element: <Navigate to="summary" replace /> },
        { path: 'patients/:patientId/notes/:noteId', element: <ChartPage /> },
        { path: 'patients/:patientId/:tab', element: <ChartPage /> },
        { path: 'emergency/:patientId', element: <EmergencyPage /> },
        { path: 'conflicts', element: <ConflictsPage /> },
        // ---- results inbox ----
        { path: 'results', lazy: async () => ({ Component: (await import('../results/ResultsInboxPage.tsx')).ResultsInboxPage }) },
        // ---- registration ----
        { path: 'register', lazy: async () => ({ Component: (await import('../registration/RegisterScreen.tsx')).RegisterScreen }) },
        { path: 'him', lazy: async () => ({ Component: (await import('../him/HimWorkspace.tsx')).HimWorkspace }) },
        // ---- privacy officer ----
        { path: 'privacy/*', lazy: async () => ({ Component: (await import('../privacy/PrivacyWorkspace.tsx')).PrivacyWorkspace }) },
        // ---- administration ----
        { path: 'admin/*', lazy: async () => ({ Component: (await import('../admin/AdminWorkspace.tsx')).AdminWorkspace }) },
        // ---- workstation settings (machine policy) ----
        { path: 'workstation', lazy: async () => ({ Component: (await import('../machine-policy/WorkstationSettingsPage.tsx')).WorkstationSettingsPage }) },
        // ---- end of areas ----
        { path: '*', element: <NotFound /> },
      ],
    }],
  },
];
