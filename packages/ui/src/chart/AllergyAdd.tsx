import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Card } from '@lantern/core/cds';
import type { FormularyEntry } from '@lantern/core/orders';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { DrugSearch } from '../orders/DrugSearch.tsx';

/** Record an allergy (a formulary drug or free text); the host re-checks the active orders and the cards show at once. */
export function AllergyAdd({ patientId }: { patientId: string }) {
  const api = useApi();
  const qc = useQueryClient();
  const id = useId();
  const [drug, setDrug] = useState<FormularyEntry | null>(null);
  const [text, setText] = useState('');
  const [criticality, setCriticality] = useState<'low' | 'high' | 'unable-to-assess'>('high');
  const [reaction, setReaction] = useState('');
  const [result, setResult] = useState<{ cards: Card[] } | null>(null);
  const add = useMutation({
    mutationFn: () => api.allergies.add({
      patientId, criticality, ...(reaction.trim() === '' ? {} : { reaction: reaction.trim() }),
      substance: drug !== null ? { kind: 'ingredient', rxcui: drug.rxcui, name: drug.name } : { kind: 'text', text: text.trim() },
    }),
    onSuccess: (r) => {
      setResult({ cards: r.cards });
      setDrug(null);
      setText('');
      setReaction('');
      void qc.invalidateQueries({ queryKey: queryKeys.anyChart(patientId) });
    },
  });
  const ready = drug !== null || text.trim().length >= 2;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) add.mutate();
  };
  return (
    <form className="card allergy-add" aria-labelledby={`${id}-h`} onSubmit={submit}>
      <h2 id={`${id}-h`}>Add an allergy</h2>
      {drug === null ? <DrugSearch onSelect={setDrug} /> : (
        <p>Drug: <strong>{drug.name}</strong> <button type="button" onClick={() => setDrug(null)}>Change</button></p>
      )}
      {drug === null && (
        <div className="field">
          <label htmlFor={`${id}-t`}>Or another substance (free text)</label>
          <input id={`${id}-t`} value={text} onChange={(e) => setText(e.target.value)} maxLength={200} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-c`}>Criticality</label>
        <select id={`${id}-c`} value={criticality} onChange={(e) => setCriticality(e.target.value as typeof criticality)}>
          <option value="high">High</option>
          <option value="low">Low</option>
          <option value="unable-to-assess">Unable to assess</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-r`}>Reaction</label>
        <input id={`${id}-r`} value={reaction} onChange={(e) => setReaction(e.target.value)} maxLength={200} />
      </div>
      {add.isError && <p role="alert" className="error">{errorMessage(add.error)}</p>}
      <div className="actions"><button type="submit" disabled={!ready || add.isPending}>Add allergy</button></div>
      {result !== null && (result.cards.length === 0
        ? <p role="status" className="muted" data-testid="allergy-recheck">Allergy recorded. No active order conflicts with it.</p>
        : (
          <div role="alert" data-testid="allergy-recheck">
            <p><strong>Allergy recorded. {result.cards.length} active order{result.cards.length === 1 ? '' : 's'} now conflict with it:</strong></p>
            <ul>{result.cards.map((c) => <li key={c.uuid} className={`cds-card cds-card-${c.indicator}`}>{c.indicator.toUpperCase()}: {c.summary}</li>)}</ul>
          </div>
        ))}
    </form>
  );
}
