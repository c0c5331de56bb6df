import { Stack, Tabs } from '@mantine/core';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { CareTeamsScreen } from './CareTeamsScreen.tsx';
import { DevicesScreen } from './DevicesScreen.tsx';
import { PolicyScreen } from './PolicyScreen.tsx';
import { SubscriptionsScreen } from './Subscriptions.tsx';
import { SmartAppsScreen } from './SmartApps.tsx';
import { UsersScreen } from './UsersScreen.tsx';
import { UpdatesScreen } from './UpdatesScreen.tsx';

export const ADMIN_SECTIONS = [
  { path: 'users', label: 'Users' },
  { path: 'care-teams', label: 'Care teams' },
  { path: 'devices', label: 'Devices' },
  { path: 'policy', label: 'Workstation policy' },
  { path: 'subscriptions', label: 'Subscriptions' },
  { path: 'smart-apps', label: 'SMART apps' },
  { path: 'updates', label: 'Updates' },
] as const;

/** The administrator's workspace (`/admin/*`): accounts, access, devices and policy; never a chart. */
export function AdminWorkspace() {
  const navigate = useNavigate();
  const here = useLocation().pathname.split('/')[2] ?? 'users';
  return (
    <Stack gap="sm">
      <Tabs value={here} onChange={(v) => { if (v !== null) void navigate(`/admin/${v}`); }} keepMounted={false} aria-label="Administration">
        <Tabs.List>{ADMIN_SECTIONS.map((s) => <Tabs.Tab key={s.path} value={s.path}>{s.label}</Tabs.Tab>)}</Tabs.List>
      </Tabs>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<UsersScreen />} />
        <Route path="care-teams" element={<CareTeamsScreen />} />
        <Route path="devices" element={<DevicesScreen />} />
        <Route path="policy" element={<PolicyScreen />} />
        <Route path="subscriptions" element={<SubscriptionsScreen />} />
        <Route path="smart-apps" element={<SmartAppsScreen />} />
        <Route path="updates" element={<UpdatesScreen />} />
        <Route path="*" element={<Navigate to="users" replace />} />
      </Routes>
    </Stack>
  );
}
