import { useId, useState, type FormEvent } from 'react';
import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrderStatus } from '@lantern/core/orders';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { ChangeReview } from '../orders/ChangeReview.tsx';

const MOVES: readonly { to: OrderStatus; label: string }[] = [
  { to: 'stopped', label: 'Stop (reason required)' },
  { to: 'on-hold', label: 'Put on hold' },
  { to: 'completed', label: 'Mark completed' },
  { to: 'entered-in-error', label: 'Entered in error (reason required)' },
];
const REACTIVATE = { to: 'active' as const, label: 'Make active again (checked and signed)' };

/**
 * Order status for an active or on-hold medication, through core's status machine (the host refuses
 * a move it forbids). Making an on-hold order active again changes what the patient receives: it is
 * checked and signed like a new order (ChangeReview), never a plain status update.
 */
export function OrderStatusChange({ patientId }: { patientId: string }) {
  const api = useApi();
  const qc = useQueryClient();
  const id = useId();
  const lists = useQuery({ queryKey: queryKeys.lists(patientId), queryFn: () => api.chart.lists(patientId) });
  const meds = (lists.data?.medications ?? []).filter((m) => m.status === 'active' || m.status === 'on-hold');
  const [orderId, setOrderId] = useState('');
  const [to, setTo] = useState<OrderStatus>('stopped');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState<string | null>(null);
  const selected = meds.find((m) => m.id === orderId);
  const moves = selected?.status === 'on-hold' ? [REACTIVATE, ...MOVES.filter((m) => m.to !== 'on-hold')] : MOVES;
  const change = useMutation({
    mutationFn: () => api.orders.setStatus(patientId, orderId, to, reason.trim() === '' ? undefined : reason.trim()),
    onSuccess: (r) => {
      setDone(`Order is now ${r.status}. It syncs with the server when it is reachable.`);
      setOrderId('');
      setReason('');
      void qc.invalidateQueries({ queryKey: queryKeys.anyChart(patientId) });
    },
  });
  if (meds.length === 0 && done === null) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (orderId === '') return;
    if (to === 'active') setReviewing(orderId);
    else change.mutate();
  };
  return (
    <Paper withBorder radius="md" p="sm" className="order-status">
      <Stack gap="xs">
        <form aria-labelledby={`${id}-h`} onSubmit={submit}>
          <Stack gap="xs">
            <Title order={2} size="h4" id={`${id}-h`}>Change an order's status</Title>
            <SimpleGrid cols={3} spacing="xs">
              <NativeSelect id={`${id}-o`} label="Order" value={orderId} onChange={(e) => { setOrderId(e.currentTarget.value); setDone(null); setReviewing(null); setTo('stopped'); }}
                data={[{ value: '', label: '— choose —' }, ...meds.map((m) => ({ value: m.id ?? '', label: `${m.medicationCodeableConcept?.text ?? 'Medication'} ${m.dosageInstruction?.[0]?.text ?? ''} (${m.status})`.trim() }))]} />
              <NativeSelect id={`${id}-s`} label="New status" value={to} onChange={(e) => { setTo(e.currentTarget.value as OrderStatus); setReviewing(null); }}
                data={moves.map((m) => ({ value: m.to, label: m.label }))} />
              <TextInput id={`${id}-r`} label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} />
            </SimpleGrid>
            {change.isError && <Text role="alert" size="sm" c="var(--lantern-error)">{errorMessage(change.error)}</Text>}
            {done !== null && <Text role="status" size="sm" data-testid="order-status-changed">{done}</Text>}
            <Group><Button type="submit" variant="default" disabled={orderId === '' || change.isPending || reviewing !== null}>{to === 'active' ? 'Check re-activation' : 'Update status'}</Button></Group>
          </Stack>
        </form>
        {reviewing !== null && (
          <ChangeReview key={reviewing} patientId={patientId} orderId={reviewing} change={{ kind: 'reactivate' }} signLabel="Sign re-activation"
            onCancel={() => setReviewing(null)}
            onSigned={(r) => {
              setDone(`Order is now ${r.status}${r.overridden > 0 ? ` (${r.overridden} alert${r.overridden === 1 ? '' : 's'} overridden)` : ''}. It syncs with the server when it is reachable.`);
              setReviewing(null);
              setOrderId('');
              setTo('stopped');
            }} />
        )}
      </Stack>
    </Paper>
  );
}
