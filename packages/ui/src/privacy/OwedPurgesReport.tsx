import { useState } from 'react';
import { Anchor, Group, List, NumberInput, Stack, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { OwedPurgeDevice } from '../api/features/privacy-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { DataTable, ErrorState, LoadingSkeleton, PageHeader, StatusBadge } from '../design/index.ts';
import { formatDate, formatDateTime } from '../format/format.ts';

const DAY_MS = 86_400_000;
/** Where an administrator asks a workstation to wipe itself (admin DevicesScreen). */
export const DEVICES_PATH = '#/admin/devices';

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;
const daysSince = (iso: string, now: number): number => Math.max(0, Math.floor((now - new Date(iso).getTime()) / DAY_MS));

/** The remote wipe's state and where it is asked for: the existing wipe is an administrator's action. */
function WipeCell({ d }: { d: OwedPurgeDevice }) {
  const name = d.label ?? d.deviceId;
  switch (d.wipe) {
    case 'done':
      return <StatusBadge status="info">Wiped</StatusBadge>;
    case 'pending':
      return <Stack gap={2}><StatusBadge status="warning">Wipe requested</StatusBadge>{d.wipeRequestedAt !== null && <Text size="xs">{formatDateTime(d.wipeRequestedAt)}</Text>}</Stack>;
    case 'none':
      return (
        <Anchor href={DEVICES_PATH} size="sm" aria-label={`Remote wipe ${name} (Administration, Devices)`}>
          Remote wipe
        </Anchor>
      );
  }
}

/**
 * Workstations that were told to purge patients (a user left the care team, a grant expired) and have
 * not confirmed it: a device that never syncs again keeps that PHI. Listed by the oldest owed purge;
 * patients by MRN (their id when there is none), never by name.
 */
export function OwedPurgesReport({ now = Date.now }: { now?: () => number }) {
  const api = useApi();
  const [days, setDays] = useState(7);
  const q = useQuery({ queryKey: ['privacy', 'owedPurges', days], queryFn: () => api.privacy.owedPurges({ olderThanDays: days }) });
  const t = now();
  const columns: ColumnDef<OwedPurgeDevice, unknown>[] = [
    {
      id: 'device', header: 'Device', accessorFn: (d) => d.label ?? d.deviceId, meta: { rowHeader: true },
      cell: (c) => <Stack gap={0}><Text size="sm" fw={600}>{c.row.original.label ?? 'Unnamed workstation'}</Text><Text size="xs" c="dimmed">{c.row.original.deviceId}</Text></Stack>,
    },
    { id: 'lastSeen', header: 'Last seen', accessorFn: (d) => d.lastSeenAt ?? '', cell: (c) => (c.row.original.lastSeenAt === null ? 'Never' : formatDateTime(c.row.original.lastSeenAt)), meta: { nowrap: true } },
    { id: 'users', header: 'Users', accessorFn: (d) => d.usernames.join(', ') },
    {
      id: 'patients', header: 'Patients owed', accessorFn: (d) => d.patients.length,
      cell: (c) => (
        <List size="sm" spacing={0} listStyleType="none" aria-label={`Patients owed by ${c.row.original.label ?? c.row.original.deviceId}`}>
          {c.row.original.patients.map((p) => (
            <List.Item key={p.patientId}>{p.mrn === null ? `Patient ${p.patientId}` : p.mrn} <Text span size="xs" c="dimmed">since {formatDate(p.since)}</Text></List.Item>
          ))}
        </List>
      ),
    },
    {
      id: 'since', header: 'Owed since', accessorFn: (d) => d.oldestSince, meta: { nowrap: true },
      cell: (c) => <Stack gap={0}><Text size="sm">{formatDate(c.row.original.oldestSince)}</Text><Text size="xs">{plural(daysSince(c.row.original.oldestSince, t), 'day')}</Text></Stack>,
    },
    { id: 'wipe', header: 'Action', accessorFn: (d) => d.wipe, cell: (c) => <WipeCell d={c.row.original} /> },
  ];
  return (
    <Stack gap="sm">
      <PageHeader title="Owed purges" description="Workstations told to remove patients they may no longer hold that have not confirmed it. A device that never syncs again keeps that data: find it, or have an administrator wipe it remotely." />
      <Group gap="sm" align="flex-end">
        <NumberInput label="Owed for more than (days)" min={0} max={3650} allowDecimal={false} value={days} w={220}
          onChange={(v) => { if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 3650) setDays(v); }} />
        {q.isSuccess && <Text size="sm" role="status">{plural(q.data.length, 'device')}, {plural(q.data.reduce((n, d) => n + d.patients.length, 0), 'patient')} owed</Text>}
      </Group>
      {q.isPending ? <LoadingSkeleton label="Loading owed purges" /> : q.isError ? <ErrorState message={errorMessage(q.error)} onRetry={() => void q.refetch()} />
        : <DataTable data={q.data} columns={columns} caption="Devices owing purges" captionHidden getRowId={(d) => d.deviceId} emptyTitle={`No device owes a purge older than ${days} days`} stickyHeaderOffset={52}
            rowProps={(d) => ({ 'data-testid': `owed-${d.deviceId}` })} />}
    </Stack>
  );
}
