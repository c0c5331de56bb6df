import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ChartLists, Encounter } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { conceptText, dosageText, formatDate, formatDateTime } from '../format/format.ts';

function useLists(patientId: string) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.lists(patientId), queryFn: () => api.chart.lists(patientId) });
}

function WithLists({ patientId, children }: { patientId: string; children: (l: ChartLists) => React.ReactNode }) {
  const q = useLists(patientId);
  if (q.isError) return <p role="alert" className="error">{errorMessage(q.error)}</p>;
  if (q.data === undefined) return <p className="muted">Loading…</p>;
  return <>{children(q.data)}</>;
}

export function ProblemsTab({ patientId }: { patientId: string }) {
  return (
    <WithLists patientId={patientId}>
      {(l) => l.problems.length === 0 ? <p className="muted">No problems recorded.</p> : (
        <table className="data-table">
          <caption>Problems</caption>
          <thead><tr><th scope="col">Problem</th><th scope="col">Status</th><th scope="col">Onset</th><th scope="col">Recorded</th></tr></thead>
          <tbody>{l.problems.map((c) => (
            <tr key={c.id}><th scope="row">{conceptText(c.code)}</th><td>{conceptText(c.clinicalStatus)}</td><td>{formatDate(c.onsetDateTime)}</td><td>{formatDate(c.recordedDate)}</td></tr>
          ))}</tbody>
        </table>
      )}
    </WithLists>
  );
}

export function MedicationsTab({ patientId }: { patientId: string }) {
  return (
    <WithLists patientId={patientId}>
      {(l) => l.medications.length === 0 ? <p className="muted">No medications recorded.</p> : (
        <table className="data-table">
          <caption>Medications</caption>
          <thead><tr><th scope="col">Medication</th><th scope="col">Dose</th><th scope="col">Status</th><th scope="col">Ordered</th></tr></thead>
          <tbody>{l.medications.map((m) => (
            <tr key={m.id}><th scope="row">{conceptText(m.medicationCodeableConcept)}</th><td>{dosageText(m.dosageInstruction)}</td><td>{m.status}</td><td>{formatDate(m.authoredOn)}</td></tr>
          ))}</tbody>
        </table>
      )}
    </WithLists>
  );
}

export function AllergiesTab({ patientId, status }: { patientId: string; status: 'has-allergies' | 'nka' | 'not-recorded' }) {
  return (
    <WithLists patientId={patientId}>
      {(l) => status === 'not-recorded' ? <p>Allergies not recorded. Ask the patient and record the answer.</p> : (
        <table className="data-table">
          <caption>Allergies and intolerances</caption>
          <thead><tr><th scope="col">Substance</th><th scope="col">Criticality</th><th scope="col">Reaction</th><th scope="col">Status</th></tr></thead>
          <tbody>{l.allergies.map((a) => (
            <tr key={a.id}>
              <th scope="row">{conceptText(a.code)}</th>
              <td>{a.criticality ?? '—'}</td>
              <td>{a.reaction?.flatMap((r) => r.manifestation.map(conceptText)).join(', ') || '—'}</td>
              <td>{conceptText(a.clinicalStatus)}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </WithLists>
  );
}

export function EncountersTab({ encounters }: { encounters: Encounter[] }) {
  const [limit, setLimit] = useState(50);
  if (encounters.length === 0) return <p className="muted">No encounters.</p>;
  return (
    <>
    <table className="data-table">
      <caption>Encounters, newest first</caption>
      <thead><tr><th scope="col">Start</th><th scope="col">End</th><th scope="col">Class</th><th scope="col">Type</th><th scope="col">Status</th></tr></thead>
      <tbody>{encounters.slice(0, limit).map((e) => (
        <tr key={e.id}>
          <th scope="row">{formatDateTime(e.period?.start)}</th>
          <td>{formatDateTime(e.period?.end)}</td>
          <td>{e.class.display ?? e.class.code ?? '—'}</td>
          <td>{conceptText(e.type?.[0])}</td>
          <td>{e.status}</td>
        </tr>
      ))}</tbody>
    </table>
    {encounters.length > limit && (
      <button type="button" className="link" onClick={() => setLimit(limit + 50)}>
        Show {Math.min(50, encounters.length - limit)} more of {encounters.length - limit} older encounters
      </button>
    )}
    </>
  );
}
