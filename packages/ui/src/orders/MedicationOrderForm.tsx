import { useId, useState, type FormEvent } from 'react';
import { Button, Checkbox, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
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
  /** Starting values (a dose sentence the clinician chose to edit). */
  initial?: Partial<MedicationOrderValues>;
}

/** Dose, unit, route, frequency, duration, PRN, and a weight-based dose helper (mg/kg × weight, capped). */
export function MedicationOrderForm({ drug, patient, onSubmit, onCancel, issues = [], initial = {} }: MedicationOrderFormProps) {
  const id = useId();
  const [dose, setDose] = useState(initial.dose === undefined ? '' : String(initial.dose.value));
  const [unit, setUnit] = useState<DoseUnit>(initial.dose?.unit ?? 'mg');
  const [route, setRoute] = useState<RouteKey>(initial.route ?? 'oral');
  const [frequency, setFrequency] = useState<FrequencyKey>(initial.frequency ?? 'QD');
  const [duration, setDuration] = useState(initial.durationDays === undefined ? '' : String(initial.durationDays));
  const [prn, setPrn] = useState(initial.prn !== undefined);
  const [prnReason, setPrnReason] = useState(initial.prn?.reason ?? '');
  const [mgPerKg, setMgPerKg] = useState('');
  const [helper, setHelper] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);

  const calculate = () => {
    if (patient.weightKg === null || patient.ageYears === null) return;
    const r = weightBasedDose({ rxcui: drug.rxcui, mgPerKg: Number(mgPerKg), weightKg: patient.weightKg, ageYears: patient.ageYears, dosesPerDay: dosesPerDayOf(frequency) });
    if (!r.ok) { setHelper(r.error.issues?.[0]?.message === undefined ? r.error.message : `mg/kg ${r.error.issues[0].message}`); return; }
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
    <Paper component="form" withBorder p="sm" radius="md" className="medication-order-form" aria-labelledby={`${id}-h`} onSubmit={submit} noValidate>
      <Stack gap="xs">
        <Title order={3} size="h5" id={`${id}-h`}>Order {drug.name}</Title>
        <SimpleGrid cols={4} spacing="xs" verticalSpacing="xs">
          <TextInput id={`${id}-dose`} label="Dose" inputMode="decimal" value={dose} onChange={(e) => setDose(e.currentTarget.value)} error={doseError}
            styles={{ error: { color: 'var(--lantern-error)' }, input: doseError === undefined ? {} : { color: 'var(--mantine-color-text)', borderColor: 'var(--lantern-error)' } }} />
          <NativeSelect id={`${id}-unit`} label="Unit" value={unit} onChange={(e) => setUnit(e.currentTarget.value as DoseUnit)} data={DOSE_UNIT_KEYS.map((u) => ({ value: u, label: DOSE_UNITS[u].label }))} />
          <NativeSelect id={`${id}-route`} label="Route" value={route} onChange={(e) => setRoute(e.currentTarget.value as RouteKey)} data={ROUTE_KEYS.map((r) => ({ value: r, label: ROUTES[r].short }))} />
          <NativeSelect id={`${id}-freq`} label="Frequency" value={frequency} onChange={(e) => setFrequency(e.currentTarget.value as FrequencyKey)} data={FREQUENCY_KEYS.map((f) => ({ value: f, label: FREQUENCIES[f].label }))} />
          <TextInput id={`${id}-dur`} label="Duration (days, optional)" inputMode="numeric" value={duration} onChange={(e) => setDuration(e.currentTarget.value)} />
          <Checkbox mt="lg" label="As needed (PRN)" checked={prn} onChange={(e) => setPrn(e.currentTarget.checked)} />
          {prn && <TextInput id={`${id}-prn`} label="PRN reason" value={prnReason} onChange={(e) => setPrnReason(e.currentTarget.value)} />}
        </SimpleGrid>
        <fieldset className="weight-helper" style={{ border: '1px solid var(--lantern-border)', borderRadius: 6, padding: '0.4rem 0.75rem' }}>
          <legend><Text size="sm" fw={600} span>Weight-based dose</Text></legend>
          {patient.weightKg === null || patient.ageYears === null ? <Text size="sm" c="dimmed">{patient.weightKg === null ? 'No weight recorded: record a weight to use the mg/kg helper.' : 'No birth date recorded: the mg/kg helper needs the age for its limits.'}</Text> : (
            <Group gap="xs" align="flex-end">
              <TextInput id={`${id}-mgkg`} label="mg/kg per dose" inputMode="decimal" size="xs" w={130} value={mgPerKg} onChange={(e) => setMgPerKg(e.currentTarget.value)} />
              <Text size="sm" c="dimmed" pb={4}>× {patient.weightKg} kg</Text>
              <Button size="xs" variant="default" onClick={calculate}>Calculate dose</Button>
              {helper !== null && <Text size="sm" role="status" data-testid="weight-helper-result">{helper}</Text>}
            </Group>
          )}
        </fieldset>
        <Group gap="xs">
          <Button type="submit">Add to orders</Button>
          <Button variant="default" onClick={onCancel}>Cancel</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
