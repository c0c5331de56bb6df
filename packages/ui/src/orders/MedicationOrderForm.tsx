import { useId, useState, type FormEvent } from 'react';
import {
  DOSE_UNITS, DOSE_UNIT_KEYS, FREQUENCIES, FREQUENCY_KEYS, ROUTES, ROUTE_KEYS, dosesPerDayOf, weightBasedDose,
  type DoseUnit, type FormularyEntry, type FrequencyKey, type RouteKey,
} from '@lantern/core/orders';

export interface MedicationOrderValues {
  dose: { value: number; unit: DoseUnit };
  route: RouteKey;
  frequency: FrequencyKey;
  durationDays?: number;
  prn?: { reason?: string };
}

export interface MedicationOrderFormProps {
  drug: FormularyEntry;
  /** For the weight-based helper; null weight hides it with a note. */
  patient: { weightKg: number | null; ageYears: number | null };
  onSubmit(values: MedicationOrderValues): void;
  onCancel(): void;
  /** Field errors from building the order (core buildMedicationOrder issues). */
  issues?: readonly { path: string; message: string }[];
}

/** Dose, unit, route, frequency, duration, PRN, and a weight-based dose helper (mg/kg × weight, capped). */
export function MedicationOrderForm({ drug, patient, onSubmit, onCancel, issues = [] }: MedicationOrderFormProps) {
  const id = useId();
  const [dose, setDose] = useState('');
  const [unit, setUnit] = useState<DoseUnit>('mg');
  const [route, setRoute] = useState<RouteKey>('oral');
  const [frequency, setFrequency] = useState<FrequencyKey>('QD');
  const [duration, setDuration] = useState('');
  const [prn, setPrn] = useState(false);
  const [prnReason, setPrnReason] = useState('');
  const [mgPerKg, setMgPerKg] = useState('');
  const [helper, setHelper] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);

  const calculate = () => {
    if (patient.weightKg === null) return;
    const r = weightBasedDose({ rxcui: drug.rxcui, mgPerKg: Number(mgPerKg), weightKg: patient.weightKg, ageYears: patient.ageYears, dosesPerDay: dosesPerDayOf(frequency) });
    if (!r.ok) { setHelper(r.error.issues[0]?.message === undefined ? r.error.message : `mg/kg ${r.error.issues[0].message}`); return; }
    setDose(String(r.value.doseMg));
    setUnit('mg');
    setHelper(r.value.message ?? `${mgPerKg} mg/kg × ${patient.weightKg} kg = ${r.value.doseMg} mg per dose.`);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = Number(dose);
    if (dose.trim() === '' || !(value > 0)) { setLocalError('Enter a dose greater than 0.'); return; }
    setLocalError(null);
    onSubmit({
      dose: { value, unit }, route, frequency,
      ...(duration.trim() === '' ? {} : { durationDays: Number(duration) }),
      ...(prn ? { prn: prnReason.trim() === '' ? {} : { reason: prnReason.trim() } } : {}),
    });
  };
  const issue = (path: string) => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  const doseError = localError ?? issue('order.dose');
  return (
    <form className="card medication-order-form" aria-labelledby={`${id}-h`} onSubmit={submit} noValidate>
      <h3 id={`${id}-h`}>Order {drug.name}</h3>
      {drug.products.length > 0 && (
        <p className="muted">Available: {drug.products.slice(0, 4).map((p) => p.name).join('; ')}</p>
      )}
      <div className="field">
        <label htmlFor={`${id}-dose`}>Dose</label>
        <input id={`${id}-dose`} inputMode="decimal" value={dose} onChange={(e) => setDose(e.target.value)} aria-invalid={doseError !== undefined} aria-describedby={doseError === undefined ? undefined : `${id}-dose-err`} />
        <label htmlFor={`${id}-unit`}>Unit</label>
        <select id={`${id}-unit`} value={unit} onChange={(e) => setUnit(e.target.value as DoseUnit)}>
          {DOSE_UNIT_KEYS.map((u) => <option key={u} value={u}>{DOSE_UNITS[u].label}</option>)}
        </select>
        {doseError !== undefined && <p id={`${id}-dose-err`} className="error">{doseError}</p>}
      </div>
      <fieldset className="field weight-helper">
        <legend>Weight-based dose</legend>
        {patient.weightKg === null ? <p className="muted">No weight recorded: record a weight to use the mg/kg helper.</p> : (
          <>
            <label htmlFor={`${id}-mgkg`}>mg/kg per dose</label>
            <input id={`${id}-mgkg`} inputMode="decimal" value={mgPerKg} onChange={(e) => setMgPerKg(e.target.value)} />
            <span className="muted"> × {patient.weightKg} kg</span>
            <button type="button" onClick={calculate}>Calculate dose</button>
            {helper !== null && <p role="status" data-testid="weight-helper-result">{helper}</p>}
          </>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-route`}>Route</label>
        <select id={`${id}-route`} value={route} onChange={(e) => setRoute(e.target.value as RouteKey)}>
          {ROUTE_KEYS.map((r) => <option key={r} value={r}>{ROUTES[r].short}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-freq`}>Frequency</label>
        <select id={`${id}-freq`} value={frequency} onChange={(e) => setFrequency(e.target.value as FrequencyKey)}>
          {FREQUENCY_KEYS.map((f) => <option key={f} value={f}>{FREQUENCIES[f].label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-dur`}>Duration (days, optional)</label>
        <input id={`${id}-dur`} inputMode="numeric" value={duration} onChange={(e) => setDuration(e.target.value)} />
      </div>
      <div className="field">
        <label><input type="checkbox" checked={prn} onChange={(e) => setPrn(e.target.checked)} /> As needed (PRN)</label>
        {prn && (<><label htmlFor={`${id}-prn`}>PRN reason</label><input id={`${id}-prn`} value={prnReason} onChange={(e) => setPrnReason(e.target.value)} /></>)}
      </div>
      <div className="actions">
        <button type="submit">Add to orders</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
