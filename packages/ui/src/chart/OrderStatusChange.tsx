import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrderStatus } from '@lantern/core/orders';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';

const MOVES: readonly { to: OrderStatus; label: string }[] = [
  { to: 'stopped', label: 'Stop (reason required)' },
  { to: 'on-hold', label: 'Put on hold' },
  { to: 'completed', label: 'Mark completed' },
  { to: 'entered-in-error', label: 'Entered in error (reason required)' },
];

/** Order status for an active medication, through core's status machine (the host refuses a move it forbids). */
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
    if (orderId !== '') change.mutate();
  };
  return (
    <form className="card order-status" aria-labelledby={`${id}-h`} onSubmit={submit}>
      <h2 id={`${id}-h`}>Change an order's status</h2>
      <div className="field">
        <label htmlFor={`${id}-o`}>Order</label>
        <select id={`${id}-o`} value={orderId} onChange={(e) => { setOrderId(e.target.value); setDone(null); }}>
          <option value="">— choose —</option>
          {meds.map((m) => <option key={m.id} value={m.id}>{`${m.medicationCodeableConcept?.text ?? 'Medication'} ${m.dosageInstruction?.[0]?.text ?? ''} (${m.status})`.trim()}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-s`}>New status</label>
        <select id={`${id}-s`} value={to} onChange={(e) => setTo(e.target.value as OrderStatus)}>
          {MOVES.map((m) => <option key={m.to} value={m.to}>{m.label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-r`}>Reason</label>
        <input id={`${id}-r`} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </div>
      {change.isError && <p role="alert" className="error">{errorMessage(change.error)}</p>}
      {done !== null && <p role="status" className="muted" data-testid="order-status-changed">{done}</p>}
      <div className="actions"><button type="submit" disabled={orderId === '' || change.isPending}>Update status</button></div>
    </form>
  );
}
