import { useState } from 'react';
import { Button, Group, Stack } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { AdminDevice } from '../api/features/admin-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { ConfirmDialog, DataTable, ErrorState, LoadingSkeleton, notify, PageHeader, StatusBadge } from '../design/index.ts';
import { formatDateTime } from '../format/format.ts';

/** Enrolled workstations: last contact, users, versions, unsynced work; deactivate or wipe at next contact. */
export function DevicesScreen() {
  const api = useApi();
  const qc = useQueryClient();
  const [wiping, setWiping] = useState<AdminDevice | null>(null);
  const devices = useQuery({ queryKey: ['admin', 'devices'], queryFn: () => api.admin.devices() });
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'devices'] });
  const wipe = useMutation({
    mutationFn: (d: AdminDevice) => api.admin.requestWipe({ deviceId: d.deviceId }),
    onSuccess: async () => { notify('success', 'Wipe requested: the workstation pushes its unsynced writes, then purges its store at next contact'); setWiping(null); await refresh(); },
    onError: (e) => notify('error', errorMessage(e)),
  });
  const setActive = useMutation({
    mutationFn: (v: { d: AdminDevice; active: boolean }) => api.admin.setDeviceActive({ deviceId: v.d.deviceId, active: v.active }),
    onSuccess: async (_r, v) => { notify('success', v.active ? 'Device reactivated' : 'Device deactivated: its sessions end now'); await refresh(); },
    onError: (e) => notify('error', errorMessage(e)),
  });
  const columns: ColumnDef<AdminDevice, unknown>[] = [
    { id: 'device', header: 'Device', accessorFn: (d) => d.label ?? d.deviceId, meta: { rowHeader: true } },
    { id: 'lastContact', header: 'Last contact', accessorFn: (d) => d.lastContactAt ?? '', cell: (c) => formatDateTime(c.row.original.lastContactAt), meta: { nowrap: true } },
    { id: 'users', header: 'Users', accessorFn: (d) => d.users.join(', ') || '—' },
    { id: 'app', header: 'App', accessorFn: (d) => d.appVersion ?? '—' },
    { id: 'kb', header: 'Knowledge base', accessorFn: (d) => d.kbVersion ?? '—' },
    { id: 'pending', header: 'Unsynced', accessorFn: (d) => d.pendingCount ?? -1, cell: (c) => (c.row.original.pendingCount === null ? '—' : String(c.row.original.pendingCount)), meta: { align: 'right' } },
    {
      id: 'state', header: 'State', accessorFn: (d) => (d.active ? 0 : 1),
      cell: (c) => {
        const d = c.row.original;
        return (
          <Group gap={4} wrap="nowrap">
            {d.active ? <StatusBadge status="normal">Active</StatusBadge> : <StatusBadge status="abnormal">Deactivated</StatusBadge>}
            {d.wipe === 'pending' && <StatusBadge status="warning">Wipe pending</StatusBadge>}
            {d.wipe === 'done' && <StatusBadge status="info">Wiped</StatusBadge>}
          </Group>
        );
      },
    },
    {
      id: 'actions', header: 'Actions', enableSorting: false,
      cell: (c) => {
        const d = c.row.original;
        return (
          <Group gap={4} wrap="nowrap">
            <Button size="compact-sm" variant="default" onClick={() => setActive.mutate({ d, active: !d.active })} aria-label={`${d.active ? 'Deactivate' : 'Reactivate'} ${d.label ?? d.deviceId}`}>{d.active ? 'Deactivate' : 'Reactivate'}</Button>
            {d.active && d.wipe !== 'pending' && <Button size="compact-sm" color="red" variant="light" onClick={() => setWiping(d)} aria-label={`Wipe ${d.label ?? d.deviceId}`}>Wipe</Button>}
          </Group>
        );
      },
    },
  ];
  return (
    <Stack gap="sm">
      <PageHeader title="Devices" description="Enrolled workstations and what they last reported." />
      {devices.isPending ? <LoadingSkeleton label="Loading devices" /> : devices.isError ? <ErrorState message={errorMessage(devices.error)} onRetry={() => void devices.refetch()} />
        : <DataTable data={devices.data} columns={columns} caption="Devices" captionHidden getRowId={(d) => d.deviceId} stickyHeaderOffset={52} rowProps={(d) => ({ 'data-testid': `device-${d.deviceId}` })} />}
      <ConfirmDialog opened={wiping !== null} title="Wipe this workstation?" danger confirmLabel="Request wipe" onCancel={() => setWiping(null)} onConfirm={() => { if (wiping !== null) wipe.mutate(wiping); }}>
        At its next contact the workstation pushes any unsynced clinical writes, then purges its local store and is deactivated.
      </ConfirmDialog>
    </Stack>
  );
}
