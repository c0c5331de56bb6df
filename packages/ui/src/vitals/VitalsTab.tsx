import { lazy, Suspense, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Role } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { displayUnit, formatDateTime } from '../format/format.ts';
import { InterpretationFlag } from './InterpretationFlag.tsx';
import { RecordVitalsForm } from './RecordVitalsForm.tsx';
import { VitalsTable } from './VitalsTable.tsx';
import { rangeText } from './VitalValue.tsx';

// The chart library is the largest part of the screens: loaded when the first trend is shown, so it
// does not slow sign-in or the first chart open.
const LabTrendChart = lazy(async () => ({ default: (await import('./LabTrendChart.tsx')).LabTrendChart }));

const CAN_RECORD: Record<Role, boolean> = { physician: true, nurse: true, billing: false, privacy_officer: false, admin: false, registrar: false };

export function VitalsTab({ patientId, role }: { patientId: string; role: Role }) {
  const api = useApi();
  const [recording, setRecording] = useState(false);
  const [labIndex, setLabIndex] = useState(0);
  const obs = useQuery({ queryKey: queryKeys.observations(patientId), queryFn: () => api.chart.observations(patientId) });
  if (obs.isError) return <p role="alert" className="error">{errorMessage(obs.error)}</p>;
  if (obs.data === undefined) return <p className="muted">Loading vitals and labs…</p>;
  const { vitals, labs } = obs.data;
  const lab = labs[Math.min(labIndex, labs.length - 1)];
  return (
    <div className="vitals-tab">
      <section aria-labelledby="vitals-h">
        <div className="section-head">
          <h2 id="vitals-h">Vital signs</h2>
          {CAN_RECORD[role] && !recording && (
            <button type="button" className="primary" onClick={() => setRecording(true)}>
              Record vitals
            </button>
          )}
        </div>
        {recording && <RecordVitalsForm patientId={patientId} onDone={() => setRecording(false)} />}
        <VitalsTable vitals={vitals.slice(0, 60)} caption="Vital signs, newest first" />
      </section>
      <section aria-labelledby="labs-h">
        <h2 id="labs-h">Labs</h2>
        {labs.length === 0 || lab === undefined ? (
          <p className="muted">No lab results.</p>
        ) : (
          <>
            <label htmlFor="lab-select">Lab</label>{' '}
            <select id="lab-select" value={Math.min(labIndex, labs.length - 1)} onChange={(e) => setLabIndex(Number(e.target.value))}>
              {labs.map((s, i) => (
                <option key={s.loinc} value={i}>
                  {s.label} ({displayUnit(s.unit)})
                </option>
              ))}
            </select>
            <Suspense fallback={<div className="trend-placeholder" aria-hidden="true" />}>
              <LabTrendChart series={lab} />
            </Suspense>
            <table className="data-table">
              <caption>{lab.label} results, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Value</th>
                  <th scope="col">Flag</th>
                  <th scope="col">Reference range</th>
                </tr>
              </thead>
              <tbody>
                {[...lab.points].sort((a, b) => b.effective.localeCompare(a.effective)).slice(0, 40).map((p) => (
                  <tr key={p.observationId}>
                    <th scope="row">{formatDateTime(p.effective)}</th>
                    <td>{p.value} {displayUnit(p.unit)}</td>
                    <td><InterpretationFlag interpretation={p.interpretation} /></td>
                    <td>{rangeText(p.referenceRange)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  );
}
