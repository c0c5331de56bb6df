import { useState } from 'react';
import { Button, Group, NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { UpdatePackage } from '../api/features/updates-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { DataTable, EmptyState, ErrorState, LoadingSkeleton, notify, PageHeader, StatusBadge } from '../design/index.ts';
import { formatDateTime } from '../format/format.ts';

type Channel = 'stable' | 'pilot';
const PLATFORM: Record<UpdatePackage['platform'], string> = { win: 'Windows', mac: 'macOS', linux: 'Linux' };

/** One package's rollout: a percentage field and Save, keyboard first (Enter saves). */
function RolloutCell({ pkg }: { pkg: UpdatePackage }) {
  const api = useApi();
  const qc = useQueryClient();
  const [value, setValue] = useState<number>(pkg.stagingPercentage);
  const save = useMutation({
    mutationFn: () => {
      if (api.updates === undefined) throw new Error('Updates are not available on this workstation');
      return api.updates.setRollout({ id: pkg.id, stagingPercentage: value });
    },
    onSuccess: async () => {
      notify('success', `Lantern ${pkg.version} now reaches ${value} % of ${PLATFORM[pkg.platform]} workstations`);
      await qc.invalidateQueries({ queryKey: ['admin', 'updates'] });
    },
    onError: (e) => notify('error', errorMessage(e)),
  });
  const label = `Rollout for ${pkg.version} ${PLATFORM[pkg.platform]}`;
  return (
    <Group gap="xs" wrap="nowrap">
      <NumberInput aria-label={label} value={value} min={0} max={100} step={10} suffix=" %" w={96} size="xs" clampBehavior="strict"
        onChange={(v) => setValue(typeof v === 'number' ? v : Number(v) || 0)}
        onKeyDown={(e) => { if (e.key === 'Enter' && value !== pkg.stagingPercentage) save.mutate(); }} />
      <Button size="xs" variant="light" disabled={value === pkg.stagingPercentage} loading={save.isPending} onClick={() => save.mutate()} aria-label={`Save ${label}`}>Save</Button>
    </Group>
  );
}

/**
 * Workstation updates IT approved, per channel: the signed packages uploaded to the sync server
 * and the share of workstations each one reaches (staged rollout, decided per device by the
 * server; every change is audited there).
 */
export function UpdatesScreen() {
  const api = useApi();
  const [channel, setChannel] = useState<Channel>('stable');
  const list = useQuery({
    queryKey: ['admin', 'updates', channel],
    queryFn: () => (api.updates === undefined ? Promise.resolve(null) : api.updates.packages({ channel })),
  });
  const columns: ColumnDef<UpdatePackage, unknown>[] = [
    { id: 'version', header: 'Version', accessorFn: (p) => p.version, meta: { rowHeader: true, nowrap: true } },
    { id: 'platform', header: 'Platform', accessorFn: (p) => PLATFORM[p.platform], meta: { nowrap: true } },
    { id: 'file', header: 'File', accessorFn: (p) => p.fileName },
    { id: 'size', header: 'Size', accessorFn: (p) => `${(p.size / 1_048_576).toFixed(1)} MB`, meta: { align: 'right', nowrap: true } },
    { id: 'released', header: 'Uploaded', accessorFn: (p) => formatDateTime(p.releaseDate), meta: { nowrap: true } },
    {
      id: 'state', header: 'Reaches', accessorFn: (p) => p.stagingPercentage, meta: { nowrap: true },
      cell: (c) => {
        const pct = c.row.original.stagingPercentage;
        return <StatusBadge status={pct === 0 ? 'info' : pct === 100 ? 'normal' : 'warning'}>{pct === 0 ? 'Not released' : pct === 100 ? 'Everyone' : `${pct} %`}</StatusBadge>;
      },
    },
    { id: 'rollout', header: 'Rollout', enableSorting: false, cell: (c) => <RolloutCell key={`${c.row.original.id}-${c.row.original.stagingPercentage}`} pkg={c.row.original} /> },
  ];
  return (
    <Stack gap="sm">
      <PageHeader title="Workstation updates" description="Signed packages on this sync server, and the share of workstations each reaches" />
      <Group justify="space-between">
        <SegmentedControl aria-label="Channel" value={channel} onChange={(v) => setChannel(v === 'pilot' ? 'pilot' : 'stable')} data={[{ value: 'stable', label: 'Stable' }, { value: 'pilot', label: 'Pilot' }]} />
        {list.data?.minimumWorkstationVersion != null ? <Text size="sm">Workstations older than {list.data.minimumWorkstationVersion} cannot sync</Text> : null}
      </Group>
      {list.isPending ? <LoadingSkeleton label="Loading update packages" /> : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : list.data === null || list.data.packages.length === 0 ? (
        <EmptyState title={`No packages on the ${channel} channel`}>Upload a signed package with PUT /updates/&lt;channel&gt;/&lt;platform&gt;/&lt;file&gt; (README, IT deployment, Update).</EmptyState>
      ) : (
        <DataTable caption="Update packages" captionHidden data={list.data.packages} columns={columns} getRowId={(p) => p.id} />
      )}
    </Stack>
  );
}
