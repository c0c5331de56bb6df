import { useMemo } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Stack, Text, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { orderResultStatusLabel, type OrderResultStatus } from '@lantern/core/results';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import type { ResultOrder, ResultReport } from '../api/features/results-api.ts';
import { DataTable } from '../design/DataTable.tsx';
import { ErrorState } from '../design/ErrorState.tsx';
import { LoadingSkeleton } from '../design/LoadingSkeleton.tsx';
import { StatusBadge } from '../design/StatusBadge.tsx';
import type { Status } from '../design/theme.ts';
import { formatDateTime } from '../format/format.ts';
import { ResultGradeBadge, ResultRevision } from './ResultGrade.tsx';
import { resultsKeys, RESULTS_REFRESH_MS } from './resultsKeys.ts';
import { valueText } from './valuesText.ts';

const STATUS_TONE: Record<OrderResultStatus, Status> = { draft: 'info', ordered: 'info', 'in-progress': 'warning', resulted: 'normal', cancelled: 'info' };

/**
 * One patient's lab and imaging orders with where each stands (ordered, in progress, resulted) and
 * every report, acknowledged or not: an acknowledged result stays here with who acknowledged it.
 */
export function PatientResults({ patientId, canAcknowledge }: { patientId: string; canAcknowledge: boolean }) {
  const api = useApi();
  const qc = useQueryClient();
  const results = useQuery({ queryKey: resultsKeys.patient(patientId), queryFn: () => api.results.forPatient(patientId), refetchInterval: RESULTS_REFRESH_MS });
  const ack = useMutation({
    mutationFn: (reportIds: string[]) => api.results.acknowledge({ reportIds }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: resultsKeys.all });
      await qc.invalidateQueries({ queryKey: resultsKeys.patient(patientId) });
    },
  });
  const reports = useMemo(() => new Map((results.data?.reports ?? []).map((r) => [r.reportId, r])), [results.data]);

  const orderColumns = useMemo<ColumnDef<ResultOrder, unknown>[]>(() => [
    { id: 'ordered', header: 'Ordered', accessorFn: (o) => o.authoredOn ?? '', cell: ({ row }) => formatDateTime(row.original.authoredOn), meta: { nowrap: true } },
    { id: 'title', header: 'Order', accessorFn: (o) => o.title, meta: { rowHeader: true } },
    { id: 'status', header: 'Status', accessorFn: (o) => o.status, cell: ({ row }) => <StatusBadge status={STATUS_TONE[row.original.status]}>{orderResultStatusLabel(row.original.status)}</StatusBadge> },
    {
      id: 'result', header: 'Result', enableSorting: false,
      cell: ({ row }) => {
        const r = row.original.reportIds.map((id) => reports.get(id)).find((x): x is ResultReport => x !== undefined && x.stage === 'resulted');
        if (r === undefined) return <Text size="sm" c="dimmed">—</Text>;
        return (
          <span>
            <ResultGradeBadge grade={r.grade} /> <Text span size="sm">{r.values.length === 0 ? (r.conclusion ?? '') : r.values.map(valueText).join(' · ')}</Text>{' '}
            <ResultRevision revised={r.revised} changedSinceAcknowledged={r.changedSinceAcknowledged} />
          </span>
        );
      },
    },
    {
      id: 'ack', header: 'Acknowledged', enableSorting: false, meta: { nowrap: true },
      cell: ({ row }) => {
        const r = row.original.reportIds.map((id) => reports.get(id)).find((x): x is ResultReport => x !== undefined && x.stage === 'resulted');
        if (r === undefined) return null;
        if (r.acknowledged !== null) return <Text size="sm">{r.acknowledged.by}, {formatDateTime(r.acknowledged.at)}</Text>;
        return canAcknowledge
          ? <Button size="xs" variant="light" disabled={ack.isPending} onClick={() => ack.mutate([r.reportId])} aria-label={`Acknowledge ${r.title}`}>Acknowledge</Button>
          : <Text size="sm" c="dimmed">Not yet</Text>;
      },
    },
    { id: 'by', header: 'Ordered by', accessorFn: (o) => o.orderedBy ?? '—', meta: { nowrap: true } },
  ], [reports, canAcknowledge, ack]);

  if (results.isError) return <ErrorState message={errorMessage(results.error)} onRetry={() => void results.refetch()} />;
  if (results.data === undefined) return <LoadingSkeleton label="Loading orders and results…" rows={3} />;
  return (
    <Stack gap="xs">
      <Title order={3} id="orders-results-h">Lab and imaging orders</Title>
      {ack.isError && <Text role="alert" c="var(--lantern-error)">{errorMessage(ack.error)}</Text>}
      <DataTable
        data={results.data.orders} columns={orderColumns} caption="Lab and imaging orders with their status and results" captionHidden getRowId={(o) => o.orderId}
        initialSorting={[{ id: 'ordered', desc: true }]} emptyTitle="No lab or imaging orders" rowProps={() => ({ 'data-testid': 'order-row' })}
      />
    </Stack>
  );
}
