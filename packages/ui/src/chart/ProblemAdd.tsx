import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, NativeSelect, Paper, Text, TextInput, Title } from '@mantine/core';
import { useApi } from '../api/ApiContext.tsx';
import { FieldGrid, FormActions } from '../design/Field.tsx';
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
    <Paper component="form" withBorder p="sm" mt="md" className="problem-add" aria-labelledby={`${id}-h`} onSubmit={submit}>
      <Title order={2} size="h4" id={`${id}-h`} mb="xs">Add a problem</Title>
      <FieldGrid cols={3}>
        <NativeSelect label="Code system" value={system} onChange={(e) => setSystem(e.currentTarget.value as 'icd10cm' | 'snomed')}
          data={[{ value: 'icd10cm', label: 'ICD-10-CM' }, { value: 'snomed', label: 'SNOMED CT' }]} />
        <TextInput label="Code" value={code} onChange={(e) => { setCode(e.currentTarget.value); setDone(false); }} maxLength={20} />
        <TextInput label="Problem name" value={display} onChange={(e) => setDisplay(e.currentTarget.value)} maxLength={200} />
      </FieldGrid>
      {add.isError && <Text role="alert" c="var(--lantern-error)" size="sm" mt="xs">{errorMessage(add.error)}</Text>}
      {done && <Text role="status" c="dimmed" size="sm" mt="xs" data-testid="problem-added">Problem added. It syncs with the server when it is reachable.</Text>}
      <FormActions><Button type="submit" disabled={!ready || add.isPending}>Add problem</Button></FormActions>
    </Paper>
  );
}
