import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Card } from '@lantern/core/cds';
import type { FormularyEntry } from '@lantern/core/orders';
import { Button, List, NativeSelect, Paper, Text, TextInput, Title } from '@mantine/core';
import { useApi } from '../api/ApiContext.tsx';
import { FieldGrid, FormActions } from '../design/Field.tsx';
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
    <Paper component="form" withBorder p="sm" mt="md" className="allergy-add" aria-labelledby={`${id}-h`} onSubmit={submit}>
      <Title order={2} size="h4" id={`${id}-h`} mb="xs">Add an allergy</Title>
      {drug === null ? <DrugSearch onSelect={setDrug} /> : (
        <Text size="sm">Drug: <strong>{drug.name}</strong> <Button variant="subtle" size="compact-sm" onClick={() => setDrug(null)}>Change</Button></Text>
      )}
      <FieldGrid cols={3}>
        {drug === null && <TextInput label="Or another substance (free text)" value={text} onChange={(e) => setText(e.currentTarget.value)} maxLength={200} />}
        <NativeSelect label="Criticality" value={criticality} onChange={(e) => setCriticality(e.currentTarget.value as typeof criticality)}
          data={[{ value: 'high', label: 'High' }, { value: 'low', label: 'Low' }, { value: 'unable-to-assess', label: 'Unable to assess' }]} />
        <TextInput label="Reaction" value={reaction} onChange={(e) => setReaction(e.currentTarget.value)} maxLength={200} />
      </FieldGrid>
      {add.isError && <Text role="alert" c="var(--lantern-error)" size="sm" mt="xs">{errorMessage(add.error)}</Text>}
      <FormActions><Button type="submit" disabled={!ready || add.isPending}>Add allergy</Button></FormActions>
      {result !== null && (result.cards.length === 0
        ? <Text role="status" c="dimmed" size="sm" mt="xs" data-testid="allergy-recheck">Allergy recorded. No active order conflicts with it.</Text>
        : (
          <div role="alert" data-testid="allergy-recheck">
            <Text size="sm" fw={700} mt="xs">Allergy recorded. {result.cards.length} active order{result.cards.length === 1 ? '' : 's'} now conflict with it:</Text>
            <List size="sm">{result.cards.map((c) => <List.Item key={c.uuid} className={`cds-card cds-card-${c.indicator}`}>{c.indicator.toUpperCase()}: {c.summary}</List.Item>)}</List>
          </div>
        ))}
    </Paper>
  );
}
