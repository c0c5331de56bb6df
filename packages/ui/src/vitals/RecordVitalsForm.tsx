import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { VitalsInputSchema } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';

const FIELDS = [
  { key: 'systolic', label: 'Systolic BP', unit: 'mmHg' },
  { key: 'diastolic', label: 'Diastolic BP', unit: 'mmHg' },
  { key: 'heartRate', label: 'Heart rate', unit: '/min' },
  { key: 'respiratoryRate', label: 'Respiratory rate', unit: '/min' },
  { key: 'temperatureC', label: 'Temperature', unit: '°C' },
  { key: 'spo2', label: 'SpO2', unit: '%' },
  { key: 'weightKg', label: 'Weight', unit: 'kg' },
] as const;
type FieldKey = (typeof FIELDS)[number]['key'];

/**
 * Records a set of vitals. The host saves them in the local store at once (they show with a
 * "Not yet synced" marker) and the sync loop sends them when the server can be reached.
 */
export function RecordVitalsForm({ patientId, onDone }: { patientId: string; onDone: () => void }) {
  const api = useApi();
  const qc = useQueryClient();
  const [values, setValues] = useState<Record<FieldKey, string>>({ systolic: '', diastolic: '', heartRate: '', respiratoryRate: '', temperatureC: '', spo2: '', weightKg: '' });
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const record = useMutation({
    mutationFn: api.vitals.record,
    onSuccess: async (r) => {
      setSaved(`Saved ${r.recorded} vital sign${r.recorded === 1 ? '' : 's'} on this workstation.`);
      await Promise.all([qc.invalidateQueries({ queryKey: queryKeys.anyChart(patientId) }), qc.invalidateQueries({ queryKey: queryKeys.sync })]);
      onDone();
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const input: Record<string, unknown> = { patientId };
    for (const f of FIELDS) {
      const raw = values[f.key].trim();
      if (raw !== '') input[f.key] = Number(raw);
    }
    const parsed = VitalsInputSchema.safeParse(input);
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      queueMicrotask(() => errorRef.current?.focus());
      return;
    }
    setIssues([]);
    record.mutate(parsed.data);
  };

  const issueFor = (k: FieldKey) => issues.find((i) => i.path === k)?.message;
  const general = issues.filter((i) => i.path === '');
  return (
    <form className="card vitals-form" onSubmit={submit} aria-labelledby="record-vitals-title" noValidate>
      <h3 id="record-vitals-title">Record vitals</h3>
      <div className="vitals-grid">
        {FIELDS.map((f) => {
          const issue = issueFor(f.key);
          return (
            <div key={f.key} className="field">
              <label htmlFor={`vital-${f.key}`}>
                {f.label} ({f.unit})
              </label>
              <input
                id={`vital-${f.key}`}
                inputMode="decimal"
                value={values[f.key]}
                aria-invalid={issue !== undefined}
                aria-describedby={issue === undefined ? undefined : `vital-${f.key}-err`}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
              />
              {issue !== undefined && <span id={`vital-${f.key}-err`} className="error">{issue}</span>}
            </div>
          );
        })}
      </div>
      <div ref={errorRef} tabIndex={-1} aria-live="assertive">
        {general.map((g) => <p key={g.message} className="error" role="alert">{g.message}</p>)}
        {record.isError && <p className="error" role="alert">{errorMessage(record.error)}</p>}
      </div>
      {saved !== null && <p role="status">{saved}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={record.isPending}>Save vitals</button>
        <button type="button" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
