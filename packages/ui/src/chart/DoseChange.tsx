import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';

/** Change the dose of an active medication: saved at once locally, synced later; a concurrent change elsewhere becomes a conflict to resolve. */
export function DoseChange({ patientId }: { patientId: string }) {
  const api = useApi();
  const qc = useQueryClient();
  const id = useId();
  const lists = useQuery({ queryKey: queryKeys.lists(patientId), queryFn: () => api.chart.lists(patientId) });
  const meds = (lists.data?.medications ?? []).filter((m) => m.status === 'active' && m.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity !== undefined);
  const [orderId, setOrderId] = useState('');
  const [dose, setDose] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: () => api.orders.changeDose(patientId, orderId, Number(dose)),
    onSuccess: (r) => {
      setSaved(`Dose changed: ${r.text}. It syncs with the server when it is reachable.`);
      setDose('');
      void qc.invalidateQueries({ queryKey: queryKeys.anyChart(patientId) });
    },
  });
  if (meds.length === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (orderId !== '' && Number(dose) > 0) change.mutate();
  };
  const label = (m: (typeof meds)[number]) => `${m.medicationCodeableConcept?.text ?? 'Medication'} ${m.dosageInstruction?.[0]?.text ?? ''}`.trim();
  return (
    <form className="card dose-change" aria-labelledby={`${id}-h`} onSubmit={submit}>
      <h2 id={`${id}-h`}>Change a dose</h2>
      <div className="field">
        <label htmlFor={`${id}-med`}>Medication</label>
        <select id={`${id}-med`} value={orderId} onChange={(e) => { setOrderId(e.target.value); setSaved(null); }}>
          <option value="">— choose —</option>
          {meds.map((m) => <option key={m.id} value={m.id}>{label(m)}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-dose`}>New dose</label>
        <input id={`${id}-dose`} type="number" min="0" step="any" inputMode="decimal" value={dose} onChange={(e) => setDose(e.target.value)} />
      </div>
      {change.isError && <p role="alert" className="error">{errorMessage(change.error)}</p>}
      {saved !== null && <p role="status" className="muted" data-testid="dose-changed">{saved}</p>}
      <div className="actions"><button type="submit" disabled={orderId === '' || !(Number(dose) > 0) || change.isPending}>Save dose</button></div>
    </form>
  );
}
