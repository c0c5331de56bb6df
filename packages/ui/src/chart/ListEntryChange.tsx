import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { ListChange } from '../api/ClinicalApi.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';

const CHANGES: readonly { value: ListChange; label: string }[] = [
  { value: 'resolved', label: 'Resolved' },
  { value: 'inactive', label: 'Inactive' },
  { value: 'entered-in-error', label: 'Entered in error (reason required)' },
];

/** Mark a problem or an allergy resolved, inactive or entered in error; saved locally at once, synced later. */
export function ListEntryChange({ patientId, kind }: { patientId: string; kind: 'problem' | 'allergy' }) {
  const api = useApi();
  const qc = useQueryClient();
  const id = useId();
  const lists = useQuery({ queryKey: queryKeys.lists(patientId), queryFn: () => api.chart.lists(patientId) });
  const entries = kind === 'problem'
    ? (lists.data?.problems ?? []).map((p) => ({ id: p.id ?? '', label: p.code?.text ?? p.code?.coding?.[0]?.display ?? 'Problem' }))
    : (lists.data?.allergies ?? []).map((a) => ({ id: a.id ?? '', label: a.code?.text ?? a.code?.coding?.[0]?.display ?? 'Allergy' }));
  const [entry, setEntry] = useState('');
  const [change, setChange] = useState<ListChange>('resolved');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => api.problems.change({ patientId, id: entry, kind, change, ...(reason.trim() === '' ? {} : { reason: reason.trim() }) }),
    onSuccess: () => {
      setDone(`Marked ${change}. It syncs with the server when it is reachable.`);
      setEntry('');
      setReason('');
      void qc.invalidateQueries({ queryKey: queryKeys.anyChart(patientId) });
    },
  });
  if (entries.length === 0 && done === null) return null;
  const noun = kind === 'problem' ? 'problem' : 'allergy';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (entry !== '') save.mutate();
  };
  return (
    <form className="card list-entry-change" aria-labelledby={`${id}-h`} onSubmit={submit}>
      <h2 id={`${id}-h`}>Change a{kind === 'allergy' ? 'n' : ''} {noun}</h2>
      <div className="field">
        <label htmlFor={`${id}-e`}>{kind === 'problem' ? 'Problem' : 'Allergy'}</label>
        <select id={`${id}-e`} value={entry} onChange={(e) => { setEntry(e.target.value); setDone(null); }}>
          <option value="">— choose —</option>
          {entries.map((x) => <option key={x.id} value={x.id}>{x.label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-c`}>Mark as</label>
        <select id={`${id}-c`} value={change} onChange={(e) => setChange(e.target.value as ListChange)}>
          {CHANGES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-r`}>Reason or note</label>
        <input id={`${id}-r`} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </div>
      {save.isError && <p role="alert" className="error">{errorMessage(save.error)}</p>}
      {done !== null && <p role="status" className="muted" data-testid={`${kind}-changed`}>{done}</p>}
      <div className="actions"><button type="submit" disabled={entry === '' || save.isPending}>Save {noun} change</button></div>
    </form>
  );
}
