import { useState } from 'react';
import { Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { WhoCanSee } from '../api/features/admin-api.ts';
import type { PatientLabel } from '../api/features/privacy-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { DataTable, ErrorState, notify, PageHeader } from '../design/index.ts';
import { formatDate, formatDateTime } from '../format/format.ts';
import { PatientPicker } from '../privacy/PatientPicker.tsx';

const reasonText = (r: WhoCanSee['reasons'][number]): string => (r.kind === 'care-team' ? 'Care team' : r.kind === 'unit' ? `Unit ${r.unit}` : `Break-glass until ${formatDateTime(r.expiresAt)}`);

/** Care teams and units: who can see a patient and why, and assigning a user to the patient's care team. */
export function CareTeamsScreen() {
  const api = useApi();
  const qc = useQueryClient();
  const [patient, setPatient] = useState<PatientLabel | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const users = useQuery({ queryKey: ['admin', 'users', ''], queryFn: () => api.admin.users({ search: '' }) });
  const who = useQuery({ queryKey: ['admin', 'whoCanSee', patient?.patientId], queryFn: () => api.admin.whoCanSee({ patientId: patient?.patientId ?? '' }), enabled: patient !== null });
  const assign = useMutation({
    mutationFn: (v: { userId: string; assigned: boolean }) => api.admin.assignCareTeam({ userId: v.userId, patientId: patient?.patientId ?? '', assigned: v.assigned }),
    onSuccess: async (_r, v) => { notify('success', v.assigned ? 'Added to the care team: their next sync brings the chart' : 'Removed from the care team'); await qc.invalidateQueries({ queryKey: ['admin'] }); },
    onError: (e) => notify('error', errorMessage(e)),
  });
  const columns: ColumnDef<WhoCanSee, unknown>[] = [
    { id: 'user', header: 'User', accessorFn: (u) => u.username, meta: { rowHeader: true } },
    { id: 'role', header: 'Role', accessorFn: (u) => u.role },
    { id: 'why', header: 'Why', accessorFn: (u) => u.reasons.map(reasonText).join('; ') },
    { id: 'active', header: 'Account', accessorFn: (u) => (u.active ? 'Active' : 'Deactivated') },
    {
      id: 'remove', header: '', enableSorting: false,
      cell: (c) => (c.row.original.reasons.some((r) => r.kind === 'care-team')
        ? <Button size="compact-sm" variant="default" onClick={() => assign.mutate({ userId: c.row.original.userId, assigned: false })} aria-label={`Remove from care team: ${c.row.original.username}`}>Remove from care team</Button> : null),
    },
  ];
  return (
    <Stack gap="sm">
      <PageHeader title="Care teams and units" description="Who can see a patient and why. Administrators see identifiers only, never the chart." />
      <PatientPicker label="Patient" find={(text) => api.admin.findPatients({ text })} onPick={setPatient} picked={patient} />
      {patient !== null && (
        <Stack gap="xs">
          <Title order={2}>{patient.name} · MRN {patient.mrn ?? '—'} · born {formatDate(patient.birthDate)}</Title>
          <Group gap="xs" align="flex-end">
            <Select label="Add to care team" placeholder="Choose a clinician" searchable w={300} value={userId} onChange={setUserId}
              data={(users.data ?? []).filter((u) => u.active && (u.role === 'physician' || u.role === 'nurse')).map((u) => ({ value: u.id, label: `${u.username} (${u.role})` }))} />
            <Button disabled={userId === null} loading={assign.isPending} onClick={() => { if (userId !== null) assign.mutate({ userId, assigned: true }); }}>Assign</Button>
          </Group>
          {who.isError ? <ErrorState message={errorMessage(who.error)} /> : <DataTable data={who.data ?? []} columns={columns} caption="Who can see this patient" getRowId={(u) => u.userId} emptyTitle="Nobody is assigned" />}
          <Text size="xs" c="dimmed">Assignments are audited and appear in the privacy officer's reports.</Text>
        </Stack>
      )}
    </Stack>
  );
}
