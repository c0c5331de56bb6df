import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import type { AllergyIntolerance, ChartLists, Condition, Encounter, MedicationRequest } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { DataTable } from '../design/DataTable.tsx';
import { ErrorState } from '../design/ErrorState.tsx';
import { LoadingSkeleton } from '../design/LoadingSkeleton.tsx';
import { StatusBadge } from '../design/StatusBadge.tsx';
import { conceptText, dosageText, formatDate, formatDateTime } from '../format/format.ts';

function useLists(patientId: string) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.lists(patientId), queryFn: () => api.chart.lists(patientId) });
}

function WithLists({ patientId, children }: { patientId: string; children: (l: ChartLists) => React.ReactNode }) {
  const q = useLists(patientId);
  if (q.isError) return <ErrorState message={errorMessage(q.error)} onRetry={() => void q.refetch()} />;
  if (q.data === undefined) return <LoadingSkeleton rows={3} />;
  return <>{children(q.data)}</>;
}

const PROBLEM_COLUMNS: ColumnDef<Condition, unknown>[] = [
  { id: 'problem', header: 'Problem', accessorFn: (c) => conceptText(c.code), meta: { rowHeader: true } },
  { id: 'status', header: 'Status', accessorFn: (c) => conceptText(c.clinicalStatus) },
  { id: 'onset', header: 'Onset', accessorFn: (c) => c.onsetDateTime ?? '', cell: ({ row }) => formatDate(row.original.onsetDateTime), meta: { nowrap: true } },
  { id: 'recorded', header: 'Recorded', accessorFn: (c) => c.recordedDate ?? '', cell: ({ row }) => formatDate(row.original.recordedDate), meta: { nowrap: true } },
];

export function ProblemsTab({ patientId }: { patientId: string }) {
  return (
    <WithLists patientId={patientId}>
      {(l) => <DataTable data={l.problems} columns={PROBLEM_COLUMNS} caption="Problems" getRowId={(c) => c.id ?? ''} emptyTitle="No problems recorded." />}
    </WithLists>
  );
}

const MEDICATION_COLUMNS: ColumnDef<MedicationRequest, unknown>[] = [
  { id: 'medication', header: 'Medication', accessorFn: (m) => conceptText(m.medicationCodeableConcept), meta: { rowHeader: true } },
  { id: 'dose', header: 'Dose', accessorFn: (m) => dosageText(m.dosageInstruction) },
  { id: 'status', header: 'Status', accessorFn: (m) => m.status },
  { id: 'ordered', header: 'Ordered', accessorFn: (m) => m.authoredOn ?? '', cell: ({ row }) => formatDate(row.original.authoredOn), meta: { nowrap: true } },
];

export function MedicationsTab({ patientId }: { patientId: string }) {
  return (
    <WithLists patientId={patientId}>
      {(l) => <DataTable data={l.medications} columns={MEDICATION_COLUMNS} caption="Medications" getRowId={(m) => m.id ?? ''} emptyTitle="No medications recorded." />}
    </WithLists>
  );
}

const ALLERGY_COLUMNS: ColumnDef<AllergyIntolerance, unknown>[] = [
  { id: 'substance', header: 'Substance', accessorFn: (a) => conceptText(a.code), meta: { rowHeader: true } },
  {
    id: 'criticality', header: 'Criticality', accessorFn: (a) => a.criticality ?? '',
    cell: ({ row }) => (row.original.criticality === 'high' ? <StatusBadge status="critical">High</StatusBadge> : (row.original.criticality ?? '—')),
  },
  { id: 'reaction', header: 'Reaction', accessorFn: (a) => a.reaction?.flatMap((r) => r.manifestation.map(conceptText)).join(', ') || '—' },
  { id: 'status', header: 'Status', accessorFn: (a) => conceptText(a.clinicalStatus) },
];

export function AllergiesTab({ patientId, status }: { patientId: string; status: 'has-allergies' | 'nka' | 'not-recorded' }) {
  return (
    <WithLists patientId={patientId}>
      {(l) => status === 'not-recorded' ? <p>Allergies not recorded. Ask the patient and record the answer.</p> : (
        <DataTable data={l.allergies} columns={ALLERGY_COLUMNS} caption="Allergies and intolerances" getRowId={(a) => a.id ?? ''} emptyTitle="No known allergies." />
      )}
    </WithLists>
  );
}

export function EncountersTab({ encounters }: { encounters: Encounter[] }) {
  const [limit, setLimit] = useState(50);
  const columns = useMemo<ColumnDef<Encounter, unknown>[]>(() => [
    { id: 'start', header: 'Start', accessorFn: (e) => e.period?.start ?? '', cell: ({ row }) => formatDateTime(row.original.period?.start), meta: { nowrap: true, rowHeader: true } },
    { id: 'end', header: 'End', accessorFn: (e) => e.period?.end ?? '', cell: ({ row }) => formatDateTime(row.original.period?.end), meta: { nowrap: true } },
    { id: 'class', header: 'Class', accessorFn: (e) => e.class.display ?? e.class.code ?? '—' },
    { id: 'type', header: 'Type', accessorFn: (e) => conceptText(e.type?.[0]) },
    { id: 'status', header: 'Status', accessorFn: (e) => e.status },
  ], []);
  return (
    <>
      <DataTable data={encounters.slice(0, limit)} columns={columns} caption="Encounters, newest first" getRowId={(e) => e.id ?? ''} emptyTitle="No encounters." />
      {encounters.length > limit && (
        <Button variant="subtle" size="xs" onClick={() => setLimit(limit + 50)}>
          Show {Math.min(50, encounters.length - limit)} more of {encounters.length - limit} older encounters
        </Button>
      )}
    </>
  );
}
