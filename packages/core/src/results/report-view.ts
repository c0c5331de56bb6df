/**
 * What the results screens show of one DiagnosticReport: its title, when it was issued, who ordered
 * it, each result with its flag and range, the worst grade, and whether (and by whom) it was
 * acknowledged. Built from the FHIR resources alone, so the workstation shows the same thing online
 * and offline.
 */
import type { DiagnosticReport, Observation, ServiceRequest } from '../fhir/types.ts';
import { acknowledgementState, type Acknowledged } from './acknowledgement.ts';
import { gradeOf, worstGrade, type ResultGrade } from './grading.ts';
import { basedOnOrderIds, reportStage } from './result-status.ts';

export interface ResultValue {
  observationId: string;
  label: string;
  /** The number, or null for a coded or text result (then `text` says it). */
  value: number | null;
  text: string | null;
  unit: string;
  interpretation: string | null;
  grade: ResultGrade;
  referenceRange: { low: number | null; high: number | null } | null;
}

export interface ResultReportView {
  reportId: string;
  patientId: string;
  orderId: string | null;
  title: string;
  stage: 'in-progress' | 'resulted';
  issued: string;
  effective: string | null;
  conclusion: string | null;
  orderedBy: string | null;
  /** Practitioner/<id> of whoever ordered it (the inbox it lands in). */
  orderedByRef: string | null;
  grade: ResultGrade;
  values: ResultValue[];
  acknowledged: Acknowledged | null;
  /** The report's version (meta.versionId) as stored: what an acknowledgement now records. */
  version: string | null;
  /** The lab corrected or amended the report (a status a clinician must see named). */
  revised: 'corrected' | 'amended' | null;
  /** Not acknowledged now, but an earlier version was: the values changed since that acknowledgement. */
  changedSinceAcknowledged: Acknowledged | null;
}

export function resultValueOf(o: Observation): ResultValue {
  const code = o.interpretation?.[0]?.coding?.[0]?.code ?? null;
  const rr = o.referenceRange?.[0];
  const range = rr === undefined ? null : { low: rr.low?.value ?? null, high: rr.high?.value ?? null };
  return {
    observationId: o.id ?? '',
    label: o.code.text ?? o.code.coding?.[0]?.display ?? 'Result',
    value: o.valueQuantity?.value ?? null,
    text: o.valueQuantity === undefined ? (o.valueString ?? o.valueCodeableConcept?.text ?? null) : null,
    unit: o.valueQuantity?.unit ?? '',
    interpretation: code,
    grade: gradeOf(code),
    referenceRange: range !== null && range.low === null && range.high === null ? null : range,
  };
}

/** A text conclusion the performer flagged abnormal (imaging, ECG) carries the report's own interpretation. */
function conclusionGrade(r: DiagnosticReport): ResultGrade {
  const code = r.conclusionCode?.[0]?.coding?.[0]?.code;
  return gradeOf(code);
}

/**
 * The view of `report`, or null when it no longer counts (cancelled, entered in error).
 * `observations` may hold more than the report's own results: only those it references are used.
 */
export function reportView(
  report: DiagnosticReport, patientId: string, observations: ReadonlyMap<string, Observation>, order: ServiceRequest | undefined, acks: readonly Acknowledged[] | undefined,
): ResultReportView | null {
  const stage = reportStage(report.status);
  if (stage === null) return null;
  const version = report.meta?.versionId ?? null;
  const ack = acknowledgementState(acks, version);
  const values = (report.result ?? [])
    .map((r) => observations.get((r.reference ?? '').replace(/^Observation\//, '')))
    .filter((o): o is Observation => o !== undefined)
    .map(resultValueOf);
  return {
    reportId: report.id ?? '',
    patientId,
    orderId: basedOnOrderIds(report)[0] ?? null,
    title: report.code.text ?? report.code.coding?.[0]?.display ?? 'Result',
    stage,
    issued: report.issued ?? report.meta?.lastUpdated ?? report.effectiveDateTime ?? '',
    effective: report.effectiveDateTime ?? null,
    conclusion: report.conclusion ?? null,
    orderedBy: order?.requester?.display ?? null,
    orderedByRef: order?.requester?.reference ?? null,
    grade: worstGrade([...values.map((v) => v.grade), conclusionGrade(report)]),
    values,
    acknowledged: ack.current,
    version,
    revised: report.status === 'corrected' || report.status === 'amended' ? report.status : null,
    changedSinceAcknowledged: ack.superseded,
  };
}
