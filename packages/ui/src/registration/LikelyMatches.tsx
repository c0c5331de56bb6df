import { useEffect, useRef } from 'react';
import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { LikelyMatch } from '../api/features/registration-api.ts';
import { StatusBadge, type Status } from '../design/index.ts';
import { chartPath } from '../app/paths.ts';

/** What was typed, in the shape of a match's summary, for the side-by-side rows. */
export interface EnteredPerson {
  name: string;
  birthDate: string;
  sex: string;
  address: string;
  phone: string;
  identifier: string;
}

const GRADE: Record<LikelyMatch['grade'], { status: Status; label: string }> = {
  certain: { status: 'critical', label: 'Almost certainly the same person' },
  probable: { status: 'warning', label: 'Probably the same person' },
  possible: { status: 'info', label: 'Possibly the same person' },
  'certainly-not': { status: 'normal', label: 'Not a match' },
};

type Row = { label: string; entered: string; existing: string; field: string };

function rows(entered: EnteredPerson, m: LikelyMatch): Row[] {
  return [
    { label: 'Name', entered: entered.name, existing: m.name, field: 'name' },
    { label: 'Date of birth', entered: entered.birthDate, existing: m.birthDate ?? '—', field: 'birthDate' },
    { label: 'Sex', entered: entered.sex, existing: m.sex ?? '—', field: 'sex' },
    { label: 'Address', entered: entered.address || '—', existing: m.address ?? '—', field: 'address' },
    { label: 'Phone', entered: entered.phone || '—', existing: m.phone ?? '—', field: 'phone' },
    { label: 'MRN / ID', entered: entered.identifier || '—', existing: m.mrn ?? '—', field: 'identifier' },
  ];
}

/** Fields the matcher found different ("name" covers given and family). */
function differing(m: LikelyMatch): Set<string> {
  const out = new Set<string>();
  for (const f of m.fields) if (f.differs) out.add(f.field === 'given' || f.field === 'family' ? 'name' : f.field);
  return out;
}

/**
 * "This may be the same person": each likely existing patient beside what was entered, the fields
 * that differ marked, with a way to open the existing chart or to go on and register.
 */
export function LikelyMatches({ entered, matches, onContinue, registering }: { entered: EnteredPerson; matches: LikelyMatch[]; onContinue: () => void; registering: boolean }) {
  // The panel appears below the form: bring it into view and move focus to it (keyboard users land here).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView?.({ block: 'start' });
    heading.current?.focus();
  }, [matches]);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="likely-matches-title">
      <Title order={2} id="likely-matches-title" ref={heading} tabIndex={-1}>This may be the same person</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {matches.length === 1 ? 'A patient on this workstation looks' : `${matches.length} patients on this workstation look`} like the person you are registering. Open the existing chart if it is them.
      </Text>
      <Stack gap="sm">
        {matches.map((m) => {
          const diff = differing(m);
          return (
            <Paper key={m.patientId} withBorder p="xs" data-testid="likely-match">
              <Group justify="space-between" mb={4} wrap="nowrap">
                <Group gap="xs" wrap="nowrap">
                  <Text fw={700}>{m.name}</Text>
                  <StatusBadge status={GRADE[m.grade].status}>{GRADE[m.grade].label}</StatusBadge>
                  <Text size="xs" c="dimmed">score {m.score.toFixed(2)}</Text>
                </Group>
                <Button component={Link} to={chartPath(m.patientId)} variant="default" size="xs">Open this chart</Button>
              </Group>
              <Table withTableBorder={false} verticalSpacing={4} aria-label={`${m.name} compared with the new registration`}>
                <Table.Thead>
                  <Table.Tr><Table.Th scope="col">Field</Table.Th><Table.Th scope="col">Entered</Table.Th><Table.Th scope="col">Existing record</Table.Th><Table.Th scope="col"><span className="sr-only">Differs</span></Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows(entered, m).map((r) => (
                    <Table.Tr key={r.label}>
                      <Table.Th scope="row">{r.label}</Table.Th>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.entered}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.existing}</Table.Td>
                      <Table.Td>{diff.has(r.field) ? <StatusBadge status="warning">differs</StatusBadge> : null}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          );
        })}
      </Stack>
      <Group mt="sm">
        <Button onClick={onContinue} loading={registering}>None of these: register as a new patient</Button>
      </Group>
    </Paper>
  );
}
