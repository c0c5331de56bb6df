import { useState } from 'react';
import { Button, SegmentedControl, Stack, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { SubscriptionDelivery, SubscriptionSummary } from '../api/features/integrations-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { DataTable, EmptyState, ErrorState, LoadingSkeleton, notify, PageHeader, StatusBadge, type Status } from '../design/index.ts';
import { formatDateTime } from '../format/format.ts';

type Filter = 'dead-lettered' | 'failed' | 'pending' | 'delivered' | 'all';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'dead-lettered', label: 'Dead letters' },
  { value: 'failed', label: 'Retrying' },
  { value: 'pending', label: 'Pending' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'all', label: 'All' },
];

const DELIVERY_STATUS: Record<SubscriptionDelivery['status'], { status: Status; label: string }> = {
  'pending': { status: 'info', label: 'Pending' },
  'delivered': { status: 'normal', label: 'Delivered' },
  'failed': { status: 'warning', label: 'Retrying' },
  'dead-lettered': { status: 'critical', label: 'Dead letter' },
};

/**
 * Rest-hook subscriptions of outside systems (FHIR R4 Subscription): what each subscriber listens
 * for, where notifications go, and their delivery state; dead letters can be sent again once the
 * receiver is fixed. Ids only: the administrator sees no clinical content.
 */
export function SubscriptionsScreen() {
  const api = useApi();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<Filter>('dead-lettered');
  const subs = useQuery({ queryKey: ['admin', 'subscriptions'], queryFn: () => api.integrations.subscriptions() });
  const deliveries = useQuery({
    queryKey: ['admin', 'subscription-deliveries', filter],
    queryFn: () => api.integrations.deliveries(filter === 'all' ? { limit: 200 } : { status: filter, limit: 200 }),
  });
  const retry = useMutation({
    mutationFn: (d: SubscriptionDelivery) => api.integrations.retryDelivery({ deliveryId: d.id }),
    onSuccess: async () => {
      notify('success', 'Sent again from the first attempt');
      await qc.invalidateQueries({ queryKey: ['admin'] });
    },
    onError: (e) => notify('error', errorMessage(e)),
  });

  const subColumns: ColumnDef<SubscriptionSummary, unknown>[] = [
    { id: 'client', header: 'Subscriber', accessorFn: (s) => s.clientName, meta: { rowHeader: true } },
    { id: 'criteria', header: 'Criteria', accessorFn: (s) => s.criteria },
    { id: 'endpoint', header: 'Endpoint', accessorFn: (s) => s.endpoint },
    { id: 'payload', header: 'Payload', accessorFn: (s) => (s.payload === 'id-only' ? 'Id only' : 'Full resource'), meta: { nowrap: true } },
    {
      id: 'status', header: 'Status', accessorFn: (s) => s.status, meta: { nowrap: true },
      cell: (c) => <StatusBadge status={c.row.original.status === 'active' ? 'normal' : 'abnormal'}>{c.row.original.status === 'active' ? 'Active' : 'Off'}</StatusBadge>,
    },
    { id: 'pending', header: 'Pending', accessorFn: (s) => s.counts.pending, meta: { align: 'right' } },
    { id: 'delivered', header: 'Delivered', accessorFn: (s) => s.counts.delivered, meta: { align: 'right' } },
    { id: 'failed', header: 'Retrying', accessorFn: (s) => s.counts.failed, meta: { align: 'right' } },
    { id: 'dead', header: 'Dead letters', accessorFn: (s) => s.counts.deadLettered, meta: { align: 'right' } },
  ];
  const clientOf = new Map((subs.data ?? []).map((s) => [s.id, s.clientName]));
  const deliveryColumns: ColumnDef<SubscriptionDelivery, unknown>[] = [
    { id: 'resource', header: 'Resource', accessorFn: (d) => `${d.resource} v${d.version}`, meta: { rowHeader: true } },
    { id: 'subscriber', header: 'Subscriber', accessorFn: (d) => clientOf.get(d.subscriptionId) ?? '—' },
    {
      id: 'state', header: 'State', accessorFn: (d) => d.status, meta: { nowrap: true },
      cell: (c) => <StatusBadge miw="max-content" status={DELIVERY_STATUS[c.row.original.status].status}>{DELIVERY_STATUS[c.row.original.status].label}</StatusBadge>,
    },
    { id: 'attempts', header: 'Attempts', accessorFn: (d) => d.attempts, meta: { align: 'right' } },
    { id: 'error', header: 'Last error', accessorFn: (d) => d.lastError ?? '—' },
    { id: 'last', header: 'Last attempt', accessorFn: (d) => d.lastAttemptAt ?? '', cell: (c) => formatDateTime(c.row.original.lastAttemptAt), meta: { nowrap: true } },
    { id: 'next', header: 'Next attempt', accessorFn: (d) => d.nextAttemptAt ?? '', cell: (c) => formatDateTime(c.row.original.nextAttemptAt), meta: { nowrap: true } },
    {
      id: 'actions', header: 'Actions', enableSorting: false,
      cell: (c) => c.row.original.status === 'dead-lettered'
        ? <Button size="compact-sm" variant="default" loading={retry.isPending} onClick={() => retry.mutate(c.row.original)} aria-label={`Send ${c.row.original.resource} again`}>Send again</Button>
        : null,
    },
  ];

  return (
    <Stack gap="sm">
      <PageHeader title="Subscriptions" description="Outside systems notified of new and changed records (FHIR rest-hook), and the state of every notification." />
      {subs.isPending ? <LoadingSkeleton label="Loading subscriptions" /> : subs.isError ? <ErrorState message={errorMessage(subs.error)} onRetry={() => void subs.refetch()} />
        : subs.data.length === 0 ? <EmptyState title="No subscriptions">A registered subscriber creates one through the FHIR API (POST Subscription).</EmptyState>
          : <DataTable data={subs.data} columns={subColumns} caption="Subscriptions" captionHidden getRowId={(s) => s.id} />}
      <Title order={3} size="h4" id="deliveries-heading">Notifications</Title>
      <SegmentedControl value={filter} onChange={(v) => setFilter(FILTERS.find((f) => f.value === v)?.value ?? 'all')} data={FILTERS} aria-label="Show notifications" w="fit-content" />
      {deliveries.isPending ? <LoadingSkeleton label="Loading notifications" /> : deliveries.isError ? <ErrorState message={errorMessage(deliveries.error)} onRetry={() => void deliveries.refetch()} />
        : deliveries.data.length === 0 ? <EmptyState title={filter === 'dead-lettered' ? 'No dead letters' : 'No notifications'} />
          : <DataTable data={deliveries.data} columns={deliveryColumns} caption="Notifications" captionHidden getRowId={(d) => d.id} rowProps={(d) => ({ 'data-testid': `delivery-${d.id}` })} />}
    </Stack>
  );
}
