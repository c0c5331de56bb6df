import { useState } from 'react';
import { Button, Group, Menu, Stack, Text, TextInput } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { DirectoryUser } from '../api/features/admin-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { ConfirmDialog, DataTable, ErrorState, LoadingSkeleton, notify, PageHeader, StatusBadge } from '../design/index.ts';
import { formatDateTime } from '../format/format.ts';
import { CreateUserForm } from './CreateUserForm.tsx';
import { ResetPasswordDialog } from './ResetPasswordDialog.tsx';

/** Accounts: search, create, deactivate or reactivate at once, reset a password, lift a lockout. */
export function UsersScreen() {
  const api = useApi();
  const qc = useQueryClient();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [deactivating, setDeactivating] = useState<DirectoryUser | null>(null);
  const [resetting, setResetting] = useState<DirectoryUser | null>(null);
  const users = useQuery({ queryKey: ['admin', 'users', search], queryFn: () => api.admin.users({ search }) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'users'] });
  const setActive = useMutation({
    mutationFn: (v: { user: DirectoryUser; active: boolean }) => api.admin.setUserActive({ userId: v.user.id, active: v.active }),
    onSuccess: async (_r, v) => { notify('success', `${v.user.username} ${v.active ? 'reactivated' : 'deactivated: signed out everywhere now'}`); setDeactivating(null); await refresh(); },
    onError: (e) => notify('error', errorMessage(e)),
  });
  const unlock = useMutation({
    mutationFn: (u: DirectoryUser) => api.admin.unlockUser({ userId: u.id }),
    onSuccess: async (_r, u) => { notify('success', `Lockout lifted for ${u.username}`); await refresh(); },
    onError: (e) => notify('error', errorMessage(e)),
  });
  const columns: ColumnDef<DirectoryUser, unknown>[] = [
    { id: 'username', header: 'User', accessorFn: (u) => u.username, meta: { rowHeader: true, nowrap: true } },
    { id: 'role', header: 'Role', accessorFn: (u) => u.role },
    { id: 'units', header: 'Units', accessorFn: (u) => u.units.join(', ') || '—' },
    {
      id: 'status', header: 'Status', accessorFn: (u) => (u.active ? (u.lockedAt === null ? 0 : 1) : 2),
      cell: (c) => {
        const u = c.row.original;
        return (
          <Group gap={4} wrap="nowrap">
            {u.active ? <StatusBadge status="normal">Active</StatusBadge> : <StatusBadge status="abnormal">Deactivated</StatusBadge>}
            {u.lockedAt !== null && <StatusBadge status="critical">Locked</StatusBadge>}
            {u.mustChangePassword && <StatusBadge status="info">Must change password</StatusBadge>}
          </Group>
        );
      },
    },
    { id: 'lastSignIn', header: 'Last sign-in', accessorFn: (u) => u.lastSignInAt ?? '', cell: (c) => formatDateTime(c.row.original.lastSignInAt), meta: { nowrap: true } },
    { id: 'devices', header: 'Devices', accessorFn: (u) => u.devices.length, cell: (c) => <Text size="sm" title={c.row.original.devices.map((d) => d.label ?? d.deviceId).join(', ')}>{c.row.original.devices.length}</Text>, meta: { align: 'right' } },
    { id: 'patients', header: 'Care team', accessorFn: (u) => u.careTeamPatients, meta: { align: 'right' } },
    {
      id: 'actions', header: 'Actions', enableSorting: false,
      cell: (c) => {
        const u = c.row.original;
        return (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target><Button size="compact-sm" variant="default" aria-label={`Actions for ${u.username}`}>Actions</Button></Menu.Target>
            <Menu.Dropdown>
              {u.active ? <Menu.Item color="red" onClick={() => setDeactivating(u)}>Deactivate</Menu.Item> : <Menu.Item onClick={() => setActive.mutate({ user: u, active: true })}>Reactivate</Menu.Item>}
              {u.lockedAt !== null && <Menu.Item onClick={() => unlock.mutate(u)}>Lift lockout</Menu.Item>}
              <Menu.Item onClick={() => setResetting(u)}>Reset password</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        );
      },
    },
  ];
  return (
    <Stack gap="sm">
      <PageHeader title="Users" description="Accounts, their roles and units. Changes take effect at once and are audited." actions={<Button onClick={() => setCreating((v) => !v)}>{creating ? 'Close form' : 'New user'}</Button>} />
      {creating && <CreateUserForm onDone={() => { setCreating(false); void refresh(); }} />}
      <TextInput label="Search users" description="Username, role or surname" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={320} />
      {users.isPending ? <LoadingSkeleton label="Loading users" /> : users.isError ? <ErrorState message={errorMessage(users.error)} onRetry={() => void users.refetch()} />
        : <DataTable data={users.data} columns={columns} caption="Users" captionHidden getRowId={(u) => u.id} stickyHeaderOffset={52} rowProps={(u) => ({ 'data-testid': `user-${u.username}` })} />}
      <ConfirmDialog opened={deactivating !== null} title={`Deactivate ${deactivating?.username ?? ''}?`} danger confirmLabel="Deactivate"
        onCancel={() => setDeactivating(null)} onConfirm={() => { if (deactivating !== null) setActive.mutate({ user: deactivating, active: false }); }}>
        Their open sessions end now, on every workstation. You can reactivate the account later.
      </ConfirmDialog>
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} onDone={() => { setResetting(null); void refresh(); }} />
    </Stack>
  );
}
