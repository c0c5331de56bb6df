import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';

/** Add a problem, coded in ICD-10-CM or SNOMED CT; core validates the code's shape. */
export function ProblemAdd({ patientId }: { patientId: string }) {
  const api = useApi();
  const qc = useQueryClient();
  const id = useId();
  const [system, setSystem] = useState<'icd10cm' | 'snomed'>('icd10cm');
  const [code, setCode] = useState('');
  const [display, setDisplay] = useState('');
  const [done, setDone] = useState(false);
  const add = useMutation({
    mutationFn: () => api.problems.add({ patientId, system, code: code.trim(), display: display.trim() }),
    onSuccess: () => {
      setDone(true);
      setCode('');
      setDisplay('');
      void qc.invalidateQueries({ queryKey: queryKeys.anyChart(patientId) });
    },
  });
  const ready = code.trim().length >= 2 && display.trim().length >= 2;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) add.mutate();
  };
  return (
    <form className="card problem-add" aria-labelledby={`${id}-h`} onSubmit={submit}>
      <h2 id={`${id}-h`}>Add a problem</h2>
      <div className="field">
        <label htmlFor={`${id}-s`}>Code system</label>
        <select id={`${id}-s`} value={system} onChange={(e) => setSystem(e.target.value as 'icd10cm' | 'snomed')}>
          <option value="icd10cm">ICD-10-CM</option>
          <option value="snomed">SNOMED CT</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-c`}>Code</label>
        <input id={`${id}-c`} value={code} onChange={(e) => { setCode(e.target.value); setDone(false); }} maxLength={20} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-d`}>Problem name</label>
        <input id={`${id}-d`} value={display} onChange={(e) => setDisplay(e.target.value)} maxLength={200} />
      </div>
      {add.isError && <p role="alert" className="error">{errorMessage(add.error)}</p>}
      {done && <p role="status" className="muted" data-testid="problem-added">Problem added. It syncs with the server when it is reachable.</p>}
      <div className="actions"><button type="submit" disabled={!ready || add.isPending}>Add problem</button></div>
    </form>
  );
}
