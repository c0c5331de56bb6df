import { Box, Button, Menu } from '@mantine/core';
import { IconApps, IconChevronDown } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Role } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import type { LaunchableApp } from '../api/features/apps-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { notify } from '../design/index.ts';

/** The roles that chart and so may open an app with this patient in context (the host refuses the rest). */
const LAUNCHING_ROLES: readonly Role[] = ['physician', 'nurse'];

/**
 * The chart's "Apps" menu: registered SMART apps opened with this patient in context, an EHR launch
 * (https://hl7.org/fhir/smart-app-launch/app-launch.html#launch-app-ehr-launch). The server mints the
 * launch and the app opens in the system browser (Electron's main process hands new windows to
 * shell.openExternal). Apps need the server: offline, the menu says so instead of listing nothing.
 */
export function AppsMenu({ patientId, role }: { patientId: string; role: Role }) {
  const api = useApi();
  const allowed = LAUNCHING_ROLES.includes(role);
  const sync = useQuery({ queryKey: queryKeys.sync, queryFn: () => api.sync.status(), refetchInterval: 5000, enabled: allowed });
  const online = sync.data?.online === true;
  const apps = useQuery({ queryKey: ['apps', 'launchable'], queryFn: () => api.apps.launchable(), enabled: allowed && online, staleTime: 60_000 });
  const launch = useMutation({
    mutationFn: (app: LaunchableApp) => api.apps.launch({ patientId, clientId: app.clientId }),
    onSuccess: ({ url }) => { window.open(url, '_blank', 'noopener'); },
    onError: (e) => notify('error', errorMessage(e), 'The app could not be opened'),
  });
  if (!allowed) return null;
  return (
    // Right-aligned at the end of the chart's navigation row.
    <Box ml="auto">
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size="xs" leftSection={<IconApps size={14} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />} loading={launch.isPending}>
          Apps
        </Button>
      </Menu.Target>
      <Menu.Dropdown aria-label="Apps for this patient">
        {sync.data === undefined ? (
          <Menu.Label>Checking the connection…</Menu.Label>
        ) : !online ? (
          <Menu.Label>Offline: apps need the server</Menu.Label>
        ) : apps.isPending ? (
          <Menu.Label>Loading apps…</Menu.Label>
        ) : apps.isError ? (
          <Menu.Label>{`Apps could not be listed: ${errorMessage(apps.error)}`}</Menu.Label>
        ) : apps.data.length === 0 ? (
          <Menu.Label>No apps registered</Menu.Label>
        ) : (
          <>
            <Menu.Label>Open with this patient</Menu.Label>
            {apps.data.map((a) => <Menu.Item key={a.clientId} onClick={() => launch.mutate(a)}>{a.name}</Menu.Item>)}
          </>
        )}
      </Menu.Dropdown>
    </Menu>
    </Box>
  );
}
