import { lazy, Suspense, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Group, Select, SimpleGrid, Stack, Title } from '@mantine/core';
import { canSignOrders, type LabSeries, type Role } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { ErrorState } from '../design/ErrorState.tsx';
import { LoadingSkeleton } from '../design/LoadingSkeleton.tsx';
import { displayUnit } from '../format/format.ts';
import { LabFlowsheet } from '../results/LabFlowsheet.tsx';
import { PatientResults } from '../results/PatientResults.tsx';
import { LabValuesTable } from './LabValuesTable.tsx';
import { RecordVitalsForm } from './RecordVitalsForm.tsx';
import { VitalsTable } from './VitalsTable.tsx';

// The chart library is the largest part of the screens: loaded when the first trend is shown, so it
// does not slow sign-in or the first chart open.
const LabTrendChart = lazy(async () => ({ default: (await import('./LabTrendChart.tsx')).LabTrendChart }));

/** LOINC: blood-pressure panel, and its systolic and diastolic components (http://hl7.org/fhir/R4/bp.html). */
const BP_PANEL = '85354-9';
const BP_PARTS = ['8480-6', '8462-4'] as const;

const CAN_RECORD: Record<Role, boolean> = { physician: true, nurse: true, billing: false, privacy_officer: false, admin: false, registrar: false };

/**
 * Vitals and labs: the latest vitals and their history, a lab flowsheet (tests by date) beside the
 * selected test's time-scaled trend, the selected test's values, and the patient's lab and imaging
 * orders with their results.
 */
export function VitalsTab({ patientId, role }: { patientId: string; role: Role }) {
  const api = useApi();
  const [recording, setRecording] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  const obs = useQuery({ queryKey: queryKeys.observations(patientId), queryFn: () => api.chart.observations(patientId) });
  const split = useMemo(() => {
    if (obs.data === undefined) return null;
    // Blood pressure comes as a panel (85354-9) in the latest vitals and as systolic and diastolic series.
    const vitalCodes = new Set(obs.data.vitals.flatMap((v) => (v.loinc === BP_PANEL ? [v.loinc, ...BP_PARTS] : [v.loinc])));
    const labs: LabSeries[] = obs.data.labs.filter((s) => !vitalCodes.has(s.loinc));
    const vitals: LabSeries[] = obs.data.labs.filter((s) => vitalCodes.has(s.loinc));
    return { labs, vitals };
  }, [obs.data]);
  if (obs.isError) return <ErrorState message={errorMessage(obs.error)} onRetry={() => void obs.refetch()} />;
  if (obs.data === undefined || split === null) return <LoadingSkeleton label="Loading vitals and labs…" />;
  const { labs, vitals: vitalSeries } = split;
  // The trend follows the test or vital picked in either flowsheet (blood pressure included).
  const trendable = [...labs, ...vitalSeries];
  const lab = trendable.find((s) => s.loinc === picked) ?? labs[0];
  return (
    <Stack gap="lg" className="vitals-tab">
      <section aria-labelledby="vitals-h">
        <Group justify="space-between" mb="xs">
          <Title order={2} id="vitals-h">Vital signs</Title>
          {CAN_RECORD[role] && !recording && <Button onClick={() => setRecording(true)}>Record vitals</Button>}
        </Group>
        {recording && <RecordVitalsForm patientId={patientId} onDone={() => setRecording(false)} />}
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <VitalsTable vitals={obs.data.vitals.slice(0, 60)} caption="Vital signs, latest of each" />
          <div>
            <Title order={3} size="h4" mb={4}>Vitals history</Title>
            <LabFlowsheet series={vitalSeries} caption="Vital signs by date, newest first" onPick={setPicked} maxDates={8} />
          </div>
        </SimpleGrid>
      </section>
      <section aria-labelledby="labs-h">
        <Title order={2} id="labs-h" mb="xs">Labs</Title>
        {labs.length === 0 || lab === undefined ? (
          <p className="muted">No lab results.</p>
        ) : (
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <div>
              <Title order={3} size="h4" mb={4}>Flowsheet</Title>
              <LabFlowsheet series={labs} caption="Lab results by date, newest first" onPick={setPicked} maxDates={8} />
            </div>
            <Stack gap="xs">
              <Select
                label="Trend" data={trendable.map((s) => ({ value: s.loinc, label: `${s.label} (${displayUnit(s.unit)})` }))} value={lab.loinc}
                onChange={(v) => setPicked(v)} allowDeselect={false} searchable maw={360}
              />
              <Suspense fallback={<div className="trend-placeholder" aria-hidden="true" />}>
                <LabTrendChart series={lab} />
              </Suspense>
              <LabValuesTable series={lab} />
            </Stack>
          </SimpleGrid>
        )}
      </section>
      <section aria-labelledby="orders-results-h">
        <PatientResults patientId={patientId} canAcknowledge={canSignOrders(role) || role === 'nurse'} />
      </section>
    </Stack>
  );
}
