import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, NativeSelect, Paper, Text, TextInput, Title } from '@mantine/core';
import { VitalsInputSchema } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { FieldGrid, FormActions } from '../design/Field.tsx';
import { useLeaveGuard } from '../design/useLeaveGuard.tsx';
import { toCelsius, toKilograms, type TemperatureUnit, type WeightUnit } from './units.ts';

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

const EMPTY: Record<FieldKey, string> = { systolic: '', diastolic: '', heartRate: '', respiratoryRate: '', temperatureC: '', spo2: '', weightKg: '' };

/**
 * Records a set of vitals. The host saves them in the local store at once (they show with a
 * "Not yet synced" marker) and the sync loop sends them when the server can be reached.
 * Temperature may be typed in °F and weight in lb: the label names the unit being typed, the
 * converted value (what is stored, °C and kg) shows under the field before saving.
 */
export function RecordVitalsForm({ patientId, onDone }: { patientId: string; onDone: () => void }) {
  const api = useApi();
  const qc = useQueryClient();
  const [values, setValues] = useState<Record<FieldKey, string>>(EMPTY);
  const [tempUnit, setTempUnit] = useState<TemperatureUnit>('C');
  const [weightUnit, setWeightUnit] = useState<WeightUnit>('kg');
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const dirty = Object.values(values).some((v) => v.trim() !== '');
  useLeaveGuard(dirty && saved === null, 'Vitals typed but not saved');
  const record = useMutation({
    mutationFn: api.vitals.record,
    onSuccess: async (r) => {
      setSaved(`Saved ${r.recorded} vital sign${r.recorded === 1 ? '' : 's'} on this workstation.`);
      await Promise.all([qc.invalidateQueries({ queryKey: queryKeys.anyChart(patientId) }), qc.invalidateQueries({ queryKey: queryKeys.sync })]);
      onDone();
    },
  });

  /** The number to store for a field: °F and lb converted; NaN stays NaN for the schema to reject. */
  const stored = (k: FieldKey, n: number): number =>
    k === 'temperatureC' ? toCelsius(n, tempUnit) : k === 'weightKg' ? toKilograms(n, weightUnit) : n;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const input: Record<string, unknown> = { patientId };
    for (const f of FIELDS) {
      const raw = values[f.key].trim();
      if (raw !== '') input[f.key] = stored(f.key, Number(raw));
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
  const unitOf = (k: FieldKey, fallback: string): string => (k === 'temperatureC' ? (tempUnit === 'C' ? '°C' : '°F') : k === 'weightKg' ? weightUnit : fallback);
  const converted = (k: FieldKey): string | undefined => {
    const n = Number(values[k].trim());
    if (values[k].trim() === '' || !Number.isFinite(n)) return undefined;
    if (k === 'temperatureC' && tempUnit === 'F') return `= ${toCelsius(n, 'F').toFixed(1)} °C (saved in °C)`;
    if (k === 'weightKg' && weightUnit === 'lb') return `= ${toKilograms(n, 'lb').toFixed(2)} kg (saved in kg)`;
    return undefined;
  };
  const unitPicker = (k: FieldKey) => {
    if (k === 'temperatureC') {
      return <NativeSelect aria-label="Temperature unit" value={tempUnit} onChange={(e) => setTempUnit(e.currentTarget.value === 'F' ? 'F' : 'C')}
        data={[{ value: 'C', label: '°C' }, { value: 'F', label: '°F' }]} w="4.5rem" />;
    }
    if (k === 'weightKg') {
      return <NativeSelect aria-label="Weight unit" value={weightUnit} onChange={(e) => setWeightUnit(e.currentTarget.value === 'lb' ? 'lb' : 'kg')}
        data={[{ value: 'kg', label: 'kg' }, { value: 'lb', label: 'lb' }]} w="4.5rem" />;
    }
    return null;
  };
  const general = issues.filter((i) => i.path === '');
  return (
    <Paper component="form" className="vitals-form" onSubmit={submit} aria-labelledby="record-vitals-title" noValidate mb="md">
      <Title order={3} id="record-vitals-title" mb="xs">Record vitals</Title>
      <FieldGrid cols={4}>
        {FIELDS.map((f) => {
          const picker = unitPicker(f.key);
          const input = (
            <TextInput
              id={`vital-${f.key}`}
              label={`${f.label} (${unitOf(f.key, f.unit)})`}
              inputMode="decimal"
              value={values[f.key]}
              error={issueFor(f.key)}
              description={converted(f.key)}
              onChange={(e) => setValues({ ...values, [f.key]: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
          );
          return picker === null ? <div key={f.key}>{input}</div> : (
            <div key={f.key} style={{ display: 'flex', gap: 6, alignItems: 'flex-start' }}>
              {input}
              <div style={{ paddingTop: 'calc(var(--mantine-font-size-sm) * 1.55)' }}>{picker}</div>
            </div>
          );
        })}
      </FieldGrid>
      <div ref={errorRef} tabIndex={-1} aria-live="assertive">
        {general.map((g) => <Alert key={g.message} color="red" variant="light" role="alert" mt="xs" p="xs">{g.message}</Alert>)}
        {record.isError && <Alert color="red" variant="light" role="alert" mt="xs" p="xs">{errorMessage(record.error)}</Alert>}
      </div>
      {saved !== null && <Text role="status" size="sm" mt="xs">{saved}</Text>}
      <FormActions>
        <Button type="submit" loading={record.isPending}>Save vitals</Button>
        <Button variant="default" onClick={onDone}>Cancel</Button>
      </FormActions>
    </Paper>
  );
}
