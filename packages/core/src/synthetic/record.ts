/**
 * One patient's whole chart, generated from (seed, index) alone: the entry points other packages
 * use for the demo store, tests and benchmarks.
 */
import type { LanternResource, Patient } from '../fhir/types.ts';
import { createRng, STREAM } from './rng.ts';
import { buildDemographics, generatePatientOnly, type PatientOnly } from './patient.ts';
import { buildPlan, type Visit } from './plan.ts';
import { buildEncounter } from './encounters.ts';
import { buildAcuteCondition, buildChronicCondition } from './conditions.ts';
import { ref } from './fhir-builders.ts';
import type { AcuteKey } from './conditions-catalog.ts';
import { buildAllergies, chooseAllergens, drugsToAvoid } from './allergies.ts';
import { buildMedicationRequest, planMedications } from './medications.ts';
import { createPhysiology } from './physiology.ts';
import { buildVisitObservations, type VisitFindings } from './observations.ts';
import { buildNote, type NoteContext } from './notes.ts';
import { buildResultedOrders } from './resulted-orders.ts';
import { admissionVisit, buildAdmissionEncounter, type AdmissionSpec } from './admission.ts';
import type { Observation } from '../fhir/types.ts';
import { DAY, HOUR, YEAR } from './time.ts';

export interface GenerateOptions {
  seed: number;
  count: number;
  /** Index of the heavy patient; default 0; null for none. */
  heavyIndex?: number | null;
  /** Clock for dates, default 2026-11-01T12:00:00Z. */
  now?: string;
  /** First index to generate (default 0), so a data set can be generated in shards by several workers. */
  start?: number;
  /** Which patients are on a ward today (the demo's inpatients); none unless given. */
  admission?: (index: number) => AdmissionSpec | null;
}

export interface PatientRecord {
  index: number;
  patient: Patient;
  mrn: string;
  displayName: string;
  /** Everything for this patient except the Patient itself. */
  resources: LanternResource[];
}

export interface GeneratePatientOptions {
  seed: number;
  index: number;
  /** The heavy patient: thousands of observations, hundreds of notes, dozens of medications. */
  heavy?: boolean;
  now?: string;
  /** A stay in progress (ward, bed, attending, vitals every 8 hours); generated after everything else. */
  admission?: AdmissionSpec;
}

/** Typical charts keep up to this many notes (the most recent). */
const TYPICAL_MAX_NOTES = 15;

/** Most problem lists show a handful of problems; acute ones beyond this are left as visit reasons. */
const TYPICAL_MAX_CONDITIONS = 8;

export function generatePatient(opts: GeneratePatientOptions): PatientRecord {
  const heavy = opts.heavy ?? false;
  const d = buildDemographics({ seed: opts.seed, index: opts.index, heavy, ...(opts.now === undefined ? {} : { now: opts.now }) });
  const rng = createRng(opts.seed, opts.index, STREAM.clinical);
  const plan = buildPlan(rng, d, heavy);
  const patientRef = ref<Patient>('Patient', d.patientId);
  const resources: LanternResource[] = [];

  for (const v of plan.visits) resources.push(buildEncounter(v, patientRef, (v.startMs - d.birthMs) / YEAR < 18));

  for (const p of plan.chronic) resources.push(buildChronicCondition(rng, p, patientRef, plan));
  const acuteVisits = plan.visits.filter((v): v is Visit & { reason: { kind: 'acute'; acute: AcuteKey } } => v.reason.kind === 'acute');
  const acuteRoom = heavy ? acuteVisits.length : Math.max(0, TYPICAL_MAX_CONDITIONS - plan.chronic.length);
  for (const v of acuteVisits.slice(Math.max(0, acuteVisits.length - acuteRoom))) {
    resources.push(buildAcuteCondition(rng, v, v.reason.acute, patientRef, d.nowMs, d.birthMs));
  }

  const allergens = chooseAllergens(rng, plan);
  resources.push(...buildAllergies(rng, plan, allergens, patientRef));

  const courses = planMedications({ rng, plan, birthMs: d.birthMs, nowMs: d.nowMs, avoid: drugsToAvoid(allergens), gp: d.gp });
  for (const c of courses) resources.push(buildMedicationRequest(rng, c, patientRef, d.nowMs));

  const physio = createPhysiology(rng, d.sex, d.birthMs, plan, courses);
  const obsCtx = { rng, plan, physio, sex: d.sex, patientRef, courses, nowMs: d.nowMs };
  const noteCtx: NoteContext = { rng, plan, patientRef, courses, allergens, nowMs: d.nowMs };
  // Which visits get a note: all of them in the heavy chart; for others a share, always the latest.
  const last = plan.visits.length - 1;
  const noted = plan.visits.map((v, i) => heavy || i === last || rng.chance(v.cls === 'AMB' ? 0.5 : 0.9));
  let notesLeft = heavy ? Infinity : TYPICAL_MAX_NOTES;
  for (let i = last; i >= 0; i--) {
    if (noted[i] === true && notesLeft > 0) notesLeft--;
    else noted[i] = false;
  }
  const lastLab: VisitFindings['previous'] = {};
  let latestDraws: { visit: Visit; labs: Observation[] } | null = null;
  for (const v of plan.visits) {
    const { observations, findings } = buildVisitObservations(obsCtx, v);
    for (const o of observations) resources.push(o);
    const labs = observations.filter((o) => o.category?.[0]?.coding?.[0]?.code === 'laboratory');
    if (labs.length > 0) latestDraws = { visit: v, labs };
    findings.previous = { ...lastLab };
    for (const r of findings.labs) lastLab[r.key] = r;
    if (noted[v.seq] !== true) continue;
    resources.push(buildNote(noteCtx, v, findings, 0));
    if (heavy && v.cls === 'IMP') {
      for (let day = 1; v.startMs + day * DAY + 15 * HOUR < v.endMs; day++) resources.push(buildNote(noteCtx, v, findings, day));
    }
  }

  // The latest visit's blood draws as resulted orders (their own random stream: nothing above changes).
  if (latestDraws !== null) resources.push(...buildResultedOrders(createRng(opts.seed, opts.index, STREAM.orders), latestDraws.visit, latestDraws.labs, patientRef));

  // A stay in progress comes last, so a chart without one is exactly what it was before admissions existed.
  // Its vitals are charted every 8 hours, as the heavy chart's stays are. Only the vitals: the latest labs
  // (and the renal function CDS reads from them) stay those of the chart's resulted orders.
  if (opts.admission !== undefined) {
    const arng = createRng(opts.seed, opts.index, STREAM.admission);
    const v = admissionVisit(arng, plan, opts.admission);
    resources.push(buildAdmissionEncounter(v, opts.admission, patientRef));
    const stayCtx = { ...obsCtx, plan: { ...plan, heavy: true }, nowMs: opts.admission.nowMs };
    for (const o of buildVisitObservations(stayCtx, v).observations) {
      if (o.category?.[0]?.coding?.[0]?.code === 'vital-signs') resources.push(o);
    }
  }

  return { index: opts.index, patient: d.patient, mrn: d.mrn, displayName: d.displayName, resources };
}

/** Patients start..start+count-1 of a data set, one at a time, so 100,000 of them never sit in memory at once. */
export function* generatePatients(opts: GenerateOptions): Generator<PatientRecord> {
  const heavyIndex = opts.heavyIndex === undefined ? 0 : opts.heavyIndex;
  const start = opts.start ?? 0;
  for (let index = start; index < start + opts.count; index++) {
    const admission = opts.admission?.(index) ?? undefined;
    yield generatePatient({ seed: opts.seed, index, heavy: index === heavyIndex, ...(opts.now === undefined ? {} : { now: opts.now }), ...(admission === undefined ? {} : { admission }) });
  }
}

/**
 * The cheap path over a data set: the same Patient resources `generatePatients` yields (including
 * the heavy patient's, whose age differs), without the clinical record. For search indexes and
 * benchmarks over 100,000 patients.
 */
export function* generatePatientsOnly(opts: GenerateOptions): Generator<PatientOnly & { index: number }> {
  const heavyIndex = opts.heavyIndex === undefined ? 0 : opts.heavyIndex;
  const start = opts.start ?? 0;
  for (let index = start; index < start + opts.count; index++) {
    yield { index, ...generatePatientOnly({ seed: opts.seed, index, heavy: index === heavyIndex, ...(opts.now === undefined ? {} : { now: opts.now }) }) };
  }
}
