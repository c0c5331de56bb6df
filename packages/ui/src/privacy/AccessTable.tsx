import { Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import type { AccessRow } from '../api/features/privacy-api.ts';
import { DataTable, StatusBadge } from '../design/index.ts';
import { formatDateTime } from '../format/format.ts';

const ACTION_LABEL: Record<string, string> = {
  'chart-view': 'Chart viewed', 'resource-read': 'Record read', 'search': 'Search', 'resource-create': 'Created', 'resource-update': 'Updated',
  'resource-delete': 'Deleted', 'note-sign': 'Note signed', 'order-sign': 'Order signed', 'cds-override': 'CDS override', 'break-glass': 'Break-glass',
  'export': 'Export', 'access-denied': 'Access denied', 'conflict-resolve': 'Conflict resolved',
};
export const actionLabel = (a: string): string => ACTION_LABEL[a] ?? a;

/** Every access in a report: who, role, device, both clocks, what, why, outcome, break-glass. */
export function AccessTable({ rows, caption, showPatient = false }: { rows: readonly AccessRow[]; caption: string; showPatient?: boolean }) {
  const columns: ColumnDef<AccessRow, unknown>[] = [
    { id: 'deviceTime', header: 'When (device)', accessorFn: (r) => r.deviceTime, cell: (c) => formatDateTime(c.row.original.deviceTime), meta: { nowrap: true } },
    { id: 'receivedAt', header: 'Received', accessorFn: (r) => r.receivedAt, cell: (c) => formatDateTime(c.row.original.receivedAt), meta: { nowrap: true } },
    { id: 'user', header: 'User', accessorFn: (r) => r.username ?? r.userId, meta: { rowHeader: true, nowrap: true } },
    { id: 'role', header: 'Role', accessorFn: (r) => r.role ?? '' },
    { id: 'device', header: 'Device', accessorFn: (r) => r.deviceId, cell: (c) => <Text size="sm" ff="monospace" title={c.row.original.deviceId}>{c.row.original.deviceId.slice(0, 12)}</Text> },
    { id: 'action', header: 'Action', accessorFn: (r) => actionLabel(r.action), meta: { nowrap: true } },
    ...(showPatient ? [{ id: 'patient', header: 'Patient', accessorFn: (r: AccessRow) => r.patientId ?? '', cell: (c: { row: { original: AccessRow } }) => <Text size="sm" ff="monospace">{(c.row.original.patientId ?? '—').slice(0, 8)}</Text> } satisfies ColumnDef<AccessRow, unknown>] : []),
    { id: 'what', header: 'Record', accessorFn: (r) => r.resourceType ?? '' },
    { id: 'purpose', header: 'Purpose', accessorFn: (r) => r.purpose ?? '', cell: (c) => c.row.original.reason ?? c.row.original.purpose ?? '—' },
    { id: 'outcome', header: 'Outcome', accessorFn: (r) => r.outcome, cell: (c) => (c.row.original.outcome === 'success' ? 'Allowed' : <StatusBadge status="warning">{c.row.original.outcome === 'denied' ? 'Denied' : 'Failed'}</StatusBadge>) },
    { id: 'breakGlass', header: 'Break-glass', accessorFn: (r) => (r.breakGlass ? 1 : 0), cell: (c) => (c.row.original.breakGlass ? <StatusBadge status="critical">Break-glass</StatusBadge> : '') },
    { id: 'origin', header: 'Recorded', accessorFn: (r) => r.origin, cell: (c) => (c.row.original.origin === 'workstation' ? 'Workstation (synced)' : 'Server') },
  ];
  return (
    <DataTable data={rows} columns={columns} caption={caption} getRowId={(r) => String(r.seq)} initialSorting={[{ id: 'deviceTime', desc: true }]}
      emptyTitle="No accesses in this range" emptyText="Widen the date range or clear the filters." stickyHeaderOffset={52} />
  );
}
