import { useState } from 'react';
import { Button, Checkbox, Group, Select, Stack, Text } from '@mantine/core';
import { IconFileTypeCsv, IconFileTypePdf } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { AccessQueryInput, PatientLabel } from '../api/features/privacy-api.ts';
import { errorMessage } from '../api/WorkstationApi.ts';
import { DisabledReason, ErrorState, LoadingSkeleton, notify, PageHeader } from '../design/index.ts';
import { formatDate } from '../format/format.ts';
import { AccessTable, actionLabel } from './AccessTable.tsx';
import { lastDays, toInstants, validRange, type DayRange } from './date-range.ts';
import { DateRangeFields } from './DateRangeFields.tsx';
import { downloadBase64 } from './download.ts';
import { PatientPicker } from './PatientPicker.tsx';

const ACTIONS = ['chart-view', 'resource-read', 'search', 'resource-create', 'resource-update', 'note-sign', 'order-sign', 'cds-override', 'break-glass', 'export'];
type Outcome = 'success' | 'denied' | 'failure';

/**
 * Who looked at this patient, when, from where and why (HIPAA 164.308(a)(1)(ii)(D)): every access
 * in a date range, including offline chart views synced later, filtered and sorted; exported as CSV
 * or a printable PDF stamped with the officer, the query and the audit chain status.
 */
export function PatientAccessReport() {
  const api = useApi();
  const [patient, setPatient] = useState<PatientLabel | null>(null);
  const [range, setRange] = useState<DayRange>(() => lastDays(30));
  const [action, setAction] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [breakGlassOnly, setBreakGlassOnly] = useState(false);
  const query: AccessQueryInput | null = patient === null || !validRange(range) ? null : {
    patientId: patient.patientId, ...toInstants(range), breakGlassOnly, sort: 'time-desc', limit: 5000,
    ...(action === null ? {} : { actions: [action] }), ...(outcome === null ? {} : { outcome }),
  };
  const report = useQuery({ queryKey: ['privacy', 'patientAccess', query], queryFn: () => api.privacy.patientAccess(query as AccessQueryInput), enabled: query !== null });
  const exporter = useMutation({
    mutationFn: (format: 'csv' | 'pdf') => {
      if (query === null) throw new Error('unreachable: export without a query');
      const { patientId, ...rest } = query;
      return api.privacy.exportAccess({ ...rest, subject: { kind: 'patient', patientId }, format });
    },
    onSuccess: (file) => { downloadBase64(file); notify('success', `${file.filename}: ${file.rows} accesses`, 'Report exported'); },
    onError: (e) => notify('error', errorMessage(e), 'Export failed'),
  });
  const noQuery = query === null ? 'Choose a patient and a valid date range first' : null;
  return (
    <Stack gap="sm">
      <PageHeader title="Patient access report" description="Every access to one patient's record: who, in which role, from which workstation, when and why."
        actions={<>
          <DisabledReason reason={noQuery}><Button variant="default" leftSection={<IconFileTypeCsv size={16} />} loading={exporter.isPending && exporter.variables === 'csv'} onClick={() => exporter.mutate('csv')}>Export CSV</Button></DisabledReason>
          <DisabledReason reason={noQuery}><Button variant="default" leftSection={<IconFileTypePdf size={16} />} loading={exporter.isPending && exporter.variables === 'pdf'} onClick={() => exporter.mutate('pdf')}>Export PDF</Button></DisabledReason>
        </>} />
      <PatientPicker label="Patient" find={(text) => api.privacy.findPatients({ text })} onPick={setPatient} picked={patient} />
      <Group gap="sm" align="flex-end">
        <DateRangeFields value={range} onChange={setRange} />
        <Select label="Action" placeholder="All actions" clearable data={ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))} value={action} onChange={setAction} w={190} />
        <Select label="Outcome" placeholder="All outcomes" clearable data={[{ value: 'success', label: 'Allowed' }, { value: 'denied', label: 'Denied' }, { value: 'failure', label: 'Failed' }]}
          value={outcome} onChange={(v) => setOutcome(v === 'success' || v === 'denied' || v === 'failure' ? v : null)} w={160} />
        <Checkbox label="Break-glass only" checked={breakGlassOnly} onChange={(e) => setBreakGlassOnly(e.currentTarget.checked)} mb={8} />
      </Group>
      {patient !== null && (
        <Text size="sm" fw={600} aria-live="polite">
          {patient.name} · MRN {patient.mrn ?? '—'} · born {formatDate(patient.birthDate)}{report.data !== undefined ? ` · ${report.data.rows.length} accesses` : ''}
        </Text>
      )}
      {query === null ? null : report.isPending ? <LoadingSkeleton label="Loading the access report" /> : report.isError
        ? <ErrorState message={errorMessage(report.error)} onRetry={() => void report.refetch()} />
        : <AccessTable rows={report.data.rows} caption={`Accesses to ${patient?.name ?? 'the patient'}`} />}
    </Stack>
  );
}
