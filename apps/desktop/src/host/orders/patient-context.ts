/**
 * The CDS engine's PatientContext from the local chart store, offline: active medications,
 * allergies, active problems, the latest labs (full Observations, so eGFR/creatinine reach the
 * renal rule) and the latest weight. Not included yet: recent ServiceRequests (the store has no
 * query for them), so the duplicate-order rule sees only the drafts themselves.
 */
import { LanternError, err, ok, type LanternResource, type Result } from '@lantern/core';
import { buildPatientContext, BODY_WEIGHT_LOINC, type PatientContext } from '@lantern/core/cds';
import type { ReadableStore } from '../store/local-store.ts';

const must = <T>(r: Result<T, LanternError>): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

export function patientContextFromStore(store: ReadableStore, patientId: string, now: Date): Result<PatientContext, LanternError> {
  try {
    const patient = must(store.getResource(patientId));
    if (patient?.resourceType !== 'Patient') return err(new LanternError('NOT_FOUND', 'The patient is not on this workstation'));
    const resources: LanternResource[] = [
      ...must(store.activeMedications(patientId)),
      ...must(store.allergies(patientId)).allergies,
      ...must(store.activeProblems(patientId)),
    ];
    const observationIds = [
      ...must(store.recentLabs(patientId)).map((l) => l.observationId),
      ...must(store.latestVitals(patientId)).filter((v) => (BODY_WEIGHT_LOINC as readonly string[]).includes(v.loinc)).map((v) => v.observationId),
    ];
    for (const id of observationIds) {
      const o = must(store.getResource(id));
      if (o !== null) resources.push(o);
    }
    return ok(buildPatientContext(resources, patient, now.toISOString()));
  } catch (e) {
    return err(e instanceof LanternError ? e : new LanternError('INTERNAL', 'Could not read the chart for decision support', { cause: e }));
  }
}
