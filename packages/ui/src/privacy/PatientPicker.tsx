import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { PatientLabel } from '../api/features/privacy-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { formatDate } from '../format/format.ts';

/**
 * Finds a patient by name, MRN or date of birth for a report, showing identifiers only: choosing
 * one never opens the chart. The look-up is audited on the server.
 */
export function PatientPicker({ label, find, onPick, picked }: {
  label: string;
  find: (text: string) => Promise<PatientLabel[]>;
  onPick: (p: PatientLabel) => void;
  picked: PatientLabel | null;
}) {
  const [text, setText] = useState('');
  const [submitted, setSubmitted] = useState('');
  const q = useQuery({ queryKey: ['patient-picker', label, submitted], queryFn: () => find(submitted), enabled: submitted.length >= 2 });
  return (
    <Stack gap={6}>
      <form onSubmit={(e) => { e.preventDefault(); setSubmitted(text.trim()); }}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput label={label} description="Name, MRN or date of birth (YYYY-MM-DD); press Enter" value={text} onChange={(e) => setText(e.currentTarget.value)} w={340} />
          <Button type="submit" variant="default">Find</Button>
        </Group>
      </form>
      {q.isError && <Text c="var(--lantern-error)" size="sm" role="alert">{errorMessage(q.error)}</Text>}
      {q.data !== undefined && submitted !== '' && (
        <Paper withBorder p={6} maw={640}>
          {q.data.length === 0 ? <Text size="sm">No patient matches “{submitted}”.</Text> : (
            <Stack gap={2} role="list" aria-label="Matching patients">
              {q.data.map((p) => (
                <div key={p.patientId} role="listitem">
                  <Button variant={picked?.patientId === p.patientId ? 'light' : 'subtle'} justify="flex-start" onClick={() => onPick(p)} aria-pressed={picked?.patientId === p.patientId}>
                    {p.name} · MRN {p.mrn ?? '—'} · born {formatDate(p.birthDate)}
                  </Button>
                </div>
              ))}
            </Stack>
          )}
        </Paper>
      )}
    </Stack>
  );
}
