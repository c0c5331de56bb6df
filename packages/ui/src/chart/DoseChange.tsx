import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import { queryKeys } from '../api/queryKeys.ts';
import { ChangeReview } from '../orders/ChangeReview.tsx';
import { KnowledgeBaseBanner } from '../orders/KnowledgeBaseBanner.tsx';

/**
 * Change the dose of an active medication. A new dose changes what the patient receives, so it is
 * checked and signed like a new order (cards, override reasons, hard stops, password); once signed
 * it is saved locally and synced later, and a concurrent change elsewhere becomes a conflict.
 */
export function DoseChange({ patientId }: { patientId: string }) {
  const api = useApi();
  const id = useId();
  const lists = useQuery({ queryKey: queryKeys.lists(patientId), queryFn: () => api.chart.lists(patientId) });
  const meds = (lists.data?.medications ?? []).filter((m) => m.status === 'active' && m.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity !== undefined);
  const [orderId, setOrderId] = useState('');
  const [dose, setDose] = useState('');
  const [review, setReview] = useState<{ orderId: string; dose: number } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (meds.length === 0 && saved === null) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (orderId !== '' && Number(dose) > 0) {
      setSaved(null);
      setReview({ orderId, dose: Number(dose) });
    }
  };
  const label = (m: (typeof meds)[number]) => `${m.medicationCodeableConcept?.text ?? 'Medication'} ${m.dosageInstruction?.[0]?.text ?? ''}`.trim();
  return (
    <div className="card dose-change">
      <form aria-labelledby={`${id}-h`} onSubmit={submit}>
        <h2 id={`${id}-h`}>Change a dose</h2>
        <KnowledgeBaseBanner />
        <div className="field">
          <label htmlFor={`${id}-med`}>Medication</label>
          <select id={`${id}-med`} value={orderId} onChange={(e) => { setOrderId(e.target.value); setSaved(null); setReview(null); }}>
            <option value="">— choose —</option>
            {meds.map((m) => <option key={m.id} value={m.id}>{label(m)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-dose`}>New dose</label>
          <input id={`${id}-dose`} type="number" min="0" step="any" inputMode="decimal" value={dose} onChange={(e) => { setDose(e.target.value); setReview(null); }} />
        </div>
        <div className="actions"><button type="submit" disabled={orderId === '' || !(Number(dose) > 0) || review !== null}>Check dose change</button></div>
      </form>
      {review !== null && (
        <ChangeReview key={`${review.orderId}:${review.dose}`} patientId={patientId} orderId={review.orderId} change={{ kind: 'dose', dose: review.dose }} signLabel="Sign dose change"
          onCancel={() => setReview(null)}
          onSigned={(r) => {
            setSaved(`Dose changed and signed: ${r.text}${r.overridden > 0 ? ` (${r.overridden} alert${r.overridden === 1 ? '' : 's'} overridden)` : ''}. It syncs with the server when it is reachable.`);
            setReview(null);
            setDose('');
          }} />
      )}
      {saved !== null && <p role="status" className="muted" data-testid="dose-changed">{saved}</p>}
    </div>
  );
}
