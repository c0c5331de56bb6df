import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import type { InboxResult } from '../api/features/results-api.ts';
import { DataTable } from '../design/DataTable.tsx';
import { ErrorState } from '../design/ErrorState.tsx';
import { LoadingSkeleton } from '../design/LoadingSkeleton.tsx';
import { PageHeader } from '../design/PageHeader.tsx';
import { notify } from '../design/notify.ts';
import { formatDateTime } from '../format/format.ts';
import { ResultGradeBadge, ResultRevision } from './ResultGrade.tsx';
import { resultsKeys, RESULTS_REFRESH_MS } from './resultsKeys.ts';
import { valueText } from './valuesText.ts';

/**
 * The ordering clinician's results inbox: results of their orders nobody has acknowledged yet, newest
 * first, critical and abnormal ones marked in words. One or many are acknowledged at once; an
 * acknowledged result leaves the inbox and stays in the chart. Re-reads the local store every few
 * seconds, so a result that arrives by sync shows without a reload.
 */
export function ResultsInbox({ onOpenChart }: { onOpenChart: (patientId: string) => void }) {
  const api = useApi();
  const qc = useQueryClient();
  const inbox = useQuery({ queryKey: resultsKeys.inbox, queryFn: () => api.results.inbox(), refetchInterval: RESULTS_REFRESH_MS });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const items = useMemo(() => inbox.data?.items ?? [], [inbox.data]);
  const present = new Set(items.map((i) => i.reportId));
  const chosen = [...selected].filter((id) => present.has(id));
  const ack = useMutation({
    mutationFn: (reportIds: string[]) => api.results.acknowledge({ reportIds }),
    onSuccess: async (r) => {
      setSelected(new Set());
      notify('success', `Acknowledged ${r.acknowledged} result${r.acknowledged === 1 ? '' : 's'}.`);
      await qc.invalidateQueries({ queryKey: resultsKeys.all });
      await qc.invalidateQueries({ queryKey: ['chart'] });
    },
  });
  const toggle = (id: string, on: boolean) => setSelected((s) => {
    const next = new Set(s);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  });

  const columns = useMemo<ColumnDef<InboxResult, unknown>[]>(() => [
    {
      id: 'select', enableSorting: false,
      header: () => (
        <Checkbox
          aria-label="Select all results" size="xs"
          checked={items.length > 0 && items.every((i) => selected.has(i.reportId))}
          indeterminate={chosen.length > 0 && chosen.length < items.length}
          onChange={(e) => setSelected(e.currentTarget.checked ? new Set(items.map((i) => i.reportId)) : new Set())}
        />
      ),
      cell: ({ row }) => (
        <Checkbox size="xs" aria-label={`Select ${row.original.title} for ${row.original.patientName}`} checked={selected.has(row.original.reportId)}
          onChange={(e) => toggle(row.original.reportId, e.currentTarget.checked)} onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} />
      ),
    },
    { id: 'issued', header: 'Received', accessorFn: (r) => r.issued, cell: ({ row }) => formatDateTime(row.original.issued), meta: { nowrap: true } },
    { id: 'grade', header: 'Flag', accessorFn: (r) => ({ critical: 0, abnormal: 1, normal: 2, unknown: 3 })[r.grade], cell: ({ row }) => <ResultGradeBadge grade={row.original.grade} /> },
    {
      id: 'patient', header: 'Patient', accessorFn: (r) => r.patientName, meta: { rowHeader: true, nowrap: true },
      cell: ({ row }) => (
        <span>
          <Anchor component="button" type="button" size="sm" onClick={(e) => { e.stopPropagation(); onOpenChart(row.original.patientId); }}>{row.original.patientName}</Anchor>{' '}
          <Text span size="xs" c="dimmed">{row.original.mrn}</Text>
        </span>
      ),
    },
    {
      id: 'test', header: 'Test', accessorFn: (r) => r.title,
      cell: ({ row }) => (
        <Stack gap={2}>
          <Text size="sm">{row.original.title}</Text>
          <ResultRevision revised={row.original.revised} changedSinceAcknowledged={row.original.changedSinceAcknowledged} />
        </Stack>
      ),
    },
    {
      id: 'values', header: 'Results', enableSorting: false,
      cell: ({ row }) => (
        <Text size="sm">{row.original.values.length === 0 ? (row.original.conclusion ?? '—') : row.original.values.map(valueText).join(' · ')}</Text>
      ),
    },
    {
      id: 'act', header: () => <span className="sr-only">Actions</span>, enableSorting: false,
      cell: ({ row }) => (
        <Button size="xs" variant="light" onClick={(e) => { e.stopPropagation(); ack.mutate([row.original.reportId]); }} disabled={ack.isPending}
          aria-label={`Acknowledge ${row.original.title} for ${row.original.patientName}`}>Acknowledge</Button>
      ),
    },
  ], [items, selected, ack.isPending]);

  const counts = inbox.data?.counts;
  return (
    <Stack gap="sm" className="results-inbox">
      <PageHeader
        title="Results inbox"
        description={counts === undefined ? 'Results of the orders you placed, waiting for your acknowledgement.' : `${counts.unacknowledged} waiting · ${counts.critical} critical · ${counts.abnormal} abnormal`}
        actions={(
          <Button onClick={() => ack.mutate(chosen)} disabled={chosen.length === 0 || ack.isPending}>
            {chosen.length === 0 ? 'Acknowledge selected' : `Acknowledge selected (${chosen.length})`}
          </Button>
        )}
      />
      {ack.isError && <Text role="alert" c="var(--lantern-error)">{errorMessage(ack.error)}</Text>}
      {inbox.isError ? <ErrorState message={errorMessage(inbox.error)} onRetry={() => void inbox.refetch()} />
        : inbox.data === undefined ? <LoadingSkeleton label="Loading results…" />
          : (
            <DataTable
              data={items} columns={columns} caption="Results waiting for acknowledgement, newest first" captionHidden getRowId={(r) => r.reportId}
              onRowOpen={(r) => onOpenChart(r.patientId)} stickyHeaderOffset={52}
              emptyTitle="No results waiting" emptyText="Results of your orders appear here when the laboratory reports them."
              rowProps={(r) => ({ className: r.grade === 'critical' ? 'result-critical' : r.grade === 'abnormal' ? 'result-abnormal' : '', 'data-testid': 'inbox-row' })}
            />
          )}
      <Group gap="xs"><Text size="xs" c="dimmed">Acknowledged results stay in the patient&apos;s chart under Vitals &amp; labs.</Text></Group>
    </Stack>
  );
}
