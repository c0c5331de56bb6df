import { Alert, Stack, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { AuditIntegrity } from '../api/features/privacy-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { DataTable, ErrorState, LoadingSkeleton, PageHeader } from '../design/index.ts';
import { formatDateTime } from '../format/format.ts';

type Finding = AuditIntegrity['findings'][number];

const FINDING_LABEL: Record<string, string> = {
  'seq-gap': 'Gap in the device chain', 'prev-hash-mismatch': 'Broken link in the device chain', 'hash-mismatch': 'Altered event in the device chain',
  'ingest-user-refused': 'Event for a user not signed in on the device', 'ingest-signature-invalid': 'Upload not signed by the device key',
  'device-key-mismatch': 'Device key does not match the enrolled one', 'device-proof-invalid': 'Invalid device proof at sign-in',
};

/** The central chain and its signed checkpoints, and what the server found in workstations' chains. */
export function IntegrityScreen() {
  const api = useApi();
  const q = useQuery({ queryKey: ['privacy', 'integrity'], queryFn: () => api.privacy.integrity() });
  const columns: ColumnDef<Finding, unknown>[] = [
    { id: 'at', header: 'When', accessorFn: (f) => f.at, cell: (c) => formatDateTime(c.row.original.at), meta: { nowrap: true } },
    { id: 'device', header: 'Device', accessorFn: (f) => f.deviceId, meta: { rowHeader: true } },
    { id: 'kind', header: 'Finding', accessorFn: (f) => FINDING_LABEL[f.kind] ?? f.kind },
    { id: 'detail', header: 'Detail', accessorFn: (f) => Object.entries(f.detail).map(([k, v]) => `${k}: ${String(v)}`).join(' · ') },
  ];
  return (
    <Stack gap="sm">
      <PageHeader title="Audit integrity" description="The hash chain of the central audit log, its signed checkpoints, and findings from workstations' chains." />
      {q.isPending ? <LoadingSkeleton label="Verifying the audit chain" /> : q.isError ? <ErrorState message={errorMessage(q.error)} onRetry={() => void q.refetch()} /> : (
        <>
          {q.data.chain.ok
            ? <Alert color="green" title="Audit chain intact" role="status" styles={{ title: { color: 'var(--lantern-normal-fg)' } }}>{q.data.chain.count.toLocaleString('en')} events verified; {q.data.chain.checkpoints} signed checkpoints match. Checked {formatDateTime(q.data.checkedAt)}.</Alert>
            : <Alert color="red" title="Audit chain broken" role="alert" styles={{ title: { color: 'var(--lantern-critical-fg)' } }}>First broken row: seq {q.data.chain.seq} (event {q.data.chain.eventId}), reason {q.data.chain.reason}. {q.data.chain.count.toLocaleString('en')} events checked.</Alert>}
          <Text size="sm" fw={600}>{q.data.findings.length} device findings</Text>
          <DataTable data={q.data.findings} columns={columns} caption="Device chain findings" captionHidden getRowId={(f) => f.id} emptyTitle="No device findings" />
        </>
      )}
    </Stack>
  );
}
