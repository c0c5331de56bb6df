import { useEffect, useState } from 'react';
import { Alert, Button, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { REGISTRATION_IDENTIFIER_SYSTEMS, RegistrationInputSchema, type RegistrationInput } from '@lantern/core/mpi';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import type { LikelyMatch } from '../api/features/registration-api.ts';
import { FieldGrid, FormActions, notify, PageHeader, useLeaveGuard } from '../design/index.ts';
import { chartPath } from '../app/paths.ts';
import { LikelyMatches, type EnteredPerson } from './LikelyMatches.tsx';

type Sex = RegistrationInput['sex'];
const SEXES: { value: Sex; label: string }[] = [
  { value: 'female', label: 'Female' }, { value: 'male', label: 'Male' }, { value: 'other', label: 'Other' }, { value: 'unknown', label: 'Unknown' },
];

interface Form {
  given: string; middle: string; family: string; sex: Sex | null; birthDate: string;
  addressLine: string; city: string; state: string; postalCode: string; phone: string;
  idSystem: string | null; idValue: string;
  ecName: string; ecRelationship: string; ecPhone: string;
}
const EMPTY: Form = {
  given: '', middle: '', family: '', sex: null, birthDate: '', addressLine: '', city: '', state: '', postalCode: '', phone: '',
  idSystem: REGISTRATION_IDENTIFIER_SYSTEMS[0].system, idValue: '', ecName: '', ecRelationship: '', ecPhone: '',
};

function toInput(f: Form): RegistrationInput {
  return {
    given: f.given, middle: f.middle, family: f.family, sex: f.sex ?? 'unknown', birthDate: f.birthDate,
    addressLine: f.addressLine, city: f.city, state: f.state, postalCode: f.postalCode, phone: f.phone,
    identifiers: f.idSystem !== null && f.idValue.trim() !== '' ? [{ system: f.idSystem, value: f.idValue }] : [],
    emergencyContact: { name: f.ecName, relationship: f.ecRelationship, phone: f.ecPhone },
  };
}

function entered(f: Form): EnteredPerson {
  return {
    name: [f.given, f.middle, f.family].map((s) => s.trim()).filter((s) => s !== '').join(' '),
    birthDate: f.birthDate, sex: SEXES.find((s) => s.value === f.sex)?.label.toLowerCase() ?? '',
    address: [f.addressLine, f.city, f.postalCode].map((s) => s.trim()).filter((s) => s !== '').join(', '),
    phone: f.phone.trim(), identifier: f.idValue.trim(),
  };
}

/**
 * Registering a patient at the front desk or the bedside, offline too: the details, then the
 * likely existing patients side by side ("this may be the same person"), then the new record with
 * a provisional MRN from this workstation's range.
 */
export function RegisterScreen() {
  const api = useApi();
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [matches, setMatches] = useState<LikelyMatch[] | null>(null);
  const [done, setDone] = useState<{ patientId: string; mrn: string; name: string } | null>(null);
  const [left, setLeft] = useState<number | null>(null);
  const dirty = done === null && Object.entries(form).some(([k, v]) => v !== EMPTY[k as keyof Form]);
  useLeaveGuard(dirty, 'Leave without registering this patient?');

  useEffect(() => {
    api.registration.prepare().then((r) => setLeft(r.provisionalMrnsLeft), () => setLeft(null));
  }, [api]);

  const set = (k: keyof Form) => (v: string | null) => { setForm((f) => ({ ...f, [k]: v ?? '' })); setMatches(null); };
  const text = (k: keyof Form) => ({ value: String(form[k] ?? ''), onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(k)(e.currentTarget.value), error: errors[k] });

  const register = useMutation({
    mutationFn: () => api.registration.register({ fields: toInput(form) }),
    onSuccess: (r) => {
      const name = entered(form).name;
      setDone({ ...r, name });
      notify('success', `${name} registered with MRN ${r.mrn}`);
      setLeft((n) => (n === null ? n : n - 1));
    },
  });
  const check = useMutation({
    mutationFn: () => api.registration.check({ fields: toInput(form), limit: 5 }),
    onSuccess: (found) => {
      if (found.length === 0) register.mutate();
      else setMatches(found);
    },
  });

  const submit = () => {
    const parsed = RegistrationInputSchema.safeParse(toInput(form));
    if (!parsed.success || form.sex === null) {
      const e: Record<string, string> = {};
      for (const i of parsed.success ? [] : parsed.error.issues) e[String(i.path[0])] ??= i.message;
      if (form.sex === null) e['sex'] = 'Choose the sex';
      if (e['identifiers'] !== undefined) e['idValue'] = e['identifiers'];
      setErrors(e);
      return;
    }
    setErrors({});
    check.mutate();
  };

  if (done !== null) {
    return (
      <Stack gap="sm" maw={900}>
        <PageHeader title="Register a patient" />
        <Alert color="green" title="Patient registered" role="status">
          {done.name} is registered with provisional MRN {done.mrn}. The chart is ready now; the server assigns the enterprise MRN when this workstation syncs.
        </Alert>
        <FormActions>
          <Button component={Link} to={chartPath(done.patientId)}>Open chart</Button>
          <Button variant="default" onClick={() => { setDone(null); setForm(EMPTY); setMatches(null); }}>Register another patient</Button>
        </FormActions>
      </Stack>
    );
  }

  const failure = check.error ?? register.error;
  return (
    <Stack gap="sm" maw={1100}>
      <PageHeader
        title="Register a patient"
        description={left === null ? 'Works offline: the patient gets a provisional MRN from this workstation.' : `Works offline: ${left} provisional MRNs left on this workstation.`}
      />
      <Paper withBorder p="sm" component="form" aria-label="New patient" noValidate onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Stack gap="sm">
          <Title order={2}>Name and birth</Title>
          <FieldGrid cols={3}>
            <TextInput label="First name" required autoComplete="off" data-autofocus {...text('given')} />
            <TextInput label="Middle name" autoComplete="off" {...text('middle')} />
            <TextInput label="Last name" required autoComplete="off" {...text('family')} />
            <Select label="Sex" required data={SEXES} value={form.sex} onChange={(v) => set('sex')(v)} error={errors['sex']} allowDeselect={false} />
            <TextInput label="Date of birth" required description="YYYY-MM-DD" placeholder="1980-04-23" autoComplete="off" {...text('birthDate')} />
          </FieldGrid>
          <Title order={2}>Contact</Title>
          <FieldGrid cols={3}>
            <TextInput label="Street address" autoComplete="off" {...text('addressLine')} />
            <TextInput label="City" autoComplete="off" {...text('city')} />
            <TextInput label="State" autoComplete="off" {...text('state')} />
            <TextInput label="ZIP code" autoComplete="off" {...text('postalCode')} />
            <TextInput label="Phone" autoComplete="off" {...text('phone')} />
          </FieldGrid>
          <Title order={2}>Identifier</Title>
          <FieldGrid cols={3}>
            <Select label="ID type" data={REGISTRATION_IDENTIFIER_SYSTEMS.map((s) => ({ value: s.system, label: s.label }))} value={form.idSystem} onChange={(v) => set('idSystem')(v)} allowDeselect={false} />
            <TextInput label="ID number" autoComplete="off" {...text('idValue')} />
          </FieldGrid>
          <Title order={2}>Emergency contact</Title>
          <FieldGrid cols={3}>
            <TextInput label="Contact name" autoComplete="off" {...text('ecName')} />
            <TextInput label="Relationship" autoComplete="off" {...text('ecRelationship')} />
            <TextInput label="Contact phone" autoComplete="off" {...text('ecPhone')} />
          </FieldGrid>
          {failure !== null && <Alert color="red" role="alert" title="Not registered">{errorMessage(failure)}</Alert>}
          {matches === null && (
            <FormActions>
              <Button type="submit" loading={check.isPending || register.isPending}>Register patient</Button>
            </FormActions>
          )}
        </Stack>
      </Paper>
      {matches !== null && <LikelyMatches entered={entered(form)} matches={matches} onContinue={() => register.mutate()} registering={register.isPending} />}
    </Stack>
  );
}
