import { Stack, Tabs } from '@mantine/core';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { AlertsScreen } from './AlertsScreen.tsx';
import { BreakGlassQueue } from './BreakGlassQueue.tsx';
import { IntegrityScreen } from './IntegrityScreen.tsx';
import { OverrideRates } from './OverrideRates.tsx';
import { OwedPurgesReport } from './OwedPurgesReport.tsx';
import { PatientAccessReport } from './PatientAccessReport.tsx';
import { UserActivityReport } from './UserActivityReport.tsx';

export const PRIVACY_SECTIONS = [
  { path: 'access', label: 'Patient access' },
  { path: 'activity', label: 'User activity' },
  { path: 'break-glass', label: 'Break-glass review' },
  { path: 'alerts', label: 'Alerts' },
  { path: 'integrity', label: 'Audit integrity' },
  { path: 'overrides', label: 'Alert fatigue' },
  { path: 'owed-purges', label: 'Owed purges' },
] as const;

/** The privacy officer's workspace (`/privacy/*`): one tab per review task, each its own URL. */
export function PrivacyWorkspace() {
  const navigate = useNavigate();
  const here = useLocation().pathname.split('/')[2] ?? 'access';
  return (
    <Stack gap="sm">
      <Tabs value={here} onChange={(v) => { if (v !== null) void navigate(`/privacy/${v}`); }} keepMounted={false} aria-label="Privacy workspace">
        <Tabs.List>{PRIVACY_SECTIONS.map((s) => <Tabs.Tab key={s.path} value={s.path}>{s.label}</Tabs.Tab>)}</Tabs.List>
      </Tabs>
      <Routes>
        <Route index element={<Navigate to="access" replace />} />
        <Route path="access" element={<PatientAccessReport />} />
        <Route path="activity" element={<UserActivityReport />} />
        <Route path="break-glass" element={<BreakGlassQueue />} />
        <Route path="alerts" element={<AlertsScreen />} />
        <Route path="integrity" element={<IntegrityScreen />} />
        <Route path="overrides" element={<OverrideRates />} />
        <Route path="owed-purges" element={<OwedPurgesReport />} />
        <Route path="*" element={<Navigate to="access" replace />} />
      </Routes>
    </Stack>
  );
}
