import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, NativeSelect, Paper, Text, TextInput, Title } from '@mantine/core';
import { useApi } from '../api/ApiContext.tsx';
import { FieldGrid, FormActions } from '../design/Field.tsx';
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
    <Paper component="form" withBorder p="sm" mt="md" className="list-entry-change" aria-labelledby={`${id}-h`} onSubmit={submit}>
      <Title order={2} size="h4" id={`${id}-h`} mb="xs">Change a{kind === 'allergy' ? 'n' : ''} {noun}</Title>
      <FieldGrid cols={3}>
        <NativeSelect label={kind === 'problem' ? 'Problem' : 'Allergy'} value={entry} onChange={(e) => { setEntry(e.currentTarget.value); setDone(null); }}
          data={[{ value: '', label: '— choose —' }, ...entries.map((x) => ({ value: x.id, label: x.label }))]} />
        <NativeSelect label="Mark as" value={change} onChange={(e) => setChange(e.currentTarget.value as ListChange)} data={CHANGES.map((c) => ({ value: c.value, label: c.label }))} />
        <TextInput label="Reason or note" value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} />
      </FieldGrid>
      {save.isError && <Text role="alert" c="var(--lantern-error)" size="sm" mt="xs">{errorMessage(save.error)}</Text>}
      {done !== null && <Text role="status" c="dimmed" size="sm" mt="xs" data-testid={`${kind}-changed`}>{done}</Text>}
      <FormActions><Button type="submit" disabled={entry === '' || save.isPending}>Save {noun} change</Button></FormActions>
    </Paper>
  );
}
