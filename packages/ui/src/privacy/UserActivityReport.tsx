import { useState } from 'react';
import { Group, Select, Stack, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { UserActivity } from '../api/features/privacy-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { DataTable, ErrorState, LoadingSkeleton, PageHeader, StatusBadge } from '../design/index.ts';
import { formatDate, formatDateTime } from '../format/format.ts';
import { AccessTable } from './AccessTable.tsx';
import { lastDays, toInstants, validRange, type DayRange } from './date-range.ts';
import { DateRangeFields } from './DateRangeFields.tsx';

type Touch = UserActivity['patients'][number];

/** One user's activity over a range: which patients, how many accesses, first and last, and every access. */
export function UserActivityReport() {
  const api = useApi();
  const users = useQuery({ queryKey: ['privacy', 'users'], queryFn: () => api.privacy.users() });
  const [userId, setUserId] = useState<string | null>(null);
  const [range, setRange] = useState<DayRange>(() => lastDays(30));
  const enabled = userId !== null && validRange(range);
  const report = useQuery({
    queryKey: ['privacy', 'userActivity', userId, range],
    queryFn: () => api.privacy.userActivity({ userId: userId ?? '', ...toInstants(range), sort: 'time-desc', limit: 5000, breakGlassOnly: false }),
    enabled,
  });
  const columns: ColumnDef<Touch, unknown>[] = [
    { id: 'patient', header: 'Patient', accessorFn: (t) => t.patient?.name ?? t.patientId, meta: { rowHeader: true } },
    { id: 'mrn', header: 'MRN', accessorFn: (t) => t.patient?.mrn ?? '' },
    { id: 'born', header: 'Born', accessorFn: (t) => t.patient?.birthDate ?? '', cell: (c) => formatDate(c.row.original.patient?.birthDate), meta: { nowrap: true } },
    { id: 'accesses', header: 'Accesses', accessorFn: (t) => t.accesses, meta: { align: 'right' } },
    { id: 'first', header: 'First', accessorFn: (t) => t.first, cell: (c) => formatDateTime(c.row.original.first), meta: { nowrap: true } },
    { id: 'last', header: 'Last', accessorFn: (t) => t.last, cell: (c) => formatDateTime(c.row.original.last), meta: { nowrap: true } },
    { id: 'bg', header: 'Break-glass', accessorFn: (t) => (t.breakGlass ? 1 : 0), cell: (c) => (c.row.original.breakGlass ? <StatusBadge status="critical">Break-glass</StatusBadge> : '') },
  ];
  return (
    <Stack gap="sm">
      <PageHeader title="User activity report" description="Which patients one user opened over a range, how often and when." />
      <Group gap="sm" align="flex-end">
        <Select label="User" placeholder="Choose a user" searchable data={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.username} (${u.role})` }))} value={userId} onChange={setUserId} w={300} />
        <DateRangeFields value={range} onChange={setRange} />
      </Group>
      {!enabled ? null : report.isPending ? <LoadingSkeleton label="Loading the activity report" /> : report.isError
        ? <ErrorState message={errorMessage(report.error)} onRetry={() => void report.refetch()} />
        : (
          <Stack gap="md">
            <Text size="sm" fw={600} aria-live="polite">{report.data.distinctPatients} patients · {report.data.rows.length} accesses · busiest day {[...report.data.perDay].sort((a, b) => b.accesses - a.accesses)[0]?.day ?? '—'}</Text>
            <DataTable data={report.data.patients} columns={columns} caption="Patients accessed" getRowId={(t) => t.patientId} initialSorting={[{ id: 'accesses', desc: true }]} emptyTitle="No patients in this range" />
            <AccessTable rows={report.data.rows} caption="Every access" showPatient />
          </Stack>
        )}
    </Stack>
  );
}
